#include "traceshark/procmon/csv_writer.hpp"

#include <cstdio>

#include "names.hpp"
#include "text_format.hpp"

namespace traceshark::procmon {

using namespace detail;

namespace {

// Procmon's export cuts the Detail text at 4095 UTF-16 code units (a 4 KiB character buffer).
constexpr size_t kDetailLimit = 4095;

std::string_view clip_utf16_units(std::string_view s, size_t limit)
{
    size_t units = 0;
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        const size_t need = len == 4 ? 2 : 1;
        if (units + need > limit) return s.substr(0, i);
        units += need;
        i += len;
    }
    return s;
}

}  // namespace

void CsvWriter::field(std::string_view value, bool last)
{
    line_ += '"';
    for (char ch : value) {
        if (ch == '"') line_ += '"';
        // Procmon's export turns line feeds into ';' (a multi-line value keeps its CRs).
        line_ += ch == '\n' ? ';' : ch;
    }
    line_ += last ? "\"\r\n" : "\",";
}

void CsvWriter::header()
{
    line_ = "\xEF\xBB\xBF";
    for (size_t i = 0; i < kCsvColumns.size(); ++i) field(kCsvColumns[i], i + 1 == kCsvColumns.size());
    out_ << line_;
}

void CsvWriter::row(const Event& e)
{
    if (!have_first_) {
        have_first_ = true;
        first_filetime_ = e.filetime;
    }
    static const Process unknown;
    const Process* p = tables_.process(e.process_index);
    if (!p) p = &unknown;
    const std::string result = detail::result_name(e.result);
    // Events still pending at the end of the capture have no result, so no duration either.
    const bool completed = !result.empty();
    char auth[24];
    std::snprintf(auth, sizeof auth, "%08x:%08x", static_cast<unsigned>(p->authentication_id >> 32),
                  static_cast<unsigned>(p->authentication_id & 0xFFFFFFFF));

    line_.clear();
    field(filetime_time_of_day(e.filetime));
    field(p->name);
    field(std::to_string(p->pid));
    field(e.operation_name);
    field(e.path);
    field(result);
    const std::string detail = e.detail_text();
    field(clip_utf16_units(detail, kDetailLimit));
    field(filetime_date_time(e.filetime));
    field(elapsed_hms(e.filetime >= first_filetime_ ? e.filetime - first_filetime_ : 0));
    field(completed ? seconds_7(e.duration) : "");
    field(completed ? filetime_time_of_day(e.filetime + e.duration) : "");
    field(event_class_name(e.event_class));
    field("n/a");  // Procmon's own export leaves Sequence empty like this
    field(p->image_path);
    field(p->company);
    field(p->description);
    field(p->version);
    field(p->user);
    field(auth);
    field(std::to_string(p->session));
    field(p->command_line);
    field(std::to_string(e.tid));
    field(p->virtualized == 0 ? "False" : p->virtualized == 1 ? "True" : "n/a");
    field(p->integrity);
    field(e.category);
    field(std::to_string(p->parent_pid));
    field(p->is_64bit ? "64-bit" : "32-bit", true);
    out_ << line_;
}

}  // namespace traceshark::procmon
