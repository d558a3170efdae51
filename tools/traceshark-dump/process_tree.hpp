// `traceshark-dump --processes`: the process instances the tracking engine finds, as a tree per machine, with
// lifetimes, executables, exit codes, threads and event counts.
#pragma once

#include <cstdio>

#include "report_printer.hpp"

namespace traceshark::dump {

void print_process_tree(tracecmd::TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err);

}  // namespace traceshark::dump
