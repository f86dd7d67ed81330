#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPipe
import MigcheckSyntax

/// Runs a program with an argument list (no shell) through posix_spawn,
/// feeds it standard input, and collects standard output and error with
/// poll(2), so neither pipe can fill up and stall it. Foundation's Process
/// waits for exit by polling a run loop every 50 ms, which cost more than
/// git itself on every call.
enum Subprocess {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String], input: [UInt8]?) -> Result? {
        // A child that exits without reading its input must not kill us with SIGPIPE: the write fails instead.
        signal(SIGPIPE, SIG_IGN)
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0], inPipe: [Int32] = [0, 0]
        guard makePipe(&outPipe), makePipe(&errPipe), makePipe(&inPipe) else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // The pipes' own descriptors close on exec (`makePipe`): the child keeps only 0, 1 and 2.
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard spawned == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            return nil
        }
        let writeInput = { [input] in
            var offset = 0
            while let bytes = input, offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
            }
            close(inPipe[1])
        }
        // Without input, closing the pipe is all; with it, a thread writes while this one reads.
        let writer = input == nil ? nil : LargeStack.start(writeInput)
        if writer == nil { writeInput() }
        var out: [UInt8] = [], err: [UInt8] = []
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while fds.contains(where: { $0.fd >= 0 }) {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for k in fds.indices where fds[k].fd >= 0 && fds[k].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if k == 0 { out += buffer[0..<n] } else { err += buffer[0..<n] }
                } else if n == 0 || errno != EINTR {
                    close(fds[k].fd)
                    fds[k].fd = -1
                }
            }
        }
        writer?.join()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally: its exit code; killed by a signal: 128 + the signal, as shells report it.
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: code, stdout: out, stderr: err)
    }

    /// A pipe whose ends close on exec: a child spawned by another thread at
    /// the same time must not inherit them. One that kept the write end of
    /// this child's input open would keep it waiting for more, for ever.
    /// Each child gets its own ends as 0, 1 and 2 by dup2, which clears the flag.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        migcheck_pipe_cloexec(&fds) == 0
    }
}
