// Guest events of a capture tied to their host (part of CaptureState; no Wireshark headers): which guest a
// machine is (its guest-link metadata names the host's trace id, the host's lists the guest's trace id), the host
// thread that runs each vCPU (the host's GUEST option), and the host's kvm_entry frames of those threads.
//
// The host frame of a guest event: the latest kvm:kvm_entry of its vCPU's host thread at or before the guest
// event's time, among the frames dissected before it in the first pass. mergecap writes frames in time order, so
// in a merged capture that is the latest kvm_entry at or before the guest event (an entry at the same nanosecond
// counts when mergecap put it first).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "machine_directory.hpp"
#include "traceshark/wsmeta/guest_link.hpp"

namespace traceshark::epan {

struct GuestIdentity {
    const wsmeta::GuestOfHost* guest = nullptr;  // null when the capture holds no host that lists this guest
    uint64_t host_key = 0;                       // machine key of that host
};

class GuestVcpuLink {
public:
    // nullopt for a machine that is no guest (its file has no TIME_SHIFT option).
    std::optional<GuestIdentity> guest(MachineDirectory& machines, uint64_t machine_key);
    // Whether the machine is a host with guests (its kvm_entry events are worth remembering).
    bool is_host(MachineDirectory& machines, uint64_t machine_key);

    // First pass: a kvm_entry of host thread `tid`.
    void note_kvm_entry(uint64_t host_key, int tid, uint64_t ts, uint32_t frame);
    // The host frame of guest frame `frame` (see above): computed in the first pass, remembered for later ones.
    std::optional<uint32_t> host_frame(uint32_t frame, bool first_pass, uint64_t host_key, int tid, uint64_t ts);

private:
    const wsmeta::GuestLink* link(MachineDirectory& machines, uint64_t key);
    std::map<uint64_t, std::optional<wsmeta::GuestLink>> links_;      // by machine key
    std::map<uint64_t, std::optional<GuestIdentity>> identities_;     // by guest machine key
    std::map<std::pair<uint64_t, int>, std::map<uint64_t, uint32_t>> entries_;  // (host, tid) -> ts -> frame
    std::unordered_map<uint32_t, std::optional<uint32_t>> host_frames_;       // guest frame -> host frame
};

}  // namespace traceshark::epan
