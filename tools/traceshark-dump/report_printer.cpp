#include "report_printer.hpp"

#include "report_lines.hpp"

namespace traceshark::dump {

using namespace traceshark::tracecmd;

size_t print_report(TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err)
{
    ReportFormatter formatter(file);
    if (print_report_header(file, out)) return 0;
    const std::vector<std::string> prefixes = buffer_prefixes(file.buffers());
    EventReader reader(file, ReadOptions{options.buffers, options.cpu});
    ReaderLookahead lookahead(reader);
    formatter.set_lookahead(&lookahead);
    DamagePrinter damage(file, reader, err);
    std::string line;
    while (const Record* rec = reader.next()) {
        formatter.format_line(*rec, prefixes[rec->buffer], line);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
        damage.flush();
    }
    return damage.flush();
}

}  // namespace traceshark::dump
