// `traceshark-dump --summary`: machine, buffers, CPUs, clock, per-event counts and missed events.
#pragma once

#include <cstdio>

#include "report_printer.hpp"

namespace traceshark::dump {

size_t print_summary(tracecmd::TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err);

}  // namespace traceshark::dump
