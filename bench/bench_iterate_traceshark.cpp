// Iterate every event of a trace.dat file in time order with libs/tracecmd, decoding each event's type
// (common_type) and pid (common_pid). The counterpart of bench_iterate_libtracecmd.c; both print one line
// of key=value pairs that run-bench.sh parses.
//
// usage: bench_iterate_traceshark [--verify] [--mem] FILE
//   --verify  also digest the (timestamp, type, pid) sequence, to check both readers agree on every event
//   --mem     sample RssAnon every BENCH_SAMPLE_EVERY events and report the peak
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <exception>

#include "bench_common.h"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

int main(int argc, char** argv)
{
    using namespace traceshark::tracecmd;
    bool verify = false, mem = false;
    const char* path = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--verify") == 0) verify = true;
        else if (std::strcmp(argv[i], "--mem") == 0) mem = true;
        else path = argv[i];
    }
    if (!path) {
        std::fprintf(stderr, "usage: %s [--verify] [--mem] FILE\n", argv[0]);
        return 2;
    }
    try {
        long peak_anon = mem ? bench_status_kb("RssAnon") : -1;
        const double c0 = bench_cpu();
        const double t0 = bench_now();
        auto file = TraceFile::open(path);
        EventReader reader(*file);
        const double t1 = bench_now();
        const double c1 = bench_cpu();
        if (mem) peak_anon = std::max(peak_anon, bench_status_kb("RssAnon"));

        uint64_t events = 0, type_sum = 0, pid_sum = 0, digest = BENCH_FNV_OFFSET;
        if (verify) {
            while (const Record* rec = reader.next()) {
                const int type = file->event_id(*rec);
                const int pid = file->pid(*rec);
                digest = bench_mix(digest, rec->ts);
                digest = bench_mix(digest, static_cast<uint64_t>(type));
                digest = bench_mix(digest, static_cast<uint64_t>(static_cast<uint32_t>(pid)));
                type_sum += static_cast<uint64_t>(type);
                pid_sum += static_cast<uint64_t>(pid);
                ++events;
            }
        } else if (mem) {
            while (const Record* rec = reader.next()) {
                type_sum += static_cast<uint64_t>(file->event_id(*rec));
                pid_sum += static_cast<uint64_t>(file->pid(*rec));
                if (++events % BENCH_SAMPLE_EVERY == 0) peak_anon = std::max(peak_anon, bench_status_kb("RssAnon"));
            }
        } else {
            while (const Record* rec = reader.next()) {
                type_sum += static_cast<uint64_t>(file->event_id(*rec));
                pid_sum += static_cast<uint64_t>(file->pid(*rec));
                ++events;
            }
        }
        const double t2 = bench_now();
        const double c2 = bench_cpu();
        const long end_anon = bench_status_kb("RssAnon");
        if (mem) peak_anon = std::max(peak_anon, end_anon);
        std::printf("tool=traceshark events=%" PRIu64 " type_sum=%" PRIu64 " pid_sum=%" PRIu64 " digest=%016" PRIx64
                    " open_s=%.6f iter_s=%.6f total_s=%.6f cpu_open_s=%.6f cpu_iter_s=%.6f cpu_total_s=%.6f peak_anon_kb=%ld end_anon_kb=%ld end_file_kb=%ld"
                    " maxrss_kb=%ld damage=%zu\n",
                    events, type_sum, pid_sum, verify ? digest : 0, t1 - t0, t2 - t1, t2 - t0, c1 - c0, c2 - c1, c2 - c0, peak_anon, end_anon,
                    bench_status_kb("RssFile"), bench_maxrss_kb(), reader.damage().size());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_iterate_traceshark: %s: %s\n", path, e.what());
        return 1;
    }
}
