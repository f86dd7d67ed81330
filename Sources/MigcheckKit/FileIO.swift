#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
private let systemClose = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
private let systemClose = Darwin.close
#endif

// Whole files in and out through the system calls, with their errors.

/// A whole file read with open(2) and read(2) straight into an array sized
/// by fstat(2): no `Data` to copy out of, and a failure says why (errno),
/// which Foundation's `contents(atPath:)` does not.
enum FileBytes {
    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    /// `regularOnly`: for files migcheck looks for itself (`apps.py`, the
    /// modules RunPython code is imported from), where a FIFO would block the
    /// run forever: it is opened without waiting and refused.
    static func read(_ path: String, regularOnly: Bool = false) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { throw Failure(code: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(code: errno) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw Failure(code: EISDIR) }
        guard !regularOnly || info.st_mode & S_IFMT == S_IFREG else { throw Failure(code: EINVAL) }
        var failure: Int32?
        // A byte more than stat's size: reading fewer proves the file whole.
        let expected = Int(info.st_size) + 1
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            initialized = fill(buffer, from: descriptor, whole: expected - 1, failure: &failure)
        }
        // A file that grew, or one stat gives no size for (a pipe): read on.
        while failure == nil && bytes.count >= expected {
            let more = [UInt8](unsafeUninitializedCapacity: 1 << 16) { buffer, initialized in
                initialized = fill(buffer, from: descriptor, failure: &failure)
            }
            bytes += more
            if more.count < 1 << 16 { break }
        }
        if let failure { throw Failure(code: failure) }
        return bytes
    }

    /// Reads until the buffer is full, the file ends or an error (left in
    /// `failure`). A short read that brings the count to `whole` bytes (the
    /// size stat gave) ends it too: the file is whole, and asking again for
    /// the end of file would cost a system call per file.
    private static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, from descriptor: Int32, whole: Int = .max,
                             failure: inout Int32?) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if n > 0 {
                filled += n
                if filled >= whole { break }
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = errno }
            break
        }
        return filled
    }
}

/// An open file descriptor written to the end of each buffer, across partial
/// writes and interrupted calls.
struct FileDescriptorOutput {
    let descriptor: Int32
    /// Set by the first failed write (errno); later writes are dropped.
    private(set) var failure: Int32?

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n; continue }
                if n < 0 && errno == EINTR { continue }
                failure = n < 0 ? errno : EIO
                return
            }
        }
    }
}

extension FileDescriptorOutput {
    /// A file created, or emptied, for writing.
    static func create(_ path: String) throws(FileBytes.Failure) -> FileDescriptorOutput {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileBytes.Failure(code: errno) }
        return FileDescriptorOutput(descriptor: descriptor)
    }

    /// Closes the file; the first write that failed, or the close, is the error.
    func close() throws(FileBytes.Failure) {
        let closed = systemClose(descriptor)
        if let failure { throw FileBytes.Failure(code: failure) }
        if closed != 0 { throw FileBytes.Failure(code: errno) }
    }

    /// A whole file written at once.
    static func write(_ bytes: [UInt8], to path: String) throws(FileBytes.Failure) {
        var file = try create(path)
        file.write(bytes)
        try file.close()
    }
}

extension FileBytes {
    /// Whether `path` is a folder (following links); nil when it does not exist.
    static func isFolder(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR
    }
}
