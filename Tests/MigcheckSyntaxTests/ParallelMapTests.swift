import XCTest
@testable import MigcheckSyntax

final class ParallelMapTests: XCTestCase {
    /// Items that take uneven times still come back in their order, each once.
    func testResultsKeepTheOrderOfTheItems() {
        let items = Array(0..<500)
        let squares = ParallelMap.map(items, threads: 4) { n -> Int in
            if n % 7 == 0 { usleep(200) }
            return n * n
        }
        XCTAssertEqual(squares, items.map { $0 * $0 })
    }

    /// The consumer sees every result once, in order, and before the call
    /// returns; more results than a batch, and fewer, and none at all.
    func testConsumerGetsEachResultInOrder() {
        for count in [0, 1, 63, 64, 65, 1_000] {
            var seen: [Int] = []
            ParallelMap.pipeline(threads: 3, produce: { emit in (0..<count).forEach(emit) }, { n -> Int in
                if n % 5 == 0 { usleep(100) }
                return n + 1
            }, consume: { seen.append($0) })
            XCTAssertEqual(seen, (0..<count).map { $0 + 1 }, "\(count) items")
        }
    }

    /// A consumer that is slower than the workers does not lose results.
    func testSlowConsumer() {
        var seen: [String] = []
        ParallelMap.pipeline(threads: 2, produce: { emit in (0..<200).forEach(emit) }, { n in "item \(n)" },
                             consume: { seen.append($0); if seen.count % 50 == 0 { usleep(2_000) } })
        XCTAssertEqual(seen, (0..<200).map { "item \($0)" })
    }
}

final class ConcurrentTests: XCTestCase {
    /// The work starts on its own thread at once, not when its value is read.
    func testWorkRunsWhileTheCreatorGoesOn() {
        let started = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        let count = Concurrent { () -> Int in
            started.signal()
            return proceed.wait(timeout: .now() + 10) == .success ? 42 : -1
        }
        XCTAssertEqual(started.wait(timeout: .now() + 10), .success, "the work had not started before its value was asked for")
        proceed.signal()
        XCTAssertEqual(count.value, 42)
        XCTAssertEqual(count.value, 42, "a second read gives the same value")
    }
}
