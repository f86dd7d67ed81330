#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps over an array on `LargeStack` worker threads, one per core, in the
/// order of the input: the parser can run directly on them
/// (`Parser.parse(_:onLargeStack: true)`), and so can the rule engine.
public enum ParallelMap {
    public static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    public static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int = cores,
                                                     _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let state = State<R>(count: items.count)
        LargeStack.runConcurrently(threads: max(1, min(threads, items.count))) { _ in
            // Items are handed out one at a time, so a few big files do not leave a core idle.
            while let index = state.next() {
                state.store(transform(items[index]), at: index)
            }
        }
        return state.results.map { $0! }
    }

    private final class State<R>: @unchecked Sendable {
        private var mutex = pthread_mutex_t()
        private var cursor = 0
        private let count: Int
        var results: [R?]

        init(count: Int) {
            self.count = count
            results = Array(repeating: nil, count: count)
            pthread_mutex_init(&mutex, nil)
        }

        deinit { pthread_mutex_destroy(&mutex) }

        func next() -> Int? {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            guard cursor < count else { return nil }
            cursor += 1
            return cursor - 1
        }

        func store(_ value: R, at index: Int) {
            pthread_mutex_lock(&mutex)
            results[index] = value
            pthread_mutex_unlock(&mutex)
        }
    }
}
