/* C interface to the libtracecmd oracle (see libtracecmd_oracle.c). */
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*oracle_record_fn)(void *ctx, uint64_t ts, int cpu, const char *buffer, const void *data, int size);
int oracle_iterate(const char *path, oracle_record_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
