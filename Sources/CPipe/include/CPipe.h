#ifndef MIGCHECK_CPIPE_H
#define MIGCHECK_CPIPE_H

/// pipe(2) with both ends closing on exec, created at once (pipe2 with
/// O_CLOEXEC where the system has it), so that a child another thread
/// spawns meanwhile cannot inherit them. Swift's Glibc module does not
/// declare pipe2. Returns 0, or -1 with errno set.
int migcheck_pipe_cloexec(int fds[2]);

#endif
