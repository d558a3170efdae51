// Shared helpers for the libs/tracecmd tests: where the fixtures are, and whole-file capture of events.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

namespace traceshark::test {

inline std::filesystem::path fixtures()
{
    const char* dir = std::getenv("TRACESHARK_FIXTURES");
    return std::filesystem::path(dir ? dir : "tests/fixtures") / "tracecmd";
}

inline std::vector<uint8_t> read_bytes(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One event, copied out of the reader.
struct Event {
    uint64_t ts;
    int cpu;
    uint32_t buffer;
    int64_t missed;
    tracecmd::RecordRef ref;
    std::vector<uint8_t> data;
    bool operator==(const Event&) const = default;
};

inline std::vector<Event> all_events(tracecmd::TraceFile& f, const tracecmd::ReadOptions& o = {},
                                     std::vector<tracecmd::Note>* damage = nullptr)
{
    std::vector<Event> out;
    tracecmd::EventReader r(f, o);
    while (const tracecmd::Record* rec = r.next())
        out.push_back({rec->ts, rec->cpu, rec->buffer, rec->missed_events, rec->ref,
                       std::vector<uint8_t>(rec->data, rec->data + rec->size)});
    if (damage) *damage = r.damage();
    return out;
}

}  // namespace traceshark::test
