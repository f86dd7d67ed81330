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
