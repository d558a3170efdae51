// The "traceshark" dissector (packet-traceshark.cpp): the common event header and the machine, then the family.
#pragma once

extern "C" void proto_register_traceshark(void);
extern "C" void proto_reg_handoff_traceshark(void);
