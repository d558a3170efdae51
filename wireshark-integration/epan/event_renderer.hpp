// Decodes and prints Linux ftrace events from the metadata carried in a capture (format texts, kallsyms,
// printk formats, saved command lines) instead of from a trace.dat file. No Wireshark headers.
//
// Stop-gap: libs/tracecmd's ReportFormatter only works on a TraceFile, so this class prints with
// libtraceevent directly (plugins loaded, "%s" TEP_PRINT_INFO). It lacks trace-cmd's own ftrace handlers
// (function-graph leaf detection and durations) and the synthetic blktrace event; swap it for a
// ReportFormatter over EventFormats once libs/tracecmd offers that.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/metadata.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

struct trace_seq;

namespace traceshark::epan {

struct EventText {
    int id = -1;
    int pid = -1;
    std::string comm, system, name;
    std::string info;      // what trace-cmd report prints after "name: "
    bool known = false;    // a format for the id exists
};

struct MachineMetadata {
    std::string formats;   // blob of kind "formats" (wsmeta::encode_parts)
    std::string kallsyms, printk, cmdlines;
};

class EventRenderer {
public:
    // Throws std::runtime_error when the formats blob is unusable.
    explicit EventRenderer(MachineMetadata meta);
    ~EventRenderer();
    EventRenderer(const EventRenderer&) = delete;
    EventRenderer& operator=(const EventRenderer&) = delete;

    const wsmeta::FormatParams& params() const { return params_; }
    EventText render(std::span<const uint8_t> data, int cpu, uint64_t ts);

private:
    MachineMetadata meta_;
    std::vector<wsmeta::Part> parts_;
    wsmeta::FormatParams params_;
    tracecmd::Metadata tc_meta_;
    std::unique_ptr<tracecmd::EventFormats> formats_;
    std::unique_ptr<trace_seq> seq_;
};

}  // namespace traceshark::epan
