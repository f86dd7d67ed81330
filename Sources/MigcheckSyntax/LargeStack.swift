#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on threads whose stacks can hold the parser's deepest allowed
/// recursion: the main thread's 8 MiB and a secondary thread's 512 KiB are
/// not enough in every build configuration. Threads are joined before
/// returning, so nothing outlives the call.
public enum LargeStack {
    public static let size = 64 << 20

    public static func run<T>(_ work: @escaping () -> T) -> T {
        var result: T?
        runConcurrently(threads: 1) { _ in result = work() }
        return result!
    }

    /// Runs `work(0)` ... `work(threads - 1)` on as many large-stack threads
    /// at once and waits for all of them.
    public static func runConcurrently(threads: Int, _ work: @escaping (Int) -> Void) {
        var started: [Thread] = []
        for index in 0..<threads {
            if let thread = start({ work(index) }) {
                started.append(thread)
            } else {
                // No thread could be made: do the work here rather than fail.
                work(index)
            }
        }
        for thread in started { thread.join() }
    }

    /// A running thread; `join` waits for its work to end.
    public struct Thread {
        private let handle: pthread_t

        fileprivate init(_ handle: pthread_t) { self.handle = handle }

        public func join() { pthread_join(handle, nil) }
    }

    /// Starts `work` on a new large-stack thread, or returns nil when the
    /// system cannot make one. Every started thread must be joined.
    public static func start(_ work: @escaping () -> Void) -> Thread? {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        let context = Unmanaged.passRetained(Job(work)).toOpaque()
        #if canImport(Darwin)
        var handle: pthread_t?
        #else
        var handle = pthread_t()
        #endif
        let status = pthread_create(&handle, &attributes, { raw in
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return nil
        }
        #if canImport(Darwin)
        return handle.map(Thread.init)
        #else
        return Thread(handle)
        #endif
    }

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
}
