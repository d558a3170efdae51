// Decodes and prints Linux ftrace events from the metadata carried in a capture (format texts, kallsyms,
// printk formats, saved command lines) instead of from a trace.dat file. No Wireshark headers.
// The text comes from libs/tracecmd's ReportFormatter (libtraceevent plus trace-cmd's own ftrace handlers and
// blktrace event). A dissector sees one record at a time: for function-graph entries the reader appends the record
// that followed in the buffer, so that an entry whose exit comes next reads as report's one-line leaf call.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/metadata.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"
#include "traceshark/wsmeta/machine_info.hpp"
#include "traceshark/wsmeta/tracedat_formats.hpp"

namespace traceshark::epan {

struct EventText {
    int id = -1;
    int pid = -1;
    std::string comm, system, name;
    std::string info;      // what trace-cmd report prints after "name: "
    bool known = false;    // a format for the id exists
};

struct MachineMetadata {
    std::string formats;   // blob of kind "formats" (wsmeta::encode_formats)
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
    // The machine's event formats (libtraceevent), e.g. for per-field dissection.
    tracecmd::EventFormats& formats() { return *formats_; }
    // The machine's saved command lines ("pid comm" lines; empty when the capture lacks them).
    const std::string& cmdlines() const { return meta_.cmdlines; }
    // `next`: the record that follows in the same buffer, when the reader supplied it (empty otherwise).
    EventText render(std::span<const uint8_t> data, int cpu, uint64_t ts, std::span<const uint8_t> next = {});

private:
    MachineMetadata meta_;
    wsmeta::TraceDatFormats decoded_;
    wsmeta::FormatParams params_;
    tracecmd::Metadata tc_meta_;
    std::unique_ptr<tracecmd::EventFormats> formats_;
    std::unique_ptr<tracecmd::ReportFormatter> formatter_;
};

}  // namespace traceshark::epan
