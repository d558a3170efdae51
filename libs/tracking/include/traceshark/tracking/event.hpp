// Normalized high-level events: what a format-specific mapping tells the tracking engine about one raw event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "traceshark/tracking/model.hpp"

namespace traceshark::tracking {

enum class EventKind : uint8_t {
    Activity,      // any event: only "thread `tid` (named `comm`) did something"
    ProcessStart,  // `tid` created process `child` (a new process whose first thread is `child`)
    ThreadStart,   // `tid` created thread `child` in its own process
    Exec,          // `tid` executed `path`; `old_tid` is the thread that called exec when it was not the leader
    Rename,        // thread `child` (usually `tid` itself) is now called `name`
    ThreadExit,    // thread `child` ended
    ProcessExit,   // the process of `tid` ends with `code` (Linux exit_group)
    ProcessFree,   // the kernel freed task `child`: its pid may be reused from now on
};

struct NormalizedEvent {
    EventKind kind = EventKind::Activity;
    uint32_t machine = 0;
    Timestamp ts = 0;
    int tid = -1;          // the thread the event was recorded in (Linux common_pid)
    std::string comm;      // its name as the event or the file tells it (may be empty)
    int child = -1;        // the thread or process the event is about, when not `tid`
    int old_tid = -1;      // Exec: the calling thread when it was not the leader
    std::string name;      // ProcessStart/ThreadStart: the child's name; Rename: the new name
    std::string path;      // Exec: the executable
    std::optional<int> code;  // ProcessExit
};

}  // namespace traceshark::tracking
