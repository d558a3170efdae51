// Streams a running FtraceSession into a PcapngWriter: every poll interval it reads the per-CPU ring-buffer pages
// that have data (trace_pipe_raw through libtracefs), decodes them with libs/tracecmd's PageDecoder, sorts the
// window's records by time across CPUs and writes them as the trace.dat reader's Exported PDU records
// (docs/extcap.md).
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>

#include "ftrace_session.hpp"
#include "pcapng_writer.hpp"

namespace traceshark::extcap {

struct StreamStats {
    uint64_t events = 0, pages = 0, lost = 0, damaged_pages = 0;
};

// Runs until *stop becomes non-zero (a signal handler sets it), then stops tracing and writes what is left in the
// buffers. Throws ReaderGone when the fifo's reader goes away, std::runtime_error on a tracefs failure; `stats`
// counts what was written until then. `after_window`, when set, runs after each window is written (it may set
// *stop).
void stream(FtraceSession& session, PcapngWriter& out, volatile std::sig_atomic_t* stop, unsigned interval_ms,
            StreamStats& stats, const std::function<void(const StreamStats&)>& after_window = {});

}  // namespace traceshark::extcap
