// Process context of Linux, Procmon and ETW events (libs/tracking): the "process" subtree (process.*) on every event and the
// "process_event" subtree (process_event.*) on events that start, exec, rename or end a thread or process.
//
// The engine is the capture's (CaptureState::tracker, process_tracker.hpp). On the first pass (frames arrive in
// order) every event is mapped (tracking::LinuxMapper, tracking::ProcmonMapper, tracking::EtlMapper) and consumed; its sequence number (the count of events consumed before it) is remembered with its frame number,
// so that any later pass asks the engine for the context as of that event, with full knowledge of the capture.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include <epan/packet.h>

#include "event_renderer.hpp"
#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/record.hpp"
#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/tables.hpp"
#include "traceshark/tracking/model.hpp"

namespace traceshark::epan {

struct ProcessEventInput {
    uint64_t machine_key = 0;
    uint32_t buffer = 0;            // ftrace buffer: each buffer is tracked on its own (instances repeat events)
    std::string hostname, release, buffer_name;  // for the engine's MachineInfo
    EventRenderer* renderer = nullptr;
    const uint8_t* data = nullptr;  // the event (common fields first)
    size_t size = 0;
    int cpu = 0;
    uint64_t ts = 0;
};

void process_context_register();
// A process's node in the stats trees: "PID name", with " (exit N)" and " (before the capture)" when they apply.
std::string process_node_label(const traceshark::tracking::Process& p);
// Adds the process subtree (and process_event subtree, expert info) for one Linux event.
void process_context_dissect(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const ProcessEventInput& in);
// The same for a Procmon event (tracking::ProcmonMapper with the log's tables).
struct PmlEventInput {
    uint64_t machine_key = 0;
    std::string hostname, os;
    const procmon::Tables* tables = nullptr;
    const procmon::Event* event = nullptr;
};
void process_context_dissect_pml(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const PmlEventInput& in);
// The same for an ETW event (tracking::EtlMapper with the record as the dissector decoded it), and its activity.
// Returns the name of the event's process as of this event ("" when unknown), for traceshark.comm.
struct EtlEventInput {
    uint64_t machine_key = 0;
    // The machine's (hostname, os) for the engine, asked the first time the trace is seen (not built every frame).
    std::function<std::pair<std::string, std::string>()> describe_machine;
    const etl::EventRecord* record = nullptr;
    const etl::DecodedEvent* decoded = nullptr;
};
std::string process_context_dissect_etl(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const EtlEventInput& in);
// The process subtree of a captured packet linked to a connection of process `p` (packet_link_context.hpp).
struct ProcessTracker;
void process_context_dissect_packet(tvbuff_t* tvb, proto_tree* tree, const ProcessTracker& t,
                                    const traceshark::tracking::Process& p);

}  // namespace traceshark::epan
