// The common, OS-neutral model of what a trace shows about processes, threads, files and sockets. Every format
// (Linux ftrace, Procmon, ETW) is mapped onto it, so that the same questions get the same answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace traceshark::tracking {

using EventSeq = uint64_t;   // position of an event in the chronological stream (frame number - 1 in Wireshark)
using Timestamp = uint64_t;  // nanoseconds
using InstanceId = uint32_t;  // index into Engine::processes() / threads() of one machine

inline constexpr InstanceId kNoInstance = UINT32_MAX;

// A value that changes over the life of a process or thread, with the event that set it.
template <typename T>
struct Timed {
    EventSeq seq;
    Timestamp ts;
    T value;
};

// One process instance: a pid plus its start, so that a reused pid is another instance.
struct Process {
    InstanceId id = kNoInstance;
    uint32_t machine = 0;
    int pid = 0;
    InstanceId parent = kNoInstance;
    bool partial = false;  // existed before the capture started: its start (and maybe parent) is unknown
    std::optional<EventSeq> start_seq, exit_seq;
    Timestamp start_ts = 0, exit_ts = 0;
    std::optional<int> exit_code;
    std::vector<Timed<std::string>> names;       // the main thread's comm over time
    std::vector<Timed<std::string>> exec_files;  // executables, in exec order
    std::string command_line;                    // where a format provides it (Procmon, ETW)
    std::optional<uint32_t> session;             // login session, where the format provides it (ETW)
    std::string user;                            // SID or account name, where the format provides it (ETW)
    std::vector<InstanceId> children;
    std::vector<InstanceId> threads;
};

// The name a process had last, for tables and labels ("?": the trace never named it).
inline std::string last_name(const Process& p) { return p.names.empty() ? std::string("?") : p.names.back().value; }

struct Thread {
    InstanceId id = kNoInstance;
    uint32_t machine = 0;
    int tid = 0;
    InstanceId creator = kNoInstance;  // the thread that created it
    bool partial = false;
    std::optional<EventSeq> start_seq, exit_seq;
    Timestamp start_ts = 0, exit_ts = 0;
    std::vector<Timed<InstanceId>> process;  // the process it belongs to (changes only with exec by a thread)
    std::vector<Timed<std::string>> names;
};

// A file or registry key as one process used it: from its first open (or first use, when it was opened before
// the capture) to its last close, with the bytes moved through it.
struct FileObject {
    enum class Kind : uint8_t { File, RegistryKey };
    uint32_t id = 0;  // index into Engine::files()
    Kind kind = Kind::File;
    uint32_t machine = 0;
    std::string path;
    InstanceId process = kNoInstance;
    bool partial = false;  // used before any open was seen
    std::optional<EventSeq> open_seq, close_seq;
    uint64_t bytes_read = 0, bytes_written = 0;
    uint64_t events = 0;
};

// A connection (TCP) or a flow (UDP) of one process, keyed by its endpoints.
struct Socket {
    uint32_t id = 0;  // index into Engine::sockets()
    uint32_t machine = 0;
    std::string protocol;  // "tcp", "udp"
    std::string local, remote;  // "address:port" as the format shows them
    InstanceId process = kNoInstance;
    bool partial = false;  // used before its connect/accept was seen (always for UDP)
    std::optional<EventSeq> connect_seq, accept_seq, close_seq;
    uint64_t bytes_sent = 0, bytes_received = 0;
    uint64_t events = 0;  // the events that used it (packets not counted)
    // Captured packets of the connection (NetPacket) while it was live: the first one and how many.
    std::optional<EventSeq> first_packet_seq;
    uint64_t packets = 0;
};

// What one process instance did through files, registry keys and sockets over the capture: operations (events
// with an activity; packets and image loads not counted), the bytes moved, and the requests that failed.
struct ProcessIo {
    uint64_t file_ops = 0, files_opened = 0, file_bytes_read = 0, file_bytes_written = 0;
    uint64_t registry_ops = 0;
    uint64_t net_ops = 0, connections = 0, bytes_sent = 0, bytes_received = 0;
    uint64_t failed = 0;
};

// An executable or library mapped into one process, from its load (or first rundown) to its unload.
struct Module {
    uint32_t id = 0;  // index into Engine::modules()
    uint32_t machine = 0;
    std::string path;
    uint64_t base = 0, size = 0;
    InstanceId process = kNoInstance;
    bool partial = false;  // loaded before the capture (a rundown described it)
    std::optional<EventSeq> load_seq, unload_seq;
};

// A machine as the tracker knows it (names from the capture's metadata).
struct MachineInfo {
    std::string hostname;
    std::string os;  // "Linux 6.1.0-18-amd64", "Windows 10 (build 16299)"
};

}  // namespace traceshark::tracking
