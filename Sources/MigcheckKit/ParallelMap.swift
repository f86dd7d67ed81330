import Foundation
import MigcheckSyntax

/// Maps over an array on worker threads with large stacks: parsing recurses
/// (boundedly), and the default 512 KiB of a secondary thread is too little
/// for the deepest input the parser accepts.
enum ParallelMap {
    static let stackSize = LargeStack.size

    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                              _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let state = State<R>(count: items.count)
        let workers = max(1, min(threads, items.count))
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            let thread = Thread {
                while let index = state.next() {
                    state.store(transform(items[index]), at: index)
                }
                done.signal()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        for _ in 0..<workers { done.wait() }
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
