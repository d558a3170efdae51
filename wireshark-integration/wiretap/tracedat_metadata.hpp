// What the trace.dat reader puts into interface blocks, computed from a TraceFile (no Wireshark headers).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "capture_plan.hpp"
#include "traceshark/tracecmd/trace_file.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::wiretap {

// record_interfaces: one per buffer, index = buffer index.
// The machine key: hash of host name, uname, trace id and every metadata text of the file.
uint64_t machine_key(tracecmd::TraceFile& file);
// The blob of kind "formats" (params, header_page, header_event, every event format).
std::string formats_blob(tracecmd::TraceFile& file);
// The blob of kind "guest-link" (trace id, host trace id, GUEST options); nullopt for a file that is neither a
// host with guests nor a guest.
std::optional<std::string> guest_link_blob(tracecmd::TraceFile& file);
CapturePlan plan_interfaces(tracecmd::TraceFile& file);

}  // namespace traceshark::wiretap
