// The "linux_trace_event" dissector (packet-linux-trace-event.cpp): family 1 of "traceshark.family" (family.hpp).
#pragma once

extern "C" void proto_register_linux_trace_event(void);
extern "C" void proto_reg_handoff_linux_trace_event(void);
