// The "traceshark" dissector (packet-traceshark.cpp): the common event header and the machine, then the family.
#pragma once

extern "C" void proto_register_traceshark(void);
extern "C" void proto_reg_handoff_traceshark(void);

#include <string>

struct _packet_info;

namespace traceshark::epan {
// Preference traceshark.etw_manifests: instrumentation manifests (files or directories, separated by ';').
std::string etw_manifest_preference();
// Preference traceshark.tracking: process tracking (and what builds on it) is on.
bool traceshark_tracking_enabled();
// The capture has a machine (an interface block of Traceshark's), scanning its interfaces if need be.
struct CaptureState;
bool capture_has_machines(CaptureState& state, _packet_info* pinfo);
}  // namespace traceshark::epan
