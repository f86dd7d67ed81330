import Foundation
import MigcheckModel

/// `inspect --benchmark N`: the whole pipeline (read, parse, extract, render)
/// N times, reporting the best and median wall time as files/s and MB/s.
enum Benchmark {
    static func run(_ files: [MigrationSourceFile], format: String, repetitions: Int, console: Console) {
        let bytes = files.reduce(0) { total, f in
            total + ((try? FileManager.default.attributesOfItem(atPath: f.path)[.size] as? Int) ?? 0)
        }
        var times: [Double] = []
        var outputSize = 0
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            let extracted = Inspector.inspect(files)
            let report = format == "json" ? InspectJSONReporter.render(extracted) : InspectTextReporter.render(extracted)
            outputSize = report.utf8.count
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        let best = times[0], median = times[times.count / 2]
        let mb = Double(bytes) / 1_000_000
        func line(_ label: String, _ t: Double) -> String {
            String(format: "%@ %.1f ms  %.0f files/s  %.1f MB/s", label, t * 1000, Double(files.count) / t, mb / t)
        }
        console.error("""
        inspect benchmark: \(files.count) files, \(String(format: "%.2f", mb)) MB, format \(format), \(repetitions) runs, output \(outputSize) bytes
        \(line("best  ", best))
        \(line("median", median))

        """)
    }
}
