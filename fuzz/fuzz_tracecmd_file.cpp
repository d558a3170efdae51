// libFuzzer target: a whole trace.dat through open, metadata (TIME_SHIFT, GUEST included), iteration, format
// parsing and random access.
#include <cstdint>
#include <vector>

#include "traceshark/tracecmd/error.hpp"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

using namespace traceshark::tracecmd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        auto file = TraceFile::open_memory(std::vector<uint8_t>(data, data + size), "fuzz");
        file->saved_comms();
        // Guest files: the TIME_SHIFT tables at their edges; host files: the GUEST vCPU map.
        const GuestClockSync& sync = file->guest_clock_sync();
        for (int cpu = -1; cpu < 4; ++cpu)
            for (uint64_t ts : {uint64_t{0}, uint64_t{1} << 40, ~uint64_t{0}}) sync.to_host(ts, cpu);
        for (const Guest& g : file->metadata().guests) g.host_pid(0);
        EventReader reader(*file);
        size_t n = 0;
        while (const Record* rec = reader.next()) {
            file->formats().find(file->event_id(*rec));
            file->pid(*rec);
            if (n % 7 == 0) file->read_at(rec->ref);
            if (++n == 20000) break;
        }
        for (uint32_t b = 0; b < file->buffers().size(); ++b) file->latency_text(b);
    } catch (const FormatError&) {
        // Refusing damaged input is the expected outcome.
    }
    return 0;
}
