/* Iterate every event of a trace.dat file in time order with libtracecmd (trace-cmd 3.1.6's library):
 * tracecmd_iterate_events over all CPUs of the top buffer, reading common_type with tep_data_type and
 * common_pid with tep_data_pid in the callback. The reference for bench_iterate_traceshark.cpp; same
 * options and output line.
 *
 * usage: bench_iterate_libtracecmd [--verify] [--mem] FILE */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <trace-cmd.h>

#include "bench_common.h"

struct state {
    struct tep_handle* tep;
    int verify, mem;
    uint64_t events, type_sum, pid_sum, digest;
    long peak_anon;
};

static int on_record(struct tracecmd_input* handle, struct tep_record* rec, int cpu, void* data)
{
    struct state* st = data;
    const int type = tep_data_type(st->tep, rec);
    const int pid = tep_data_pid(st->tep, rec);
    (void)handle;
    (void)cpu;
    st->type_sum += (uint64_t)type;
    st->pid_sum += (uint64_t)pid;
    ++st->events;
    if (st->verify) {
        st->digest = bench_mix(st->digest, rec->ts);
        st->digest = bench_mix(st->digest, (uint64_t)type);
        st->digest = bench_mix(st->digest, (uint64_t)(uint32_t)pid);
    }
    if (st->mem && st->events % BENCH_SAMPLE_EVERY == 0) {
        const long a = bench_status_kb("RssAnon");
        if (a > st->peak_anon) st->peak_anon = a;
    }
    return 0;
}

int main(int argc, char** argv)
{
    struct state st = {0};
    const char* path = NULL;
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--verify") == 0) st.verify = 1;
        else if (strcmp(argv[i], "--mem") == 0) st.mem = 1;
        else path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: %s [--verify] [--mem] FILE\n", argv[0]);
        return 2;
    }
    st.digest = BENCH_FNV_OFFSET;
    st.peak_anon = st.mem ? bench_status_kb("RssAnon") : -1;
    tracecmd_set_loglevel(TEP_LOG_NONE);

    const double c0 = bench_cpu();
    const double t0 = bench_now();
    struct tracecmd_input* handle = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
    if (!handle) {
        fprintf(stderr, "bench_iterate_libtracecmd: %s: tracecmd_open failed\n", path);
        return 1;
    }
    st.tep = tracecmd_get_tep(handle);
    const double t1 = bench_now();
    const double c1 = bench_cpu();
    if (st.mem) {
        const long a = bench_status_kb("RssAnon");
        if (a > st.peak_anon) st.peak_anon = a;
    }
    const int rc = tracecmd_iterate_events(handle, NULL, 0, on_record, &st);
    const double t2 = bench_now();
    const double c2 = bench_cpu();
    const long end_anon = bench_status_kb("RssAnon");
    if (st.mem && end_anon > st.peak_anon) st.peak_anon = end_anon;
    printf("tool=libtracecmd events=%" PRIu64 " type_sum=%" PRIu64 " pid_sum=%" PRIu64 " digest=%016" PRIx64
           " open_s=%.6f iter_s=%.6f total_s=%.6f cpu_open_s=%.6f cpu_iter_s=%.6f cpu_total_s=%.6f peak_anon_kb=%ld end_anon_kb=%ld end_file_kb=%ld"
           " maxrss_kb=%ld rc=%d\n",
           st.events, st.type_sum, st.pid_sum, st.verify ? st.digest : 0, t1 - t0, t2 - t1, t2 - t0, c1 - c0, c2 - c1, c2 - c0, st.peak_anon,
           end_anon, bench_status_kb("RssFile"), bench_maxrss_kb(), rc);
    tracecmd_close(handle);
    return rc < 0 ? 1 : 0;
}
