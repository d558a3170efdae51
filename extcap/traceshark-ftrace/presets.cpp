#include "presets.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <set>
#include <utility>
#include <stdexcept>

namespace traceshark::extcap {

const std::vector<Preset>& builtin_presets()
{
    // The process set is exactly tools/traceshark-record's default; files and network its --files and --net.
    static const std::vector<Preset> table = {
        {"processes", "Processes: fork, exec, exit, renames",
         {"task:task_newtask", "task:task_rename", "sched:sched_process_fork", "sched:sched_process_exec",
          "sched:sched_process_exit", "sched:sched_process_free", "syscalls:sys_enter_exit_group"}},
        {"files", "Files: open, read, write, close, rename, unlink",
         {"syscalls:sys_enter_openat", "syscalls:sys_exit_openat", "syscalls:sys_enter_close",
          "syscalls:sys_enter_read", "syscalls:sys_exit_read", "syscalls:sys_enter_write", "syscalls:sys_exit_write",
          "syscalls:sys_enter_renameat2", "syscalls:sys_enter_unlinkat"}},
        // The socket syscalls libs/tracking/linux maps (socket_events.cpp), entry and exit; no uprobes here, so
        // UDP destinations stay unknown (traceshark-record --net adds libc uprobes for them).
        {"network", "Network: sockets, TCP states, send/receive, device queue and receive",
         {"sock:inet_sock_set_state", "syscalls:sys_enter_socket", "syscalls:sys_exit_socket",
          "syscalls:sys_enter_connect", "syscalls:sys_exit_connect", "syscalls:sys_enter_bind", "syscalls:sys_exit_bind",
          "syscalls:sys_enter_listen", "syscalls:sys_exit_listen", "syscalls:sys_enter_accept", "syscalls:sys_exit_accept",
          "syscalls:sys_enter_accept4", "syscalls:sys_exit_accept4", "syscalls:sys_enter_sendto",
          "syscalls:sys_exit_sendto", "syscalls:sys_enter_recvfrom", "syscalls:sys_exit_recvfrom",
          "syscalls:sys_enter_sendmsg", "syscalls:sys_exit_sendmsg", "syscalls:sys_enter_recvmsg",
          "syscalls:sys_exit_recvmsg", "syscalls:sys_enter_close", "syscalls:sys_exit_close", "net:net_dev_queue",
          "net:netif_receive_skb"}},
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
                                      std::string_view extra, const std::vector<EventName>& available)
{
    std::vector<std::pair<std::string, const Preset*>> patterns;  // and the preset it came from
    for (const auto& name : split(preset_list, ", ")) {
        const auto p = std::find_if(catalog.begin(), catalog.end(), [&](const Preset& x) { return x.name == name; });
        if (p == catalog.end()) throw std::runtime_error("unknown preset \"" + name + "\"");
        for (const auto& e : p->events) patterns.emplace_back(e, &*p);
    }
    for (auto& e : split(extra, ", ")) patterns.emplace_back(std::move(e), nullptr);

    std::set<EventName> chosen;
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
        if (!any)
            throw std::runtime_error("no event of this kernel matches \"" + pat + "\"" +
                                     (from && !from->source.empty() ? " (preset file " + from->source + ")" : ""));
    }
    return {chosen.begin(), chosen.end()};
}

}  // namespace traceshark::extcap
