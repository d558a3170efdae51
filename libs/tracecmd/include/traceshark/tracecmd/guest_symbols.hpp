// Guest functions in a KVM host's events, as `trace-cmd report -i HOST -i GUEST ...` (3.1.6) prints them.
//
// libtraceevent's kvm plugin prints the guest rip of kvm_exit ("rip 0x%llx"), kvm_entry, kvm_emulate_insn and
// kvm_nested_vmexit ("rip %llx"), then asks the program (weak hook tep_plugin_kvm_get_func) for a function name,
// which it appends as " <name>" or " <name>+0x<offset>". trace-cmd answers it with several inputs only: the first
// input is the host; each later input (instances included) whose TRACEID a GUEST option of the host names is a
// guest, and each of its vCPUs maps the host task the option gives for it (0 for a vCPU the option does not list)
// to that input. A host event's common_pid is looked up in that map (sorted by pid, binary search as glibc's
// bsearch does) and the rip in the found guest's kallsyms (tep_find_function: the symbol at or before the rip,
// none below the first symbol or beyond the last). No guest, no vCPU thread or no symbol: nothing is appended.
// So `-i GUEST -i HOST` and a host file alone print no guest functions.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "traceshark/tracecmd/metadata.hpp"

namespace traceshark::tracecmd {

class EventFormats;

class GuestSymbols {
public:
    // One input after the first, in report's order (the top buffers of all files, then each file's
    // instances): `trace_id` is its file's TRACEID (0 without one), `formats` its file's formats, whose symbols
    // are loaded here. `host_guests` are the first input's GUEST options. An input no option names adds nothing.
    void add_input(const std::vector<Guest>& host_guests, std::optional<uint64_t> trace_id, EventFormats& formats);
    bool empty() const { return map_.empty(); }

    // The guest function containing `rip` of a host event of task `host_pid`, with `start` set to its first
    // address; nullptr when no vCPU runs on that task or no guest symbol contains the rip.
    const char* find(int host_pid, unsigned long long rip, unsigned long long& start) const;

private:
    struct Vcpu {
        int host_pid;
        EventFormats* formats;
    };
    std::vector<Vcpu> map_;  // sorted by host_pid, vCPUs of one pid in the order added
};

}  // namespace traceshark::tracecmd
