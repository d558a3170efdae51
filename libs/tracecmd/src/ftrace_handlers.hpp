// The event handlers trace-cmd registers for ftrace's own events (trace-ftrace.c): "function" as
// "func <-- parent", and function-graph entries/exits as an indented call tree with durations.
#pragma once

#include "traceshark/tracecmd/report_formatter.hpp"

struct tep_handle;
struct tep_event;

namespace traceshark::tracecmd {

struct FtraceHandlers {
    Lookahead* lookahead = nullptr;
    tep_event* ret_event = nullptr;  // ftrace:funcgraph_exit, found on first use
    EventFormats* formats = nullptr;

    void register_with(tep_handle* tep);
};

}  // namespace traceshark::tracecmd
