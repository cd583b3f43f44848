import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shapes of the AWS names collect turns into folder names and call arguments.
public enum AWSNames {
    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `us-isob-east-1`, `cn-north-1`: two
    /// letters, one or more words of letters, a number, joined by `-`. A pattern rather than
    /// a list, so that a region opened after this release is collected.
    public static func isRegion(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard text.utf8.count <= 40, parts.count >= 3 else { return false }
        let letters = { (part: Substring.UTF8View.SubSequence) in
            !part.isEmpty && part.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        }
        guard parts[0].count == 2, parts.dropFirst().dropLast().allSatisfy(letters) else { return false }
        return parts[0].allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
            && !parts[parts.count - 1].isEmpty
            && parts[parts.count - 1].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// An ID from data that becomes a call's argument and a file name: ASCII letters, digits
    /// and hyphens, at most 128 (a hosted zone's `Z0155203UL4V6R2VSKS0`).
    public static func isSafeID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 128
            && text.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
            }
    }

    /// An AWS account ID: exactly 12 ASCII digits.
    public static func isAccount(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

/// The `--out` folder, and every folder collect makes in it. Folder names come from data (the
/// account ID `sts get-caller-identity` prints, region names from the environment or a
/// profile): each is made one level at a time, and each level is checked, after symbolic
/// links are resolved, to be inside the folder given. Nothing is written, and nothing cleaned
/// up, anywhere else.
struct OutputFolder: Sendable {
    /// The folder as given (made absolute): the paths in the summary are relative to it.
    let root: URL
    /// `root` with every symbolic link resolved: what "inside" is measured against.
    let resolvedRoot: String

    /// Refuses, before anything runs, an `--out` that is a file or under one.
    static func checkNotAFile(_ path: String) throws(CollectError) {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT != S_IFDIR {
                throw CollectError.cannotWrite(path, reason: "it is a file, not a folder (--out takes a folder)")
            }
        } else if errno == ENOTDIR {
            throw CollectError.cannotWrite(path, reason: "a part of the path is a file, not a folder")
        }
    }

    /// Makes `path` (and its parents) if needed and resolves it.
    init(_ path: String) throws(CollectError) {
        try Self.checkNotAFile(path)
        root = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw CollectError.cannotWrite(path, reason: Self.reason(error))
        }
        guard let resolved = Self.realPath(root.path) else {
            throw CollectError.cannotWrite(path, reason: String(cString: strerror(errno)))
        }
        resolvedRoot = resolved
    }

    /// The folder `components` below the root, made level by level, each level checked to be
    /// a folder inside the root. A component must be one plain name (no `/`, not `.` or `..`).
    func folder(_ components: [String]) throws(CollectError) -> URL {
        var url = root
        for component in components {
            guard !component.isEmpty, component != ".", component != "..", !component.contains("/"),
                !component.utf8.contains(0)
            else {
                throw CollectError.outsideOutput(url.appendingPathComponent(component).path, root: root.path)
            }
            url = url.appendingPathComponent(component)
            try makeDirectory(url)
        }
        return url
    }

    /// `folder(_:)` for a URL built below the root.
    func folder(at url: URL) throws(CollectError) -> URL {
        let base = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path == base || path.hasPrefix(base == "/" ? "/" : base + "/") else {
            throw CollectError.outsideOutput(url.path, root: root.path)
        }
        let rest = path.dropFirst(base.count).split(separator: "/").map(String.init)
        return try folder(rest)
    }

    /// Refuses `url` when it exists and, once its links are resolved, is not inside the root.
    func checkInside(_ url: URL) throws(CollectError) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        guard let resolved = Self.realPath(url.path),
            resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot == "/" ? "/" : resolvedRoot + "/")
        else {
            throw CollectError.outsideOutput(url.path, root: root.path)
        }
    }

    /// Makes one folder level (or finds it made), then checks where it really is.
    private func makeDirectory(_ url: URL) throws(CollectError) {
        var info = stat()
        if stat(url.path, &info) != 0 {
            if mkdir(url.path, 0o777) != 0 && errno != EEXIST {
                throw CollectError.cannotWrite(url.path, reason: String(cString: strerror(errno)))
            }
            guard stat(url.path, &info) == 0 else {
                // Still nothing there after mkdir said it exists: a link to a missing place.
                throw CollectError.cannotWrite(url.path, reason: "it is a symbolic link to a missing folder")
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw CollectError.cannotWrite(url.path, reason: "it is a file, not a folder")
        }
        try checkInside(url)
    }

    /// realpath(3): the path with every symbolic link, `.` and `..` resolved; nil when a part
    /// of it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What the system said about a failed file operation ("Not a directory", "Permission
    /// denied"), rather than Foundation's "NSCocoaErrorDomain error 512".
    static func reason(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        return error.localizedDescription
    }
}
