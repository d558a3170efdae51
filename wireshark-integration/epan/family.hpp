// Contract between the "traceshark" dissector and the family dissectors of its "traceshark.family" table
// (linux_trace_event: 1, procmon: 2, later etw). "traceshark" dissects the common header and finds the machine;
// the `data` argument of the table call is a FamilyData and the tvb is the event as its source wrote it. The family
// dissector decodes and renders the event, reports the common traceshark.* items and Info through
// add_common_event_fields, and asks for the process context itself.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <epan/packet.h>

#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::epan {

struct FamilyData {
    const wsmeta::EventHeader* header = nullptr;  // the record's decoded Traceshark header
    const wsmeta::MachineInfo* machine = nullptr;  // null when no interface block describes the machine
    std::span<const uint8_t> trailer;  // the trailing part after the event (header.next_record_size bytes)
    bool tracking = true;              // preference traceshark.tracking: give events their process context
    tvbuff_t* record_tvb = nullptr;     // the whole record: generated common and context items point into it
    proto_item* common_item = nullptr;  // the "traceshark" item and subtree, for the common fields
    proto_tree* common_tree = nullptr;
};

// What the family dissector found, shown as traceshark.pid, .comm, .event.id, .event.system, .event.name and
// .event.text; the text is also the Info column. The views point into the family dissector's own decoded event,
// which outlives the add_common_event_fields call (no copies per frame).
struct EventSummary {
    std::optional<int32_t> pid;
    std::string_view comm;
    std::optional<uint32_t> id;
    std::optional<std::string_view> system, name, text;
};
void add_common_event_fields(packet_info* pinfo, const FamilyData& family, const EventSummary& s);

// A guest event's link to its host (guest_vcpu_link.hpp), shown as traceshark.guest.vcpu, .name, .host_tid,
// .host_frame and .host_pid; name and host_tid only when the capture holds the host, host_frame when the host
// recorded kvm_entry, host_pid when process tracking knows the host frame's process.
struct GuestSummary {
    uint32_t vcpu = 0;
    std::string_view name;
    std::optional<int32_t> host_tid, host_pid;
    std::optional<uint32_t> host_frame;
};
void add_guest_fields(const FamilyData& family, const GuestSummary& g);

// Expert items of the "traceshark" protocol that only the family dissector can judge, on the traceshark item.
enum class CommonProblem { NoMetadata, UnknownEvent, Internal };
void add_common_problem(packet_info* pinfo, const FamilyData& family, CommonProblem problem, const std::string& text);

}  // namespace traceshark::epan
