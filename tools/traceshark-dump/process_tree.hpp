// `traceshark-dump --processes`: the process instances the tracking engine finds, as a tree per machine, with
// lifetimes, executables, exit codes, threads and event counts.
#pragma once

#include <cstdio>
#include <vector>

#include "report_printer.hpp"
#include "traceshark/tracking/engine.hpp"

namespace traceshark::dump {

// An event as the engine consumed it: enough to ask, once all are in, which process it belongs to.
struct ConsumedEvent {
    int tid = -1, pid = -1;
    tracking::EventSeq seq = 0;
};
// Writes the tree of `machine` with each process's count of `events` (every format's --processes ends so).
void write_process_tree(const tracking::Engine& engine, uint32_t machine, const std::vector<ConsumedEvent>& events,
                        std::FILE* out);

void print_process_tree(tracecmd::TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err);

}  // namespace traceshark::dump
