import XCTest
@testable import MigcheckModel

final class NameMapTests: XCTestCase {
    /// The same answers as a Dictionary, below and above the size where the
    /// map starts indexing its names, through sets, replacements and removals.
    func testBehavesAsADictionary() {
        for size in [3, 16, 17, 40] {
            var map = NameMap<Int>()
            var reference: [String: Int] = [:]
            for k in 0..<size {
                XCTAssertNil(map.updateValue(k, forKey: "name\(k)"))
                reference["name\(k)"] = k
            }
            XCTAssertEqual(map.updateValue(100, forKey: "name1"), 1)
            reference["name1"] = 100
            map["name2"] = nil
            reference["name2"] = nil
            map["extra", default: 0] += 5
            map["extra", default: 0] += 5
            reference["extra", default: 0] += 10
            for name in reference.keys.sorted() + ["absent", "name2"] {
                XCTAssertEqual(map[name], reference[name], "\(name) among \(size)")
            }
            XCTAssertEqual(Set(map.names), Set(reference.keys))
            let even = map.filter { _, value in value % 2 == 0 }
            XCTAssertEqual(Set(even.names), Set(reference.filter { $0.value % 2 == 0 }.keys))
        }
    }
}
