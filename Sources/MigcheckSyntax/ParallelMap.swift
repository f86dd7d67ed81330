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

    @inlinable
    public static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int = cores,
                                                     _ transform: @escaping @Sendable (T) -> R) -> [R] {
        // Items are handed out one at a time, so a few big files do not leave a core idle.
        pipeline(threads: min(threads, items.count), produce: { emit in items.forEach(emit) }, transform)
    }
}

extension ParallelMap {
    /// Transforms items on worker threads while `produce` is still making
    /// them on this thread: a serial stage and a parallel one overlap. The
    /// results come back in the order the items were emitted. Inlinable, so
    /// that it is specialised for the caller's types: generic, each move of
    /// an item or a result went through the runtime's value witnesses (results
    /// took 4 ms to put in order for 3,000 files, on the one thread left at the end).
    @inlinable
    public static func pipeline<T: Sendable, R: Sendable>(threads: Int = cores, produce: ((T) -> Void) -> Void,
                                                          _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let queue = Pipeline<T, R>()
        let workers = (0..<max(1, threads)).compactMap { _ in LargeStack.start { queue.work(transform) } }
        produce { queue.push($0) }
        queue.finish()
        // No worker could start: do the work here.
        if workers.isEmpty { queue.work(transform) }
        for thread in workers { thread.join() }
        return queue.results()
    }

    @usableFromInline
    final class Pipeline<T, R>: @unchecked Sendable {
        @usableFromInline var mutex = pthread_mutex_t()
        @usableFromInline var ready = pthread_cond_t()
        @usableFromInline var pending: [(Int, T)] = []
        @usableFromInline var head = 0
        @usableFromInline var count = 0
        @usableFromInline var finished = false
        @usableFromInline var done: [(Int, R)] = []

        @inlinable
        init() {
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&ready, nil)
        }

        @inlinable
        deinit {
            pthread_cond_destroy(&ready)
            pthread_mutex_destroy(&mutex)
        }

        @inlinable
        func push(_ item: T) {
            pthread_mutex_lock(&mutex)
            pending.append((count, item))
            count += 1
            pthread_cond_signal(&ready)
            pthread_mutex_unlock(&mutex)
        }

        @inlinable
        func finish() {
            pthread_mutex_lock(&mutex)
            finished = true
            pthread_cond_broadcast(&ready)
            pthread_mutex_unlock(&mutex)
        }

        @inlinable
        func work(_ transform: (T) -> R) {
            while true {
                pthread_mutex_lock(&mutex)
                while head == pending.count && !finished { pthread_cond_wait(&ready, &mutex) }
                guard head < pending.count else {
                    pthread_mutex_unlock(&mutex)
                    return
                }
                let (index, item) = pending[head]
                head += 1
                pthread_mutex_unlock(&mutex)
                let result = transform(item)
                pthread_mutex_lock(&mutex)
                done.append((index, result))
                pthread_mutex_unlock(&mutex)
            }
        }

        @inlinable
        func results() -> [R] {
            done.sort { $0.0 < $1.0 }
            return done.map(\.1)
        }
    }
}
