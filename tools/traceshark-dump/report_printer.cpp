#include "report_printer.hpp"

#include <algorithm>

#include "traceshark/tracecmd/error.hpp"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"

namespace traceshark::dump {

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

void print_damage(const TraceFile& file, const EventReader& reader, size_t& seen, std::FILE* err)
{
    for (; seen < reader.damage().size(); ++seen) {
        const Note& n = reader.damage()[seen];
        std::fprintf(err, "%s: %s\n", file.path().c_str(), describe_at(n.offset, n.message).c_str());
    }
}

}  // namespace

size_t print_report(TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err)
{
    ReportFormatter formatter(file);
    const auto& buffers = file.buffers();

    std::fprintf(out, "cpus=%d\n", file.metadata().cpu_count);
    if (!buffers.empty() && buffers[0].latency) {
        const std::string text = file.latency_text(0);
        std::fwrite(text.data(), 1, text.size(), out);
        std::fputc('\n', out);
        return 0;
    }

    // With instances, report tags every line with the buffer name, right-aligned to the longest name;
    // the top buffer gets blanks of the same width.
    std::vector<std::string> prefixes(buffers.size());
    if (buffers.size() > 1) {
        size_t width = 0;
        for (const Buffer& b : buffers) width = std::max(width, b.name.size());
        for (size_t i = 0; i < buffers.size(); ++i) {
            const std::string& name = buffers[i].name;
            prefixes[i] = std::string(width - name.size(), ' ') + name + (name.empty() ? "  " : ": ");
        }
    }

    EventReader reader(file, ReadOptions{options.buffers, options.cpu});
    ReaderLookahead lookahead(reader);
    formatter.set_lookahead(&lookahead);
    std::string line;
    size_t damage_seen = 0;
    while (const Record* rec = reader.next()) {
        formatter.format_line(*rec, prefixes[rec->buffer], line);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
        print_damage(file, reader, damage_seen, err);
    }
    print_damage(file, reader, damage_seen, err);
    return damage_seen;
}

}  // namespace traceshark::dump
