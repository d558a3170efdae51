#include "guest_vcpu_link.hpp"

namespace traceshark::epan {

namespace wm = traceshark::wsmeta;

const wm::GuestLink* GuestVcpuLink::link(MachineDirectory& machines, uint64_t key)
{
    auto it = links_.find(key);
    if (it == links_.end()) it = links_.emplace(key, machines.guest_link(key, nullptr)).first;
    return it->second ? &*it->second : nullptr;
}

std::optional<GuestIdentity> GuestVcpuLink::guest(MachineDirectory& machines, uint64_t machine_key)
{
    auto it = identities_.find(machine_key);
    if (it != identities_.end()) return it->second;
    std::optional<GuestIdentity> id;
    const wm::GuestLink* own = link(machines, machine_key);
    if (own && own->host_trace_id) {
        id.emplace();
        for (uint64_t k : machines.machine_keys()) {
            const wm::GuestLink* host = k == machine_key ? nullptr : link(machines, k);
            if (!host || host->trace_id != own->host_trace_id) continue;
            for (const wm::GuestOfHost& g : host->guests)
                if (own->trace_id && g.trace_id == *own->trace_id) {
                    id->guest = &g;
                    id->host_key = k;
                }
        }
    }
    identities_.emplace(machine_key, id);
    return id;
}

bool GuestVcpuLink::is_host(MachineDirectory& machines, uint64_t machine_key)
{
    const wm::GuestLink* l = link(machines, machine_key);
    return l && !l->guests.empty();
}

void GuestVcpuLink::note_kvm_entry(uint64_t host_key, int tid, uint64_t ts, uint32_t frame)
{
    // Equal times: the later frame is the latest entry.
    entries_[{host_key, tid}][ts] = frame;
}

std::optional<uint32_t> GuestVcpuLink::host_frame(uint32_t frame, bool first_pass, uint64_t host_key, int tid,
                                                  uint64_t ts)
{
    auto known = host_frames_.find(frame);
    if (known != host_frames_.end() || !first_pass) return known == host_frames_.end() ? std::nullopt : known->second;
    std::optional<uint32_t> found;
    auto e = entries_.find({host_key, tid});
    if (e != entries_.end()) {
        auto at = e->second.upper_bound(ts);
        if (at != e->second.begin()) found = std::prev(at)->second;
    }
    host_frames_.emplace(frame, found);
    return found;
}

}  // namespace traceshark::epan
