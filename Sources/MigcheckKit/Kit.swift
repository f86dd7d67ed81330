import Foundation
import MigcheckSyntax
public enum Placeholder {
    public static func run(_ paths: [String]) {
        var n = 0, bad = 0
        for p in paths {
            guard let d = FileManager.default.contents(atPath: p) else { continue }
            let src = SourceText(bytes: [UInt8](d))
            let m = Parser.parse(src)
            n += 1
            if !m.errors.isEmpty {
                bad += 1
                for e in m.errors.prefix(3) { let l = src.location(of: e.offset); print("\(p):\(l.line):\(l.column): \(e.message)") }
            }
        }
        print("files \(n) with errors \(bad)")
    }
}
