import Foundation
import MigcheckSyntax

/// Maps over an array on `LargeStack` worker threads, so that the parser
/// can run directly on them (`Parser.parse(_:onLargeStack: true)`).
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                              _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let state = State<R>(count: items.count)
        LargeStack.runConcurrently(threads: max(1, min(threads, items.count))) { _ in
            while let index = state.next() {
                state.store(transform(items[index]), at: index)
            }
        }
        return state.results.map { $0! }
    }

    private final class State<R>: @unchecked Sendable {
        let lock = NSLock()
        var cursor = 0
        let count: Int
        var results: [R?]

        init(count: Int) {
            self.count = count
            results = Array(repeating: nil, count: count)
        }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard cursor < count else { return nil }
            cursor += 1
            return cursor - 1
        }

        func store(_ value: R, at index: Int) {
            lock.lock()
            results[index] = value
            lock.unlock()
        }
    }
}
