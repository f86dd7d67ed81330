#ifndef MIGCHECK_MALLOC_CACHE_H
#define MIGCHECK_MALLOC_CACHE_H

#include <stddef.h>

/// Bytes of freed blocks the calling thread holds for reuse (0 where the
/// cache is not built: not Linux with glibc).
size_t migcheck_malloc_cache_bytes(void);

#endif
