// `trace-cmd report` output produced on several threads. Nearly all the cost of a report is libtraceevent
// rendering event text, so consecutive batches of events are rendered by workers that each own a libtraceevent
// handle, and written in order. Rendering state that crosses batches is carried over exactly:
//  - command names the sched_switch / sched_wakeup plugin learns while printing (first name per pid wins)
//    are collected in order by the reading thread and handed to each worker before its next batch;
//  - events whose rendering depends on neighbouring events (ftrace function indentation, function-graph
//    leaves) switch the rest of the report to one thread.
#pragma once

#include <cstdio>
#include <string>

#include "report_printer.hpp"

namespace traceshark::dump {

// How many rendering threads the default mode uses for this file: one (this thread only) unless the file is
// large enough to pay for the workers' own copies of the file's formats and symbols (each worker opens the
// file and loads them: tens of MiB and tens of milliseconds) and there are idle CPUs to run them on.
// Rendering from compiled print formats makes a single thread fast enough for files of a few hundred MiB.
unsigned report_jobs(const tracecmd::TraceFile& file);

size_t print_report_parallel(tracecmd::TraceFile& file, const ReportOptions& options, unsigned workers, std::FILE* out,
                             std::FILE* err);

}  // namespace traceshark::dump
