/// One column of the inventory, as schema.sql declares it: its table, its name and its place
/// among the table's columns.
///
/// Swift code names a column only through the constants generated from schema.sql
/// (`Schema.Subnets.vpcId`, by the EmbedSchema plugin), so that renaming a column there is a
/// compile error at every use rather than a value read from, or written to, the wrong place.
/// `position` is the index of the column's value in a `Row` of its table.
struct Column: Hashable, Sendable, CustomStringConvertible {
    let table: String
    let name: String
    let position: Int

    /// The name, as SQL is written with it: `"WHERE \(Schema.Subnets.vpcId) = ?"`.
    var description: String { name }
}
