// A program outside Traceshark that reads a Process Monitor log through the installed libs/procmon alone
// (tests/install builds it with `pkg-config --static traceshark-procmon` or as a Meson subproject).
// Prints the system details, the process table's size and one line per event.
#include <cstdio>
#include <exception>
#include <string>

#include "traceshark/procmon/pml_file.hpp"

using namespace traceshark::procmon;

// One event per line: Detail texts hold line breaks (a process's environment); the columns are tab-separated.
static std::string escaped(const std::string& text)
{
    std::string out;
    for (char c : text) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out;
}

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: procmon-summary FILE.PML\n");
        return 2;
    }
    try {
        auto log = PmlFile::open(argv[1]);
        const SystemDetails& s = log->system();
        std::printf("computer %s\nos %s\ncpus %u\nbits %u\nprocesses %zu\nevents %u\n", s.computer_name.c_str(),
                    s.operating_system().c_str(), s.logical_processors, s.pointer_size() * 8,
                    log->tables().processes().size(), log->event_count());
        for (uint32_t i = 0; i < log->event_count(); ++i) {
            Event ev = log->event(i);
            const Process* p = log->tables().process(ev.process_index);
            std::printf("event %u\t%u\t%u\t%s\t%s\t%s\t%s\n", ev.index, p ? p->pid : 0, ev.tid,
                        ev.operation_name.c_str(), escaped(ev.path).c_str(), result_name(ev.result).c_str(),
                        escaped(ev.detail_text()).c_str());
        }
    } catch (const std::exception& e) {  // FormatError, UnsupportedError, std::system_error (cannot open)
        std::fprintf(stderr, "procmon-summary: %s: %s\n", argv[1], e.what());
        return 1;
    }
    return 0;
}
