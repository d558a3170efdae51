// What process tracking knows about the open capture file (part of CaptureState): one tracking::Engine, one
// engine machine per machine key and ftrace buffer (an instance records its own copy of the events it enables)
// or Procmon log or ETW trace, and each consumed event's sequence number with its frame. No Wireshark headers.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chunked_vector.hpp"
#include "event_renderer.hpp"
#include "traceshark/procmon/tables.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/etl/mapper.hpp"
#include "traceshark/tracking/linux/mapper.hpp"
#include "traceshark/tracking/procmon/mapper.hpp"

namespace traceshark::epan {

// The captured packets of a connection that are not events of the trace (a packet interface captured with the
// trace: Linux), by Engine::sockets() index: the first one's frame and how many (0: none linked).
struct LinkedPackets {
    uint32_t first_frame = 0;
    uint32_t count = 0;
};

using SeqFrames = ChunkedVector<uint32_t>;  // EventSeq -> frame number

struct ProcessTracker {
    struct FrameEntry {
        uint32_t machine = 0;
        int tid = -1;
        int pid = -1;  // where the format names the event's process (Procmon, ETW)
        tracking::EventSeq seq = 0;
    };
    struct Machine {
        uint32_t id = 0;
        std::unique_ptr<tracking::LinuxMapper> mapper;
        EventRenderer* renderer = nullptr;  // whose formats the mapper reads (owned by the MachineDirectory)
    };
    struct PmlMachine {
        uint32_t id = 0;
        std::unique_ptr<tracking::ProcmonMapper> mapper;
        const procmon::Tables* tables = nullptr;  // whose processes the mapper reads (owned by the MachineDirectory)
    };

    struct EtlMachine {
        uint32_t id = 0;
        tracking::EtlMapper mapper;  // its name tables are the trace's, learned in time order
    };

    tracking::Engine engine;
    std::map<std::pair<uint64_t, uint32_t>, Machine> machines;  // by (machine key, buffer)
    std::map<uint64_t, PmlMachine> pml_machines;                // Procmon logs, by machine key
    std::map<uint64_t, EtlMachine> etl_machines;                // ETW traces, by machine key
    // Per consumed event, 16 bytes (in chunks: no reallocation peak): its frame, and what identifies its thread.
    // Frames come in increasing order and seqs one by one, so a frame's event is found by its number.
    struct SeqEntry {
        uint32_t machine = 0;
        int tid = -1, pid = -1;
    };
    SeqFrames frame_of_seq;                // seq -> frame number (increasing)
    ChunkedVector<SeqEntry> seq_entries;   // seq -> machine, thread
    // The event of `frame`, if it had one.
    std::optional<FrameEntry> entry(uint32_t frame) const
    {
        const size_t n = frame_of_seq.size();
        size_t seq = frame > 0 && frame - 1 < n && frame_of_seq[frame - 1] == frame ? frame - 1 : n;  // every frame an event
        if (seq == n) {  // frames without events before it: binary search
            size_t lo = 0, hi = n;
            while (lo < hi) {
                const size_t mid = lo + (hi - lo) / 2;
                if (frame_of_seq[mid] < frame) lo = mid + 1;
                else hi = mid;
            }
            if (lo == n || frame_of_seq[lo] != frame) return std::nullopt;
            seq = lo;
        }
        const SeqEntry& s = seq_entries[seq];
        return FrameEntry{s.machine, s.tid, s.pid, seq};
    }
    void add_entry(uint32_t frame, tracking::EventSeq seq, uint32_t machine, int tid, int pid)
    {
        while (frame_of_seq.size() < seq) {  // not expected (every seq is recorded): a gap keeps the order
            frame_of_seq.push_back(frame_of_seq.empty() ? 0 : frame_of_seq.back());
            seq_entries.push_back({});
        }
        if (frame_of_seq.size() > seq) return;
        frame_of_seq.push_back(frame);
        seq_entries.push_back(SeqEntry{machine, tid, pid});
    }
    std::unordered_map<uint32_t, tracking::NormalizedEvent> changes;  // frame number -> its non-Activity event
    // The Linux file activities, in frame order: mapped with the fd tables of that moment, they cannot be mapped
    // again later (Procmon and ETW activities can), so each is kept, compactly (paths once, by index).
    struct LinuxActivity {
        uint32_t frame = 0;
        tracking::ActivityKind kind = tracking::ActivityKind::None;
        bool failed = false, keeps_open = false, path_only = false;
        uint32_t path = 0, target = 0;  // into linux_paths (0: "")
        uint32_t protocol = 0, local = 0, remote = 0;  // network: also into linux_paths
        std::optional<uint64_t> bytes, handle;
        std::optional<int64_t> offset;
    };
    std::vector<LinuxActivity> linux_activities;
    std::vector<std::string> linux_paths{std::string()};
    std::unordered_map<std::string, uint32_t> linux_path_index{{std::string(), 0}};

    void keep_linux_activity(uint32_t frame, const tracking::Activity& a)
    {
        auto intern = [&](const std::string& path) {
            auto [it, added] = linux_path_index.try_emplace(path, static_cast<uint32_t>(linux_paths.size()));
            if (added) linux_paths.push_back(path);
            return it->second;
        };
        linux_activities.push_back({frame, a.kind, a.failed, a.keeps_open, a.path_only, intern(a.path),
                                    intern(a.target), intern(a.protocol), intern(a.local), intern(a.remote),
                                    a.bytes, a.handle, a.offset});
    }
    // The activity of `frame`, if it had one.
    std::optional<tracking::Activity> linux_activity(uint32_t frame) const
    {
        auto it = std::lower_bound(linux_activities.begin(), linux_activities.end(), frame,
                                   [](const LinuxActivity& l, uint32_t f) { return l.frame < f; });
        if (it == linux_activities.end() || it->frame != frame) return std::nullopt;
        tracking::Activity a;
        a.kind = it->kind;
        a.failed = it->failed;
        a.keeps_open = it->keeps_open;
        a.path_only = it->path_only;
        a.path = linux_paths[it->path];
        a.target = linux_paths[it->target];
        a.protocol = linux_paths[it->protocol];
        a.local = linux_paths[it->local];
        a.remote = linux_paths[it->remote];
        a.bytes = it->bytes;
        a.handle = it->handle;
        a.offset = it->offset;
        return a;
    }
    uint32_t last_frame = 0;

    // Packets linked to the connections of the trace events (packet_link_context.cpp): the sockets the events of
    // every format used, by Engine::sockets() index, with the times of their first and last events and, for
    // Linux, the mapper's handle (SocketTracker::info has their lives; the times are used when the mapper is
    // gone); the TCP/UDP packets of the capture's other interfaces as the first pass saw them; after it, each
    // packet's socket and each socket's packets.
    struct SocketLife {
        tracking::Timestamp first_ts = 0, last_ts = 0;
        bool closed = false;
        // Linux only: where the mapper that made it is kept.
        std::pair<uint64_t, uint32_t> machine;  // key into `machines`
        const tracking::LinuxMapper* mapper = nullptr;
        uint64_t handle = 0;
    };
    std::unordered_map<uint32_t, SocketLife> socket_lives;
    struct Packet {
        uint32_t frame = 0;
        tracking::Timestamp ts = 0;
        uint32_t protocol = 0, source = 0, destination = 0;  // into linux_paths
        std::optional<uint32_t> socket;
    };
    std::vector<Packet> packets;  // in frame order
    bool packets_linked = false;
    std::vector<LinkedPackets> socket_packets;  // by socket id

    std::optional<uint32_t> frame(std::optional<tracking::EventSeq> seq) const
    {
        if (!seq || *seq >= frame_of_seq.size()) return std::nullopt;
        return frame_of_seq[*seq];
    }
};

}  // namespace traceshark::epan
