import Foundation

/// Runs work on a thread whose stack can hold the parser's deepest allowed
/// recursion. Threads that already have such a stack (the inspector's
/// workers) run it directly; others (the main thread, test runners) hand it
/// to a fresh thread, since 512 KiB or 8 MiB stacks are not enough in every
/// build configuration.
public enum LargeStack {
    public static let size = 64 << 20

    public static func run<T>(_ work: @escaping () -> T) -> T {
        if Thread.current.stackSize >= size { return work() }
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let call = UncheckedSendable(work)
        let thread = Thread {
            box.value = call.value()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return box.value!
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var value: T?
    }

    private struct UncheckedSendable<V>: @unchecked Sendable {
        let value: V
        init(_ value: V) { self.value = value }
    }
}
