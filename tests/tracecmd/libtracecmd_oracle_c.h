/* C interface to the libtracecmd oracle (see libtracecmd_oracle.c). */
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*oracle_record_fn)(void *ctx, uint64_t ts, int cpu, const char *buffer, const void *data, int size);
int oracle_iterate(const char *path, oracle_record_fn fn, void *ctx);
/* The file's trace id (TRACEID option) as libtracecmd reads it. */
int oracle_traceid(const char *path, uint64_t *trace_id);
/* The host file's GUEST entry for `trace_id`: name, host pid per vCPU; returns the vCPU count, -1 if none. */
int oracle_guest(const char *host_path, uint64_t trace_id, char *name, int name_size, int *pids, int max_pids);

#ifdef __cplusplus
}
#endif
