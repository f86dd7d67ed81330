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
        var results: [R] = []
        pipeline(threads: threads, produce: produce, transform, consume: { results.append($0) })
        return results
    }

    /// As `pipeline`, but each result is handed to `consume` on this thread,
    /// in the order of the items, as soon as it and those before it are done
    /// (once `produce` has returned): a report can be written while later
    /// files are still being read, and each result freed once written.
    @inlinable
    public static func pipeline<T: Sendable, R: Sendable>(threads: Int = cores, produce: ((T) -> Void) -> Void,
                                                          _ transform: @escaping @Sendable (T) -> R,
                                                          consume: (R) -> Void) {
        let queue = Pipeline<T, R>()
        let workers = (0..<max(1, threads)).compactMap { _ in LargeStack.start { queue.work(transform) } }
        produce { queue.push($0) }
        queue.finish()
        // No worker could start: do the work here.
        if workers.isEmpty { queue.work(transform) }
        while let result = queue.next() { consume(result) }
        for thread in workers { thread.join() }
    }

    @usableFromInline
    final class Pipeline<T, R>: @unchecked Sendable {
        @usableFromInline var mutex = pthread_mutex_t()
        /// Signalled when an item is pushed or the input ends.
        @usableFromInline var ready = pthread_cond_t()
        /// Signalled when a batch of results is ready in order, or the last one.
        @usableFromInline var completed = pthread_cond_t()
        @usableFromInline var pending: [T?] = []
        @usableFromInline var head = 0
        @usableFromInline var finished = false
        /// Results by item, until `next` takes them.
        @usableFromInline var done: [R?] = []
        @usableFromInline var taken = 0
        /// The first item whose result is not done: those from `taken` to here can be taken.
        @usableFromInline var frontier = 0
        /// Results ready in order before the consumer is woken: waking it for
        /// each one cost more than consuming (a thread switch on a busy core).
        @usableFromInline static var batch: Int { 64 }

        @inlinable
        init() {
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&ready, nil)
            pthread_cond_init(&completed, nil)
        }

        @inlinable
        deinit {
            pthread_cond_destroy(&completed)
            pthread_cond_destroy(&ready)
            pthread_mutex_destroy(&mutex)
        }

        @inlinable
        func push(_ item: T) {
            pthread_mutex_lock(&mutex)
            pending.append(item)
            done.append(nil)
            pthread_cond_signal(&ready)
            pthread_mutex_unlock(&mutex)
        }

        @inlinable
        func finish() {
            pthread_mutex_lock(&mutex)
            finished = true
            pthread_cond_broadcast(&ready)
            pthread_cond_signal(&completed)
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
                let index = head
                let item = pending[index].take()!
                head += 1
                pthread_mutex_unlock(&mutex)
                let result = transform(item)
                pthread_mutex_lock(&mutex)
                done[index] = result
                if index == frontier {
                    while frontier < done.count && done[frontier] != nil { frontier += 1 }
                    if frontier - taken >= Pipeline.batch || (finished && frontier == done.count) {
                        pthread_cond_signal(&completed)
                    }
                }
                pthread_mutex_unlock(&mutex)
            }
        }

        /// The next result in item order, waiting for it; nil after the last
        /// (only once `finish` has been called).
        @inlinable
        func next() -> R? {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            guard taken < done.count else { return nil }
            while taken == frontier { pthread_cond_wait(&completed, &mutex) }
            let result = done[taken].take()
            taken += 1
            return result
        }
    }
}

/// A value computed on a thread of its own while its creator goes on (a git
/// process to wait for, say); `value` waits for it. Read by the creator
/// only. Without a thread to be had, it is computed when first read.
public final class Concurrent<T: Sendable> {
    private final class Slot: @unchecked Sendable {
        // Written by the worker before it ends; read only after `join`.
        var value: T?
    }

    private let slot = Slot()
    private var thread: LargeStack.Thread?
    private let work: @Sendable () -> T

    public init(_ work: @escaping @Sendable () -> T) {
        self.work = work
        let slot = slot
        thread = LargeStack.start { slot.value = work() }
    }

    public var value: T {
        thread?.join()
        thread = nil
        if slot.value == nil { slot.value = work() }
        return slot.value!
    }

    deinit { thread?.join() }
}
