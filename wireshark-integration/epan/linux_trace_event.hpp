// The "linux_trace_event" dissector (packet-linux-trace-event.cpp): every field of a Linux ftrace event,
// registered in the "traceshark.family" table for family 1. It lives in traceshark.so; packet-traceshark.cpp's
// plugin_register registers it next to "traceshark".
//
// Contract with the "traceshark" dissector: the `data` argument of the family-table call is a FamilyData; the
// tvb is the raw event as the ring buffer holds it.
#pragma once

#include <string>

#include "event_renderer.hpp"
#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/tables.hpp"
#include "traceshark/wsmeta/event_header.hpp"

namespace traceshark::epan {

struct FamilyData {
    const wsmeta::EventHeader* header = nullptr;  // the record's decoded Traceshark header
    EventRenderer* renderer = nullptr;            // the machine's formats; null if the capture lacks them
    std::string error;                            // why there is no renderer (or no Procmon tables)
    // Procmon (family 2): the log's tables and the decoded event; null without the tables.
    const procmon::Tables* pml_tables = nullptr;
    const procmon::Event* pml_event = nullptr;
    std::string pml_detail;  // pml_event's Detail text (built once, for Info and the detail field)
};

}  // namespace traceshark::epan

extern "C" void proto_register_linux_trace_event(void);
extern "C" void proto_reg_handoff_linux_trace_event(void);
