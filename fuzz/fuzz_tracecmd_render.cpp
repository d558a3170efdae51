// libFuzzer target: render the events of a (mutated) trace.dat the way traceshark-dump and the Wireshark
// dissector do, through libtraceevent's print formats and plugins and trace-cmd's ftrace handlers.
#include <cstdint>
#include <string>
#include <vector>

#include "traceshark/tracecmd/error.hpp"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

using namespace traceshark::tracecmd;

namespace {

class ReaderLookahead final : public Lookahead {
public:
    explicit ReaderLookahead(EventReader& r) : reader_(r) {}
    const Record* peek() override { return reader_.peek(); }
    void consume() override { reader_.consume_peeked(); }

private:
    EventReader& reader_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        auto file = TraceFile::open_memory(std::vector<uint8_t>(data, data + size), "fuzz");
        ReportFormatter formatter(*file);
        EventReader reader(*file);
        ReaderLookahead lookahead(reader);
        formatter.set_lookahead(&lookahead);
        std::string line;
        size_t n = 0;
        while (const Record* rec = reader.next()) {
            formatter.format_line(*rec, "", line);
            if (++n == 2000) break;
        }
    } catch (const FormatError&) {
    }
    return 0;
}
