// `trace-cmd report -i A -i B ...`: several files (a host and its guests) printed as one time line. Each line
// is tagged with its file's base name (an instance's lines with the instance name), right-aligned to the
// longest tag; guest files are on host time through their TIME_SHIFT option.
#pragma once

#include <cstdio>
#include <memory>
#include <vector>

#include "report_printer.hpp"

namespace traceshark::dump {

// Returns the number of damage reports met while reading (written to `err`); throws FormatError for a
// latency-format file, which report cannot merge either.
size_t print_multi_report(std::vector<std::unique_ptr<tracecmd::TraceFile>>& files, const ReportOptions& options,
                          std::FILE* out, std::FILE* err);

}  // namespace traceshark::dump
