import FoundationEssentials
import MigcheckSyntax

public struct GitError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One entry of a commit's tree: a file and the blob that holds it.
public struct TreeEntry: Sendable, Equatable {
    public var path: String
    public var blob: String
}

/// A repository read through the `git` command: argument lists only (never
/// a shell), revisions checked before use, and only commands that read, so
/// that a bare clone, a dirty work tree or a read-only checkout all work the
/// same and nothing is ever written.
public struct GitRepository: Sendable {
    /// The folder given with `-C` (a work tree, or a bare repository).
    public let directory: String
    private let executable: String

    public init(directory: String) throws(GitError) {
        guard let git = Self.findGit() else { throw GitError("git is not installed (no 'git' on PATH)") }
        self.directory = directory
        self.executable = git
        let probe = run(["rev-parse", "--git-dir"])
        guard probe.status == 0 else {
            throw GitError("\(directory) is not in a git repository (git says: \(probe.errorLine))")
        }
    }

    private static func findGit() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String

        /// The first line git wrote to standard error, for messages.
        public var errorLine: String {
            stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
        }

        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `git -C DIRECTORY ARGUMENTS...`, feeding `input` to its standard input.
    /// Git is told not to prompt, not to page, and not to take optional locks.
    public func run(_ arguments: [String], input: [UInt8]? = nil) -> Output {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        let pairs = environment.map { "\($0.key)=\($0.value)" }
        guard let result = Subprocess.run(executable, ["-C", directory, "--no-pager"] + arguments, environment: pairs, input: input) else {
            return Output(status: -1, stdout: [], stderr: "cannot run \(executable)")
        }
        return Output(status: result.status, stdout: result.stdout, stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    // MARK: Revisions

    /// The commit a revision names. Revisions that look like options are
    /// refused; unknown ones get the closest tag names.
    public func commit(_ revision: String) throws(GitError) -> String {
        guard !revision.isEmpty, !revision.hasPrefix("-") else {
            throw GitError("'\(revision)' is not a revision (a revision cannot start with '-')")
        }
        let result = run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        guard result.status == 0 else {
            var message = "unknown revision '\(revision)'"
            let close = closeTags(to: revision)
            if !close.isEmpty { message += "; close tags: " + close.joined(separator: ", ") }
            if isShallow { message += "\nthis is a shallow clone: the revision may not have been fetched (git fetch --tags --unshallow)" }
            throw GitError(message)
        }
        return result.text.trimmed
    }

    public var isShallow: Bool {
        run(["rev-parse", "--is-shallow-repository"]).text.hasPrefix("true")
    }

    public func tags() -> [String] {
        run(["tag", "--list"]).text.split(separator: "\n").map(String.init)
    }

    /// Up to three tags close to the revision (`1.0.3` for `1.0`, `v1.1.0` for `1.1.0`).
    func closeTags(to revision: String) -> [String] {
        Suggestion.ranked(revision, among: tags(), limit: 3)
    }

    /// The best common ancestor, for `A...B`.
    public func mergeBase(_ a: String, _ b: String) throws(GitError) -> String {
        let result = run(["merge-base", "--end-of-options", a, b])
        guard result.status == 0 else {
            if isShallow {
                throw GitError("no merge base of \(a.prefix(12)) and \(b.prefix(12)) in this shallow clone; fetch more history (git fetch --unshallow, or git fetch --deepen=200) or check out with fetch-depth: 0")
            }
            throw GitError("\(a.prefix(12)) and \(b.prefix(12)) have no common ancestor")
        }
        return result.text.trimmed
    }

    /// Tags whose commits contain `commit`: the releases it shipped in.
    public func tags(containing commit: String) -> [String] {
        run(["tag", "--contains", commit]).text.split(separator: "\n").map(String.init)
    }

    /// How many commits `B` has that `A` has not (`A..B`).
    public func commitCount(from a: String, to b: String) -> Int? {
        Int(run(["rev-list", "--count", "--end-of-options", "\(a)..\(b)"]).text.trimmed)
    }

    /// The parents of a commit.
    public func parents(of commit: String) -> [String] {
        run(["show", "-s", "--format=%P", "--end-of-options", commit]).text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    // MARK: Trees and blobs

    /// The files of the commit's tree, from the repository's root; only those
    /// whose names end in one of `suffixes` when given (checked on bytes:
    /// a big repository's tree has tens of thousands of entries).
    public func tree(_ commit: String, endingIn suffixes: [String]? = nil) throws(GitError) -> [TreeEntry] {
        let ends = suffixes?.map { Array($0.utf8) }
        let result = run(["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit])
        guard result.status == 0 else { throw GitError("cannot list the files of \(commit.prefix(12)): \(result.errorLine)") }
        var entries: [TreeEntry] = []
        // "<mode> SP <type> SP <object> TAB <path> NUL"
        for record in result.stdout.split(separator: 0) {
            guard let tab = record.firstIndex(of: 0x09) else { continue }
            let fields = record[record.startIndex..<tab].split(separator: 0x20)
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8) else { continue }
            if let ends, !ends.contains(where: { record.endIndex - tab > $0.count && record.suffix($0.count).elementsEqual($0) }) { continue }
            entries.append(TreeEntry(path: String(decoding: record[(tab + 1)...], as: UTF8.self),
                                     blob: String(decoding: fields[2], as: UTF8.self)))
        }
        return entries
    }

    /// The contents of blobs. git inflates each object on one core: the ids
    /// are shared out among `processes` concurrent `git cat-file --batch`
    /// runs, which write their output in full buffers (`--buffer`) rather
    /// than an object at a time.
    public func blobs(_ ids: [String], processes: Int = ParallelMap.cores) throws(GitError) -> [String: [UInt8]] {
        guard !ids.isEmpty else { return [:] }
        let shares = max(1, min(processes, ids.count / 64))
        let slices = (0..<shares).map { k in Array(ids[(ids.count * k / shares)..<(ids.count * (k + 1) / shares)]) }
        let outputs = ParallelMap.map(slices) { slice in
            run(["cat-file", "--batch", "--buffer"], input: Array(slice.joined(separator: "\n").utf8) + [0x0A])
        }
        var contents: [String: [UInt8]] = [:]
        contents.reserveCapacity(ids.count)
        for result in outputs {
            guard result.status == 0 else { throw GitError("cannot read objects: \(result.errorLine)") }
            try Self.parseBatch(result.stdout, into: &contents)
        }
        return contents
    }

    /// `git cat-file --batch` output: "<sha> SP <type> SP <size> LF <contents> LF", or "<sha> SP missing LF".
    private static func parseBatch(_ out: [UInt8], into contents: inout [String: [UInt8]]) throws(GitError) {
        var i = 0
        while i < out.count {
            guard let newline = out[i...].firstIndex(of: 0x0A) else { break }
            let header = out[i..<newline].split(separator: 0x20)
            i = newline + 1
            guard header.count == 3, let size = Int(String(decoding: header[2], as: UTF8.self)) else { continue }
            guard i + size <= out.count else { throw GitError("git cat-file ended early") }
            contents[String(decoding: header[0], as: UTF8.self)] = Array(out[i..<i + size])
            i += size + 1
        }
    }
}
