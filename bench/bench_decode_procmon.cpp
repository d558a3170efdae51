// Full decode of a PML log (every event with stack, path, details and the Detail text), timed in-process:
// prints events, seconds, events/s and MB/s.
#include <chrono>
#include <cstdio>

#include "traceshark/procmon/pml_file.hpp"

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_decode_procmon FILE.PML\n");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    auto file = traceshark::procmon::PmlFile::open(argv[1]);
    size_t chars = 0, frames = 0;
    for (uint32_t i = 0; i < file->event_count(); ++i) {
        const auto e = file->event(i);
        chars += e.detail_text().size() + e.path.size();
        frames += e.stack.size();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%u events, %.3f s, %.0f events/s, %.1f MB/s (%zu detail+path bytes, %zu frames)\n",
                file->event_count(), s, file->event_count() / s, static_cast<double>(file->file_size()) / s / 1e6,
                chars, frames);
    return 0;
}
