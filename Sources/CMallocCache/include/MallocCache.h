#ifndef MIGCHECK_MALLOC_CACHE_H
#define MIGCHECK_MALLOC_CACHE_H

#include <stddef.h>

/// Bytes of freed blocks the calling thread holds for reuse (0 where the
/// cache is not built: not Linux with glibc).
size_t migcheck_malloc_cache_bytes(void);

/// The bytes a block from malloc holds (what glibc's malloc_usable_size
/// says; 0 where the cache is not built), which decides the list it is kept in.
size_t migcheck_malloc_block_size(void *pointer);

/// Tunes glibc's malloc for a short run whose workers reuse their memory file
/// after file (nothing where the cache is not built); called once at start.
void migcheck_malloc_keep_heaps(void);

#endif
