// The blob of kind "guest-link" (machine_info.hpp): how a trace.dat recorded by `trace-cmd record -A` ties a
// guest to its host, so that a pcapng copy (editcap, mergecap) can still link guest events to the host task that
// ran their vCPU. A guest file has its own trace id and names its host's (TIME_SHIFT peer); a host file lists its
// guests (GUEST options: name, the guest file's trace id, vCPU -> host thread id). Encoder and decoder side by side.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace traceshark::wsmeta {

struct GuestOfHost {
    std::string name;
    uint64_t trace_id = 0;                              // the guest file's TRACEID
    std::vector<std::pair<int, int>> vcpu_to_host_tid;  // (vCPU, host thread running it), as recorded

    int host_tid(int vcpu) const;  // -1 when the option does not say
    bool operator==(const GuestOfHost&) const = default;
};

struct GuestLink {
    std::optional<uint64_t> trace_id;       // TRACEID of this file
    std::optional<uint64_t> host_trace_id;  // guest file: the TIME_SHIFT option's peer (the host's trace id)
    std::vector<GuestOfHost> guests;        // host file: one per GUEST option

    bool operator==(const GuestLink&) const = default;
};

std::string encode_guest_link(const GuestLink& link);
// nullopt when the blob is not a list of parts or a guest's part is malformed.
std::optional<GuestLink> decode_guest_link(std::string_view blob);

}  // namespace traceshark::wsmeta
