// The interface blocks a Traceshark reader gives its capture (docs/wireshark-integration.md, "Machines and metadata
// inside the capture"): record interfaces, then metadata-only ones. No Wireshark headers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace traceshark::wiretap {

struct InterfacePlan {
    std::string name, description, os;
};

struct CapturePlan {
    uint64_t key = 0;
    std::vector<InterfacePlan> record_interfaces;  // records point to these by index
    std::vector<InterfacePlan> meta_interfaces;    // metadata-only, referenced by no record
};

}  // namespace traceshark::wiretap
