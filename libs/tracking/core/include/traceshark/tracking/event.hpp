// Normalized high-level events: what a format-specific mapping tells the tracking engine about one raw event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
    ProcessInfo,   // process `child` exists (a rundown or the format's process table, e.g. ETW DCStart/DCEnd):
                   // its name, executable, command line, parent, session, user; one not seen yet existed before
                   // the capture. What a process had no value for yet is filled in from its first sight on.
};

// What an event did to a file, registry key or socket (the common high-level model across formats).
enum class ActivityKind : uint8_t {
    None,
    FileOpen, FileRead, FileWrite, FileClose, FileDelete, FileMetadata,
    RegistryOpen, RegistryRead, RegistryWrite, RegistryDelete, RegistryClose,
    NetConnect, NetAccept, NetSend, NetReceive, NetDisconnect,
    NetPacket,  // a packet the trace captured (ETW NDIS): on the live connection of its endpoints, no bytes counted
    ImageLoad, ImageUnload,  // an executable or library mapped into / out of the process (`path`, `address`, `bytes`)
};

// "file open", "registry write", "net send", ... ("" for None)
const char* activity_name(ActivityKind k);

struct Activity {
    ActivityKind kind = ActivityKind::None;
    std::string path;             // file path or registry key ("" when the trace does not say)
    std::string target;           // a rename's new path
    std::string protocol;         // network: "tcp" / "udp"
    std::string local, remote;    // network endpoints
    std::optional<uint64_t> bytes;
    std::optional<int64_t> offset;
    bool failed = false;          // the request failed: it opens nothing and moves no bytes
    std::optional<uint64_t> address;  // ImageLoad/ImageUnload: the base address (`bytes`: the image size)
    bool rundown = false;         // a rundown event: the object existed before the capture
    // The open object the format identified (Linux: one open file description, whatever its path): files are
    // keyed on it instead of the path, which may be unknown (empty).
    std::optional<uint64_t> handle;
    bool keeps_open = false;  // FileClose of a handle another descriptor of the process still refers to (dup)
    bool path_only = false;   // names a path and uses no open object (Linux rename, unlink, mkdir): no object
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
    // The process of thread `tid` where the event is about another one (`pid`): Windows records a new process's
    // start, or a thread created in another process, in the creating thread; -1: `pid`'s, as usual.
    int thread_pid = -1;
    std::string exec_file;
    std::string command_line;
    std::optional<uint32_t> session;  // ProcessStart/ProcessInfo/first sight: the login session (Windows)
    std::string user;                 // ... and the user (a SID or account name, as the format gives it)
    Activity activity;  // file, registry and network use
    // Handles (Activity::handle) of the event's process this event closed besides its own activity: Linux exec
    // closing O_CLOEXEC descriptors, the last thread's exit closing all, dup2 onto an open descriptor.
    std::vector<uint64_t> closed_handles;
};

}  // namespace traceshark::tracking
