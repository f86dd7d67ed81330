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
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Copied a chunk at a time, so the buffer never grows: a piece of
    /// megabytes (a field with 7,000 choices) made it grow to the piece's size,
    /// and faulting in those fresh pages cost more than the copy.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        var rest = bytes[...]
        while !rest.isEmpty {
            let taken = rest.prefix(ChunkedOutput.chunkSize - buffer.count)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: taken))
            rest = rest[taken.endIndex...]
            if buffer.count >= ChunkedOutput.chunkSize { flush() }
        }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        destination(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// One file's part of a report, made on a worker thread and handed to the
/// thread that writes the report, which reads its bytes in place.
protocol ReportPiece: Sendable {
    func withBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void)
}

extension Array: ReportPiece where Element == UInt8 {
    func withBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeBufferPointer(body)
    }
}
