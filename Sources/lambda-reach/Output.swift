import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output and standard error, every write checked. A report cut short by a full disk
/// or a closed descriptor must not pass for a whole one: when a write fails, the command stops
/// with exit status 2 and says so on standard error (while that still works). Foundation's
/// `FileHandle.write` traps instead, and the plain `write(2)` loop this replaces ignored errors.
enum Output {
    /// What the command had already done when output failed, added to the message: an import
    /// has committed by the time it prints its summary.
    nonisolated(unsafe) static var completedWork: String?

    /// Writes `buffer` to standard output, whole, or ends the process (see `failed`).
    static func standardOutput(_ buffer: UnsafeRawBufferPointer) {
        if let error = writeAll(STDOUT_FILENO, buffer) { failed(stream: "standard output", errno: error) }
    }

    /// Writes `text` to standard error, whole, or ends the process with status 2.
    static func standardError(_ text: String) {
        var text = text
        let error = text.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
        // Nothing is left to say where it went wrong: the status alone tells.
        if error != nil { _exit(2) }
    }

    /// `write(2)` until every byte is written; the errno of the write that failed, or nil.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    /// Ends the process after a failed write to `stream`. A reader that closed the pipe
    /// (`| head`) has all it wanted: the process ends as every Unix filter does then, by
    /// SIGPIPE (status 141 in the shell, which pipelines take as normal). Any other failure (a
    /// full disk, an I/O error, a closed descriptor) is exit status 2 and a message saying
    /// that the output is incomplete.
    static func failed(stream: String, errno error: Int32) -> Never {
        if error == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
            _exit(2)
        }
        let reason = String(cString: strerror(error))
        var message = "lambda-reach: error: cannot write to \(stream) (\(reason)): the output is incomplete"
        if let completedWork { message += "; \(completedWork)" }
        standardError(message + "\n")
        _exit(2)
    }

    /// Checks, when the process exits, what went through C's buffered standard output
    /// (ArgumentParser prints help and version there): a failed flush is exit status 2 too.
    /// `fflush(NULL)` flushes every output stream, C's `stdout` among them, without naming
    /// that global (which Swift 6 will not read from a closure).
    static func checkBufferedOutputAtExit() {
        atexit {
            errno = 0
            if fflush(nil) != 0 {
                Output.failed(stream: "standard output", errno: errno == 0 ? EIO : errno)
            }
        }
    }
}
