/* The few libtracefs calls the extcap makes, behind a header C++ can include: tracefs.h itself does not compile
 * as C++ (an int passed for an enum in an inline function). Compiled as C against the real tracefs.h, so the
 * compiler checks every wrapper against the library's own declarations. */
#ifndef TRACESHARK_EXTCAP_TRACEFS_SHIM_H
#define TRACESHARK_EXTCAP_TRACEFS_SHIM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tracefs_instance;
struct tracefs_cpu;

const char* ts_tracing_dir(void);
struct tracefs_instance* ts_instance_create(const char* name);
/* A handle on an instance that exists already (NULL when it does not); ts_instance_close frees the handle only. */
struct tracefs_instance* ts_instance_open(const char* name);
void ts_instance_close(struct tracefs_instance* instance);
/* Removes the instance from tracefs and frees the handle. */
void ts_instance_remove(struct tracefs_instance* instance);
int ts_instance_file_write(struct tracefs_instance* instance, const char* file, const char* text);
int ts_instance_set_buffer_kb(struct tracefs_instance* instance, size_t kb);
/* CPU 0's ring-buffer size in KiB (all CPUs get the same), or -1. */
long ts_instance_buffer_kb(struct tracefs_instance* instance);
/* CPU `cpu`'s trace_pipe_raw of the instance, opened non-blocking with sub-buffers of `page_size`; *fd is its
 * file descriptor (closed by ts_cpu_close). NULL on failure. */
struct tracefs_cpu* ts_cpu_open(struct tracefs_instance* instance, int cpu, int page_size, int* fd);
void ts_cpu_close(struct tracefs_cpu* tcpu, int fd);
int ts_cpu_read_size(struct tracefs_cpu* tcpu);
/* Reads one sub-buffer (page) without blocking: its size, 0 or -1 (errno EAGAIN when nothing is ready). */
int ts_cpu_read(struct tracefs_cpu* tcpu, void* buffer);

#ifdef __cplusplus
}
#endif

#endif
