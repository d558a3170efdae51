#include "traceshark/tracecmd/guest_symbols.hpp"

#include <traceevent/event-parse.h>

#include <algorithm>

#include "traceshark/tracecmd/event_formats.hpp"

namespace traceshark::tracecmd {

void GuestSymbols::add_input(const std::vector<Guest>& host_guests, std::optional<uint64_t> trace_id, EventFormats& formats)
{
    // trace-cmd keeps the GUEST options newest first and takes the first with the trace id; it drops an option
    // that names a vCPU outside its CPU count.
    const uint64_t id = trace_id.value_or(0);
    const Guest* guest = nullptr;
    for (auto it = host_guests.rbegin(); it != host_guests.rend() && !guest; ++it) {
        const bool valid = std::all_of(it->vcpu_to_host_pid.begin(), it->vcpu_to_host_pid.end(), [&](const auto& v) {
            return v.first >= 0 && static_cast<size_t>(v.first) < it->vcpu_to_host_pid.size();
        });
        if (valid && it->trace_id == id) guest = &*it;
    }
    if (!guest) return;
    formats.load_symbols();
    std::vector<int> pid_of_vcpu(guest->vcpu_to_host_pid.size(), 0);  // calloc'd: a vCPU not listed has pid 0
    for (const auto& [vcpu, pid] : guest->vcpu_to_host_pid) pid_of_vcpu[static_cast<size_t>(vcpu)] = pid;
    for (int pid : pid_of_vcpu) map_.push_back({pid, &formats});
    // glibc's qsort sorts arrays of this size with its merge sort, which keeps equal pids in order.
    std::stable_sort(map_.begin(), map_.end(), [](const Vcpu& a, const Vcpu& b) { return a.host_pid < b.host_pid; });
}

const char* GuestSymbols::find(int host_pid, unsigned long long rip, unsigned long long& start) const
{
    // glibc's bsearch: which of several entries of one pid is found depends on the probing order.
    size_t lo = 0, hi = map_.size();
    const Vcpu* found = nullptr;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (host_pid < map_[mid].host_pid) hi = mid;
        else if (host_pid > map_[mid].host_pid) lo = mid + 1;
        else {
            found = &map_[mid];
            break;
        }
    }
    if (!found) return nullptr;
    tep_handle* tep = found->formats->tep();
    const char* func = tep_find_function(tep, rip);
    if (func) start = tep_find_function_address(tep, rip);
    return func;
}

}  // namespace traceshark::tracecmd
