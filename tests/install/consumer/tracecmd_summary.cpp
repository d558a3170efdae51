// A program outside Traceshark that reads a trace.dat through the installed libs/tracecmd alone
// (tests/install builds it with `pkg-config --static traceshark-tracecmd` or as a Meson subproject).
// Prints the machine, the event count, the first event and the count of every event name.
#include <event-parse.h>  // tep_event::name; libtraceevent's flags come with traceshark-tracecmd's Requires

#include <cinttypes>
#include <cstdio>
#include <exception>
#include <map>
#include <string>

#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

using namespace traceshark::tracecmd;

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: tracecmd-summary FILE\n");
        return 2;
    }
    try {
        auto file = TraceFile::open(argv[1]);
        const Metadata& m = file->metadata();
        std::printf("hostname %s\narch %s\ncpus %d\nversion %d\n", m.machine.hostname.c_str(),
                    m.machine.arch.c_str(), m.cpu_count, m.file_version);
        EventReader reader(*file);
        std::map<std::string, uint64_t> per_name;
        uint64_t events = 0;
        while (const Record* rec = reader.next()) {
            tep_event* format = file->formats().find(file->event_id(*rec));
            std::string name = format ? format->name : "<unknown>";
            if (events++ == 0)
                std::printf("first pid=%d cpu=%d ts=%" PRIu64 " %s\n", file->pid(*rec), rec->cpu, rec->ts,
                            name.c_str());
            ++per_name[name];
        }
        std::printf("events %" PRIu64 "\ndamage %zu\n", events, reader.damage().size());
        for (const auto& [name, n] : per_name) std::printf("event %s %" PRIu64 "\n", name.c_str(), n);
    } catch (const std::exception& e) {  // FormatError, UnsupportedError, std::system_error (cannot open)
        std::fprintf(stderr, "tracecmd-summary: %s: %s\n", argv[1], e.what());
        return 1;
    }
    return 0;
}
