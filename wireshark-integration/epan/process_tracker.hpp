// What process tracking knows about the open capture file (part of CaptureState): one tracking::Engine, one
// engine machine per machine key and ftrace buffer (an instance records its own copy of the events it enables)
// or Procmon log, and each consumed event's sequence number with its frame. No Wireshark headers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "event_renderer.hpp"
#include "traceshark/procmon/tables.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/linux/mapper.hpp"
#include "traceshark/tracking/procmon/mapper.hpp"

namespace traceshark::epan {

struct ProcessTracker {
    struct FrameEntry {
        uint32_t machine = 0;
        int tid = -1;
        int pid = -1;  // where the format names the event's process (Procmon)
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

    tracking::Engine engine;
    std::map<std::pair<uint64_t, uint32_t>, Machine> machines;  // by (machine key, buffer)
    std::map<uint64_t, PmlMachine> pml_machines;                // Procmon logs, by machine key
    std::vector<uint32_t> frame_of_seq;                         // seq -> frame number
    std::unordered_map<uint32_t, FrameEntry> by_frame;          // frame number -> seq
    std::unordered_map<uint32_t, tracking::NormalizedEvent> changes;  // frame number -> its non-Activity event
    uint32_t last_frame = 0;

    std::optional<uint32_t> frame(std::optional<tracking::EventSeq> seq) const
    {
        if (!seq || *seq >= frame_of_seq.size()) return std::nullopt;
        return frame_of_seq[*seq];
    }
};

}  // namespace traceshark::epan
