// What the trace.dat reader puts into interface blocks, computed from a TraceFile (no Wireshark headers).
#pragma once

#include <string>
#include <vector>

#include "traceshark/tracecmd/trace_file.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::wiretap {

struct InterfacePlan {
    std::string name, description, os;
};

struct CapturePlan {
    uint64_t key = 0;
    std::vector<InterfacePlan> record_interfaces;  // one per buffer, index = buffer index
    std::vector<InterfacePlan> meta_interfaces;    // metadata-only, referenced by no record
};

// The machine key: hash of host name, uname, trace id and every metadata text of the file.
uint64_t machine_key(tracecmd::TraceFile& file);
// The blob of kind "formats" (params, header_page, header_event, every event format).
std::string formats_blob(tracecmd::TraceFile& file);
CapturePlan plan_interfaces(tracecmd::TraceFile& file);

}  // namespace traceshark::wiretap
