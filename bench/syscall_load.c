/* A paced syscall load for bench/run-extcap-bench.sh: syscall_load CALLS_PER_SECOND SECONDS makes getppid(2)
 * calls at that rate (in 1 ms slices, on the realtime schedule of CLOCK_MONOTONIC), under the command name
 * "ts-load", and prints how many it made, how many clock_nanosleep(2) calls paced them and in how long. Under
 * raw_syscalls each syscall is two events. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char** argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: syscall_load CALLS_PER_SECOND SECONDS\n");
        return 2;
    }
    const double rate = atof(argv[1]), seconds = atof(argv[2]);
    prctl(PR_SET_NAME, "ts-load", 0, 0, 0);
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    const double start = now();
    unsigned long long calls = 0, sleeps = 0;
    const unsigned long long total = (unsigned long long)(rate * seconds);
    for (unsigned long slice = 1; calls < total; ++slice) {
        const unsigned long long due = (unsigned long long)(rate * (double)slice / 1000.0);
        while (calls < due && calls < total) {
            syscall(SYS_getppid);
            ++calls;
        }
        next.tv_nsec += 1000000;
        if (next.tv_nsec >= 1000000000) {
            next.tv_nsec -= 1000000000;
            ++next.tv_sec;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        ++sleeps;
    }
    const double took = now() - start;
    printf("%llu calls %llu sleeps in %.3f s (%.0f calls/s)\n", calls, sleeps, took, (double)calls / took);
    return 0;
}
