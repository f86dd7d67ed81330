#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Bytes handed to their destination in chunks of about 64 KiB as they are
/// made: a report of many megabytes is never joined into one buffer (copying
/// it and faulting in its pages cost more than writing it).
struct ChunkedOutput {
    static let chunkSize = 1 << 16
    private var buffer: [UInt8] = []
    private let destination: ([UInt8]) -> Void

    init(to destination: @escaping ([UInt8]) -> Void) {
        self.destination = destination
        buffer.reserveCapacity(ChunkedOutput.chunkSize)
    }

    mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= ChunkedOutput.chunkSize { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        destination(buffer)
        buffer.removeAll(keepingCapacity: true)
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
