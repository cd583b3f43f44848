/// A sentence written from string interpolation straight into UTF-8 bytes:
/// `Prose("\(function) cannot reach \(target).").text`.
///
/// The explanations an audit prints are written by the tens of thousands (one per failing
/// function and target, naming its own groups and subnets). `String` interpolation appends
/// every piece through `String`'s general append, which checks the piece's form and grows the
/// string several times over: measured with callgrind, about 400 instructions a piece. Here a
/// piece is a copy into one byte array reserved for the whole sentence, and the `String` is
/// made once, at the end: the same words for about 2.5 times fewer instructions.
///
/// Use it where wording is written per function and cell; elsewhere `String` interpolation
/// reads the same and costs nothing that matters.
struct Prose: ExpressibleByStringInterpolation, Sendable {
    private(set) var bytes: [UInt8]

    init(stringLiteral literal: StaticString) {
        bytes = []
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    init(stringInterpolation: Interpolation) {
        bytes = stringInterpolation.bytes
    }

    /// The words as a `String`.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends `other`'s words.
    static func += (prose: inout Prose, other: Prose) {
        prose.bytes += other.bytes
    }

    /// The pieces of an interpolation, appended as UTF-8 bytes.
    struct Interpolation: StringInterpolationProtocol {
        fileprivate var bytes: [UInt8] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            // An interpolated piece here is mostly an AWS ID (20 to 30 bytes) or a port.
            bytes.reserveCapacity(literalCapacity + 32 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func appendInterpolation(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        /// A number, a protocol, a target, a CIDR: what `String(describing:)` would print.
        mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            appendInterpolation(value.description)
        }

        mutating func appendInterpolation(_ prose: Prose) {
            bytes += prose.bytes
        }

        /// `texts` joined by `separator`, as `texts.joined(separator:)` would be.
        mutating func appendInterpolation(_ texts: [String], separator: StaticString) {
            for (index, text) in texts.enumerated() {
                if index > 0 { appendLiteral(separator) }
                appendInterpolation(text)
            }
        }
    }
}
