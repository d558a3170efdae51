// The "procmon" dissector (packet-procmon.cpp), registered in the "traceshark.family" table for family 2.
#pragma once

extern "C" void proto_register_procmon(void);
extern "C" void proto_reg_handoff_procmon(void);
