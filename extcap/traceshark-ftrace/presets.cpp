#include "presets.hpp"

#include "traceshark/tracking/linux/mapper.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <stdexcept>

namespace traceshark::extcap {

namespace {

// Entry and exit events of each syscall.
std::vector<std::string> syscalls(const std::vector<std::string>& names)
{
    std::vector<std::string> out;
    for (const std::string& n : names) {
        out.push_back("syscalls:sys_enter_" + n);
        out.push_back("syscalls:sys_exit_" + n);
    }
    return out;
}

template <typename... Lists>
std::vector<std::string> joined(const Lists&... lists)
{
    std::vector<std::string> out;
    (out.insert(out.end(), lists.begin(), lists.end()), ...);
    return out;
}

}  // namespace

const std::vector<Preset>& builtin_presets()
{
    // Exactly what the tracking maps (libs/tracking/linux says which syscalls), so a recording has what its
    // process, file and network tracking needs. tools/traceshark-record records these presets. The syscall lists
    // name every architecture's; those this kernel lacks (arm64 has no open(2)) are left out (resolve_events).
    using tracking::LinuxMapper;
    static const std::vector<Preset> table = {
        {"processes", "Processes: fork, exec, exit, renames",
         {"task:task_newtask", "task:task_rename", "sched:sched_process_fork", "sched:sched_process_exec",
          "sched:sched_process_exit", "sched:sched_process_free", "syscalls:sys_enter_exit_group"}},
        {"files", "Files: open, read, write, close, rename, unlink", syscalls(LinuxMapper::file_syscalls())},
        // No uprobes here, so UDP destinations stay unknown (traceshark-record --net adds libc uprobes for them).
        {"network", "Network: sockets, TCP states, send/receive, device queue and receive",
         joined(std::vector<std::string>{"sock:inet_sock_set_state"}, syscalls(LinuxMapper::socket_syscalls()),
                std::vector<std::string>{"net:net_dev_queue", "net:netif_receive_skb"})},
        {"scheduler", "Scheduler: switches, wake-ups, migrations",
         {"sched:sched_switch", "sched:sched_wakeup", "sched:sched_wakeup_new", "sched:sched_migrate_task"}},
        {"syscalls", "System calls: every entry and exit (raw_syscalls)", {"raw_syscalls:sys_enter", "raw_syscalls:sys_exit"}},
    };
    return table;
}

namespace {

std::vector<std::string> split(std::string_view s, std::string_view separators)
{
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        const size_t j = s.find_first_of(separators, i);
        const size_t end = j == std::string_view::npos ? s.size() : j;
        if (end > i) out.emplace_back(s.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

}  // namespace

std::vector<EventName> resolve_events(const std::vector<Preset>& catalog, std::string_view preset_list,
                                      std::string_view extra, const std::vector<EventName>& available,
                                      std::vector<std::string>* missing)
{
    std::vector<std::pair<std::string, const Preset*>> patterns;  // and the preset it came from
    for (const auto& name : split(preset_list, ", ")) {
        const auto p = std::find_if(catalog.begin(), catalog.end(), [&](const Preset& x) { return x.name == name; });
        if (p == catalog.end()) throw std::runtime_error("unknown preset \"" + name + "\"");
        for (const auto& e : p->events) patterns.emplace_back(e, &*p);
    }
    for (auto& e : split(extra, ", ")) patterns.emplace_back(std::move(e), nullptr);

    std::set<EventName> chosen;
    std::map<const Preset*, size_t> found;  // events per built-in preset
    for (const auto& [pat, from] : patterns) {
        const size_t sep = pat.find_first_of(":/");
        const std::string sys = sep == std::string::npos ? "*" : pat.substr(0, sep);
        const std::string ev = sep == std::string::npos ? pat : pat.substr(sep + 1);
        bool any = false;
        for (const auto& a : available) {
            if (fnmatch(sys.c_str(), a.system.c_str(), 0) == 0 && fnmatch(ev.c_str(), a.name.c_str(), 0) == 0) {
                chosen.insert(a);
                any = true;
            }
        }
        const bool builtin = from && from->source.empty();
        if (builtin) found[from] += any;
        if (!any && builtin) {
            if (missing) missing->push_back(pat);
        } else if (!any) {
            throw std::runtime_error("no event of this kernel matches \"" + pat + "\"" +
                                     (from ? " (preset file " + from->source + ")" : ""));
        }
    }
    for (const auto& [preset, n] : found)
        if (n == 0) throw std::runtime_error("this kernel has none of the events of the preset \"" + preset->name + "\"");
    return {chosen.begin(), chosen.end()};
}

}  // namespace traceshark::extcap
