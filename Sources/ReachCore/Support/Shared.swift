/// The stored fields of a model value, shared by its copies until one of them changes.
///
/// The solver and the audit read subnets, functions, security groups, databases and findings
/// out of dictionaries and arrays on every path, and each read is a copy. A struct of strings
/// and arrays costs a retain and a release per string and array on each copy, atomic ones,
/// contended between the cores; kept here, a copy is one retain of the box. Value semantics
/// stay: a change to a copy whose box is shared first copies the fields (`isKnownUniquelyReferenced`).
///
/// A type keeps its public stored-property API as computed properties over `value`:
///
/// ```swift
/// public struct Subnet {
///     private struct Fields: Hashable, Sendable { var id: String, ... }
///     private var fields: Shared<Fields>
///     public var id: String { get { fields.value.id } set { fields.value.id = newValue } }
/// }
/// ```
struct Shared<Value: Hashable & Sendable>: Hashable, Sendable {
    /// `@unchecked Sendable`: `value` changes only through `Shared.value`'s modify accessor,
    /// which first makes the box unique to the one value changing it. Exclusivity is unchecked
    /// for the same reason: no two accesses to a box's fields can overlap when one of them
    /// writes, and the dynamic check would cost more than the read it guards.
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    init(_ value: Value) { box = Box(value) }

    /// The fields: read in place (a property read loads one field, it does not copy them all);
    /// written after the box is made unique.
    var value: Value {
        _read { yield box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.box === rhs.box || lhs.box.value == rhs.box.value }

    func hash(into hasher: inout Hasher) { box.value.hash(into: &hasher) }
}
