// traceshark-dump for ETW traces (.etl): one line per event in time order, a summary, or PerfView-style counts.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/registry.hpp"

namespace traceshark::dump {

enum class EtlMode { Events, Summary, Counts };

// Returns the number of damaged places reported on `err` (the events before and after them are printed).
// `tracelog`: leave out the events PerfView's TraceLog consumes as bookkeeping (tracelog_rules.hpp), so --counts
// compares with PerfView's COUNT lines. They are decoded all the same (decoders learn from the stream).
size_t print_etl(const etl::EtlTrace& trace, etl::DecoderSet& decoders, EtlMode mode, std::FILE* out, std::FILE* err,
                 bool tracelog = false);

// `--processes`: the process tree the tracking engine finds in the trace (libs/tracking/etl's EtlMapper, as the
// Wireshark plugin's first pass drives it), one machine named by the trace's session. Returns the damaged places
// reported on `err`.
size_t print_etl_process_tree(const etl::EtlTrace& trace, etl::DecoderSet& decoders, std::FILE* out, std::FILE* err);

// "2020-07-29T00:07:00.626345600Z"
std::string utc_ns_text(uint64_t ns);

}  // namespace traceshark::dump
