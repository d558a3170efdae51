#include "tracefs_shim.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <tracefs.h>

const char* ts_tracing_dir(void) { return tracefs_tracing_dir(); }

struct tracefs_instance* ts_instance_create(const char* name) { return tracefs_instance_create(name); }

struct tracefs_instance* ts_instance_open(const char* name)
{
    if (!tracefs_instance_exists(name)) return NULL;
    return tracefs_instance_alloc(NULL, name);
}

void ts_instance_close(struct tracefs_instance* instance) { tracefs_instance_free(instance); }

void ts_instance_remove(struct tracefs_instance* instance)
{
    tracefs_instance_destroy(instance);
    tracefs_instance_free(instance);
}

int ts_instance_file_write(struct tracefs_instance* instance, const char* file, const char* text)
{
    return tracefs_instance_file_write(instance, file, text);
}

int ts_instance_set_buffer_kb(struct tracefs_instance* instance, size_t kb)
{
    return tracefs_instance_set_buffer_size(instance, kb, -1);
}

long ts_instance_buffer_kb(struct tracefs_instance* instance)
{
    return (long)tracefs_instance_get_buffer_size(instance, 0);
}

struct tracefs_cpu* ts_cpu_open(struct tracefs_instance* instance, int cpu, int page_size, int* fd)
{
    char file[64];
    snprintf(file, sizeof file, "per_cpu/cpu%d/trace_pipe_raw", cpu);
    char* path = tracefs_instance_get_file(instance, file);
    if (!path) return NULL;
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    tracefs_put_tracing_file(path);
    if (*fd < 0) return NULL;
    struct tracefs_cpu* tcpu = tracefs_cpu_alloc_fd(*fd, page_size, true);
    if (!tcpu) close(*fd);
    return tcpu;
}

void ts_cpu_close(struct tracefs_cpu* tcpu, int fd)
{
    tracefs_cpu_free_fd(tcpu);
    close(fd);
}

int ts_cpu_read_size(struct tracefs_cpu* tcpu) { return tracefs_cpu_read_size(tcpu); }

int ts_cpu_read(struct tracefs_cpu* tcpu, void* buffer) { return tracefs_cpu_read(tcpu, buffer, true); }
