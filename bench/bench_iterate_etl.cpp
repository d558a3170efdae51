// Full iteration of an ETL trace (every record in time order, LZ77 buffers decompressed, payload bytes summed),
// timed in-process: prints records, seconds, events/s and MB/s. Several files are read as one trace.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "traceshark/etl/event_reader.hpp"

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_iterate_etl FILE.etl [FILE2.etl ...]\n");
        return 2;
    }
    const std::vector<std::string> paths(argv + 1, argv + argc);
    const auto start = std::chrono::steady_clock::now();
    auto trace = traceshark::etl::EtlTrace::open(paths);
    traceshark::etl::EventReader reader(*trace);
    uint64_t n = 0, payload = 0;
    while (const auto* r = reader.next()) {
        ++n;
        payload += r->payload.size();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%llu events, %.3f s, %.0f events/s, %.1f MB/s (%llu payload bytes, %zu damage notes)\n",
                static_cast<unsigned long long>(n), s, static_cast<double>(n) / s,
                static_cast<double>(trace->metadata().bytes) / s / 1e6, static_cast<unsigned long long>(payload),
                reader.damage().size());
    return 0;
}
