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
    DamagePrinter damage(file, reader, err);
    print_lines(formatter, reader, reader.next(), prefixes, out, damage);
    return damage.flush();
}

}  // namespace traceshark::dump
