#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread whose stack can hold the parser's deepest allowed
/// recursion: the main thread's 8 MiB and a secondary thread's 512 KiB are
/// not enough in every build configuration. The thread is joined before
/// returning, so nothing outlives the call.
public enum LargeStack {
    public static let size = 64 << 20

    public static func run<T>(_ work: @escaping () -> T) -> T {
        let job = Job(work)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        let context = Unmanaged.passRetained(job).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let started = pthread_create(&thread, &attributes, { raw in
            let job = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue() as! Runnable
            job.runOnce()
            return nil
        }, context)
        guard started == 0 else {
            // No thread could be made: run here rather than fail.
            Unmanaged<Job<T>>.fromOpaque(context).release()
            return work()
        }
        #if canImport(Darwin)
        pthread_join(thread!, nil)
        #else
        pthread_join(thread, nil)
        #endif
        return job.result!
    }

    private protocol Runnable: AnyObject {
        func runOnce()
    }

    private final class Job<T>: Runnable {
        let work: () -> T
        var result: T?

        init(_ work: @escaping () -> T) { self.work = work }

        func runOnce() { result = work() }
    }
}
