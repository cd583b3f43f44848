import CZlib

/// gzip files (AWS Config snapshots as S3 delivers them, `*.json.gz`), read whole.
enum Gzip {
    /// Whether `bytes` start with gzip's magic number.
    static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// The decompressed bytes of every member of a gzip file. `limit` bounds the output: a
    /// small file can expand a thousandfold.
    static func decompress(_ input: [UInt8], limit: Int = 4 << 30) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: zlib detects the gzip header itself.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count * 8))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { (source) throws(GzipError) in
            while true {
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + offset)
                stream.avail_in = UInt32(source.count - offset)
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                offset = source.count - Int(stream.avail_in)
                output += chunk[0..<produced]
                if output.count > limit { throw GzipError(message: "it expands to more than \(limit >> 20) MiB") }
                switch status {
                case Z_STREAM_END:
                    // Concatenated gzip members are one file.
                    guard offset < source.count, isCompressed(Array(source[offset...].prefix(2))) else { return }
                    inflateReset(&stream)
                case Z_OK:
                    if produced == 0 && stream.avail_in == 0 {
                        throw GzipError(message: "it ends before its compressed data does (truncated?)")
                    }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw GzipError(message: "it ends before its compressed data does (truncated?)")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw GzipError(message: "it is not valid gzip data (\(reason))")
                }
            }
        }
        return output
    }
}

/// Why a gzip file could not be read.
struct GzipError: Error {
    var message: String
}
