/// "Did you mean" for mistyped names: commands, options, keys, facts, rule
/// IDs, migration names, git tags.
public enum Suggestion {
    /// The closest candidate, when one is close enough. A unique candidate
    /// that starts with what was typed wins ("0004" for "0004_add_sku").
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let extending = candidates.filter { $0.hasPrefix(word) }
        if !word.isEmpty && extending.count == 1 { return extending[0] }
        return ranked(word, among: candidates, limit: 1).first
    }

    /// ` (did you mean 'x'?)` to append to an error, or nothing.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Up to `limit` candidates close to `word`, closest first.
    public static func ranked(_ word: String, among candidates: [String], limit: Int) -> [String] {
        let bound = max(2, word.count / 3)
        return candidates.map { ($0, distance(word, $0)) }
            .filter { $0.1 <= bound }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit).map(\.0)
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var previous = row[0]
            row[0] = i
            for j in 1...y.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[y.count]
    }
}
