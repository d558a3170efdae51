#include "report_lines.hpp"

#include <algorithm>

#include "traceshark/tracecmd/error.hpp"

namespace traceshark::dump {

using namespace traceshark::tracecmd;

std::vector<std::string> buffer_prefixes(const std::vector<Buffer>& buffers)
{
    std::vector<std::string> prefixes(buffers.size());
    if (buffers.size() < 2) return prefixes;
    size_t width = 0;
    for (const Buffer& b : buffers) width = std::max(width, b.name.size());
    for (size_t i = 0; i < buffers.size(); ++i) {
        const std::string& name = buffers[i].name;
        prefixes[i] = std::string(width - name.size(), ' ') + name + (name.empty() ? "  " : ": ");
    }
    return prefixes;
}

bool print_report_header(TraceFile& file, std::FILE* out)
{
    std::fprintf(out, "cpus=%d\n", file.metadata().cpu_count);
    const auto& buffers = file.buffers();
    if (buffers.empty() || !buffers[0].latency) return false;
    const std::string text = file.latency_text(0);
    // report prints the text printf-style: it stops at a NUL byte.
    std::fwrite(text.data(), 1, std::min(text.size(), text.find('\0')), out);
    std::fputc('\n', out);
    return true;
}

void print_clock_sync_problems(const TraceFile& file, std::FILE* err)
{
    for (const Note& n : file.guest_clock_sync().problems())
        std::fprintf(err, "%s: %s\n", file.path().c_str(), describe_at(n.offset, n.message).c_str());
}

size_t DamagePrinter::flush()
{
    const auto& all = reader_.damage();
    for (; printed_ < all.size(); ++printed_) {
        std::fprintf(err_, "%s: %s\n", file_.path().c_str(), describe_at(all[printed_].offset, all[printed_].message).c_str());
    }
    return all.size();
}

void print_lines(ReportFormatter& formatter, EventReader& reader, const Record* first,
                 const std::vector<std::string>& prefixes, std::FILE* out, DamagePrinter& damage)
{
    ReaderLookahead lookahead(reader);
    formatter.set_lookahead(&lookahead);
    std::string text;  // lines are written in blocks, and before any damage report that follows them
    for (const Record* rec = first; rec; rec = reader.next()) {
        formatter.append_line(*rec, prefixes[rec->buffer], text);
        text += '\n';
        if (text.size() >= 65536 || damage.pending()) {
            std::fwrite(text.data(), 1, text.size(), out);
            text.clear();
        }
        damage.flush();
    }
    std::fwrite(text.data(), 1, text.size(), out);
    formatter.set_lookahead(nullptr);
}

}  // namespace traceshark::dump
