// The "etl" dissector (packet-etw.cpp), registered in the "traceshark.family" table for family 3 (Windows ETW).
#pragma once

extern "C" void proto_register_etl(void);
extern "C" void proto_reg_handoff_etl(void);
