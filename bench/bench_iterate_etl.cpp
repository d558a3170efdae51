// ETL throughput, timed in-process. Several files are read as one trace.
//   bench_iterate_etl [--decode|--render] [--mem] FILE.etl [FILE2.etl ...]
// iterate (default): every record in time order, LZ77 buffers decompressed, payload bytes summed;
// --decode: plus every payload decoded into typed fields by the default decoders (names, fields, messages);
// --render: plus every field rendered to text (what traceshark-dump prints);
// --mem:    samples RssAnon after opening, every 4096 events and at the end (the file is mapped: RssFile).
// Prints one line: events, seconds, events/s, MB/s, CPU seconds, decoded/field counts, RssAnon.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_common.h"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/registry.hpp"

namespace {

enum class Mode { Iterate, Decode, Render };

size_t render_fields(const std::vector<traceshark::etl::Field>& fields)
{
    size_t chars = 0;
    for (const auto& f : fields) chars += f.name.size() + f.value.to_string().size();
    return chars;
}

}  // namespace

int main(int argc, char** argv)
{
    Mode mode = Mode::Iterate;
    bool mem = false;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--decode")) mode = Mode::Decode;
        else if (!std::strcmp(argv[i], "--render")) mode = Mode::Render;
        else if (!std::strcmp(argv[i], "--mem")) mem = true;
        else paths.emplace_back(argv[i]);
    }
    if (paths.empty()) {
        std::fprintf(stderr, "usage: bench_iterate_etl [--decode|--render] [--mem] FILE.etl [FILE2.etl ...]\n");
        return 2;
    }
    const double start = bench_now(), cpu0 = bench_cpu();
    auto trace = traceshark::etl::EtlTrace::open(paths);
    auto decoders = traceshark::etl::make_default_decoders();
    const long rss_open = mem ? bench_status_kb("RssAnon") : -1;
    long rss_peak = rss_open;
    traceshark::etl::EventReader reader(*trace);
    uint64_t n = 0, payload = 0, decoded = 0, fields = 0, chars = 0;
    while (const auto* r = reader.next()) {
        ++n;
        payload += r->payload.size();
        if (mode != Mode::Iterate) {
            const auto e = decoders->decode(*r);
            decoded += e.decoded;
            fields += e.fields.size();
            if (mode == Mode::Render) chars += e.name().size() + render_fields(e.fields) + e.message.size();
        }
        if (mem && (n & 4095) == 0) {
            const long kb = bench_status_kb("RssAnon");
            if (kb > rss_peak) rss_peak = kb;
        }
    }
    if (mem) {
        const long kb = bench_status_kb("RssAnon");
        if (kb > rss_peak) rss_peak = kb;
    }
    const double s = bench_now() - start, cpu = bench_cpu() - cpu0;
    std::printf("%llu events, %.4f s, %.0f events/s, %.1f MB/s, cpu %.4f s, decoded %llu, fields %llu, chars %llu,"
                " payload %llu B, damage %zu",
                static_cast<unsigned long long>(n), s, static_cast<double>(n) / s,
                static_cast<double>(trace->metadata().bytes) / s / 1e6, cpu, static_cast<unsigned long long>(decoded),
                static_cast<unsigned long long>(fields), static_cast<unsigned long long>(chars),
                static_cast<unsigned long long>(payload), reader.damage().size());
    if (mem) std::printf(", RssAnon open %ld kB peak %ld kB", rss_open, rss_peak);
    std::printf("\n");
    return 0;
}
