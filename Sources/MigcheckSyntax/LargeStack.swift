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
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        var started: [pthread_t] = []
        for index in 0..<threads {
            let context = Unmanaged.passRetained(Job { work(index) }).toOpaque()
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let status = pthread_create(&thread, &attributes, { raw in
                Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, context)
            if status == 0 {
                #if canImport(Darwin)
                started.append(thread!)
                #else
                started.append(thread)
                #endif
            } else {
                // No thread could be made: do the work here rather than fail.
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
            }
        }
        for thread in started { pthread_join(thread, nil) }
    }

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
}
