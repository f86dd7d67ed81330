#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import MigcheckModel
import MigcheckSyntax

/// `inspect --benchmark N`: each stage of the pipeline (finding the files, then over all of them), N
/// times, on the same worker threads as a real run, reporting the best and
/// median wall time. Stages after `read` start from sources already in
/// memory and include the stages before them (`extract` parses too), so the
/// difference between two lines is what a stage adds; `inspect` is the whole
/// command (find, read, parse, extract, render) as users run it; `graph` builds
/// the migration graph and migrate's plan from migrations already read, and
/// `state` also replays the whole project state.
enum Benchmark {
    /// `find` is discovery as `inspect` runs it, with the configuration; `files` what it found.
    static func run(find: @escaping ((MigrationSourceFile) -> Void) -> Void, _ files: [MigrationSourceFile], format: String, repetitions: Int,
                    console: Console) {
        let sources = ParallelMap.map(files) { f in
            SourceText(fileBytes: (try? FileBytes.read(f.path)) ?? [])
        }
        let inputs = Array(zip(files, sources))
        let migrations = ParallelMap.map(files) { Inspector.inspect($0) }.compactMap { f in f.migration.map { ($0, f.path) } }
        let byKey = Dictionary(migrations.map { (MigrationKey($0.0.app, $0.0.name), $0.0) }, uniquingKeysWith: { first, _ in first })
        let megabytes = Double(sources.reduce(0) { $0 + $1.bytes.count }) / 1_000_000
        var outputSize = 0
        // Each stage returns what it made, freed after the clock stops.
        let stages: [(String, () -> Any)] = [
            ("discover", { var found: [MigrationSourceFile] = []; find { found.append($0) }; return found }),
            ("read", { ParallelMap.map(files) { f in (try? FileBytes.read(f.path))?.count ?? 0 } }),
            ("lex", { ParallelMap.map(sources) { s in Lexer.lex(s).tokens.count } }),
            ("parse", { ParallelMap.map(sources) { s in Parser.parse(s, onLargeStack: true).body.count } }),
            ("extract", {
                ParallelMap.map(inputs) { f, s in
                    MigrationExtractor.extract(path: f.path, app: f.app, name: f.name,
                                               module: Parser.parse(s, onLargeStack: true)).diagnostics.count
                }
            }),
            // Builds the graph from migrations already read, and computes migrate's whole plan.
            ("graph", { MigrationGraph(migrations).forwardsPlan() }),
            // The graph, then every migration's state operations replayed in that plan.
            ("state", { ProjectState.replay(MigrationGraph(migrations), migrations: byKey).models.count }),
            ("inspect", {
                var size = 0
                let count: ([UInt8]) -> Void = { size += $0.count }
                let summary = format == "json"
                    ? Inspector.report(find, as: InspectJSONReporter.self, to: count)
                    : Inspector.report(find, as: InspectTextReporter.self, to: count)
                outputSize = size
                return summary
            }),
        ]
        var lines = ["inspect benchmark: \(files.count) files, \(fixed(megabytes, decimals: 2)) MB, format \(format), \(repetitions) runs"]
        for (name, stage) in stages {
            var times: [Double] = []
            for _ in 0..<repetitions {
                let start = monotonicSeconds()
                let made = stage()
                times.append(monotonicSeconds() - start)
                withExtendedLifetime(made) {}
            }
            times.sort()
            let best = times[0], median = times[times.count / 2]
            let bestMS = fixed(best * 1000, decimals: 1, width: 7), medianMS = fixed(median * 1000, decimals: 1, width: 7)
            let filesPerSecond = fixed(Double(files.count) / best, decimals: 0, width: 6)
            let throughput = fixed(megabytes / best, decimals: 1, width: 5)
            lines.append(name.padded(to: 9) + "best \(bestMS) ms  median \(medianMS) ms  \(filesPerSecond) files/s  \(throughput) MB/s")
        }
        lines.append("report: \(outputSize) bytes")
        console.error(lines.joined(separator: "\n") + "\n")
    }
}

/// Seconds on the monotonic clock.
private func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
