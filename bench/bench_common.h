/* Helpers shared by the iterate benchmarks (C and C++): a monotonic clock and the process's resident
 * memory read from /proc/self/status. The readers mmap the trace file, so its pages show up as RssFile;
 * the memory the reader itself allocates is RssAnon. */
#ifndef TRACESHARK_BENCH_COMMON_H
#define TRACESHARK_BENCH_COMMON_H

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#ifdef __cplusplus
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wuseless-cast"
#pragma GCC diagnostic ignored "-Wconversion"
#endif

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A "Key:   123 kB" value of /proc/self/status, in kB; -1 if absent. No allocation. */
static inline long bench_status_kb(const char* key)
{
    char buf[4096];
    const int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    const ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = '\0';
    const size_t klen = strlen(key);
    for (const char* p = buf; p && *p; ) {
        if (strncmp(p, key, klen) == 0 && p[klen] == ':') return strtol(p + klen + 1, NULL, 10);
        p = strchr(p, '\n');
        if (p) ++p;
    }
    return -1;
}

/* CPU time (user + system) used by the process so far, in seconds. */
static inline double bench_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

static inline long bench_maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* FNV-1a over 64-bit words: an order-sensitive digest of the event sequence (used with --verify). */
static inline uint64_t bench_mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; ++i) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 1099511628211ull;
    }
    return h;
}

#define BENCH_FNV_OFFSET 14695981039346656037ull
/* In --mem mode RssAnon is sampled every this many events (and after open and at the end). */
#define BENCH_SAMPLE_EVERY 65536

#ifdef __cplusplus
#pragma GCC diagnostic pop
#endif

#endif
