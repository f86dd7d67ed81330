#define _GNU_SOURCE
#include "CPipe.h"
#include <fcntl.h>
#include <unistd.h>

int migcheck_pipe_cloexec(int fds[2]) {
#if defined(__linux__)
    return pipe2(fds, O_CLOEXEC);
#else
    // Without pipe2 (macOS) the flag is set just after: a spawn in that gap can still inherit the ends.
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}
