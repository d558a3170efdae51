// Prints the events of a trace.dat file the way `trace-cmd report` (3.1.6) does, line for line.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "traceshark/tracecmd/trace_file.hpp"

namespace traceshark::dump {

struct ReportOptions {
    std::vector<uint32_t> buffers;  // empty: every buffer
    std::optional<int> cpu;
};

// Returns the number of damage reports met while reading (they are written to `err`).
size_t print_report(tracecmd::TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err);

}  // namespace traceshark::dump
