// Normalized high-level events: what a format-specific mapping tells the tracking engine about one raw event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "traceshark/tracking/model.hpp"

namespace traceshark::tracking {

enum class EventKind : uint8_t {
    Activity,      // any event: only "thread `tid` (named `comm`) did something"
    ProcessStart,  // `tid` created process `child` (a new process whose first thread is `child`; on Windows a
                   // stand-in: its real threads come with ThreadStart); `path` is its executable when known
    ThreadStart,   // `tid` created thread `child` in its own process (or in process `pid` when given)
    Exec,          // `tid` executed `path`; `old_tid` is the thread that called exec when it was not the leader
    Rename,        // thread `child` (usually `tid` itself) is now called `name`
    ThreadExit,    // thread `child` ended
    ProcessExit,   // the process of `tid` ends with `code` (Linux exit_group: its threads end it; with `pid`
                   // given, as Windows reports it: the process and its threads end now)
    ProcessFree,   // the kernel freed task `child`: its pid may be reused from now on
};

// What an event did to a file, registry key or socket (the common high-level model across formats).
enum class ActivityKind : uint8_t {
    None,
    FileOpen, FileRead, FileWrite, FileClose, FileDelete, FileMetadata,
    RegistryOpen, RegistryRead, RegistryWrite, RegistryDelete, RegistryClose,
    NetConnect, NetAccept, NetSend, NetReceive, NetDisconnect,
};

// "file open", "registry write", "net send", ... ("" for None)
const char* activity_name(ActivityKind k);

struct Activity {
    ActivityKind kind = ActivityKind::None;
    std::string path;             // file path or registry key
    std::string protocol;         // network: "tcp" / "udp"
    std::string local, remote;    // network endpoints
    std::optional<uint64_t> bytes;
    std::optional<int64_t> offset;
    bool failed = false;          // the request failed: it opens nothing and moves no bytes
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
    // Formats that say which process an event belongs to (Procmon; Linux leaves these empty): threads first seen
    // join process `pid` (on Linux a thread first seen is taken for a process of its own), and a process first
    // seen gets its executable and command line from here. Windows tids are not reused while their thread
    // lives, but are after it ended: with `pid` given, an ended thread's tid seen in another process is a new
    // thread.
    int pid = -1;
    int parent = -1;  // ProcessStart: the parent the system records, when it is not the creator (Windows)
    std::string exec_file;
    std::string command_line;
    Activity activity;  // file, registry and network use (Procmon); None for Linux events so far
};

}  // namespace traceshark::tracking
