// Procmon's "Save as CSV" format: UTF-8 with BOM, CRLF, every field quoted, the 27 columns of Procmon's
// default column set in its order. Times are shown in UTC (Procmon shows the viewer's local time).
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/tables.hpp"

namespace traceshark::procmon {

inline constexpr std::array<std::string_view, 27> kCsvColumns = {
    "Time of Day", "Process Name", "PID",         "Operation",         "Path",       "Result",
    "Detail",      "Date & Time",  "Relative Time", "Duration",        "Completion Time", "Event Class",
    "Sequence",    "Image Path",   "Company",     "Description",       "Version",    "User",
    "Authentication ID", "Session", "Command Line", "TID",             "Virtualized", "Integrity",
    "Category",    "Parent PID",   "Architecture"};

class CsvWriter {
public:
    CsvWriter(std::ostream& out, const Tables& tables) : out_(out), tables_(tables) {}
    void header();
    // Relative Time counts from the first event written.
    void row(const Event& e);

private:
    void field(std::string_view value, bool last = false);

    std::ostream& out_;
    const Tables& tables_;
    bool have_first_ = false;
    uint64_t first_filetime_ = 0;
    std::string line_;
};

}  // namespace traceshark::procmon
