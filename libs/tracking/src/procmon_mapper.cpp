#include "traceshark/tracking/procmon_mapper.hpp"

namespace traceshark::tracking {

namespace {

enum ProcessOp : uint16_t { kCreate = 1, kExit = 2, kThreadCreate = 3, kThreadExit = 4 };

std::string base_name(const std::string& path)
{
    const size_t slash = path.find_last_of("\\/");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int as_int(std::optional<int64_t> v) { return v ? static_cast<int>(*v) : -1; }

}  // namespace

Timestamp filetime_to_ns(uint64_t filetime)
{
    constexpr uint64_t kUnixEpoch = 116444736000000000ull;  // 1970-01-01 as a FILETIME
    return filetime > kUnixEpoch ? (filetime - kUnixEpoch) * 100 : 0;
}

NormalizedEvent ProcmonMapper::map(const procmon::Event& e, uint32_t machine) const
{
    NormalizedEvent n;
    n.machine = machine;
    n.ts = filetime_to_ns(e.filetime);
    const procmon::Process* p = tables_.process(e.process_index);
    if (!p) return n;  // no process: nothing to attribute (tid stays -1)
    n.pid = static_cast<int>(p->pid);
    n.comm = p->name;
    n.exec_file = p->image_path;
    n.command_line = p->command_line;
    // Network events carry no thread: they are the process's (its stand-in thread has the pid as tid).
    n.tid = e.tid != 0 ? static_cast<int>(e.tid) : n.pid;
    if (e.event_class != procmon::EventClass::Process) return n;
    switch (e.operation) {
    case kCreate:
        n.kind = EventKind::ProcessStart;
        n.child = as_int(e.number("PID"));
        n.path = e.path;
        n.name = base_name(e.path);
        if (const procmon::DetailItem* cmd = e.detail("Command line")) n.command_line = cmd->value;
        else n.command_line.clear();
        if (e.created_process) {
            if (const procmon::Process* child = tables_.process(*e.created_process))
                n.parent = static_cast<int>(child->parent_pid);
        }
        break;
    case kThreadCreate:
        n.kind = EventKind::ThreadStart;
        n.child = as_int(e.number("Thread ID"));
        break;
    case kThreadExit:
        n.kind = EventKind::ThreadExit;
        n.child = n.tid;
        break;
    case kExit:
        n.kind = EventKind::ProcessExit;
        if (auto code = e.number("Exit Status")) n.code = static_cast<int>(*code);
        break;
    default: break;
    }
    return n;
}

}  // namespace traceshark::tracking
