#include "traceshark/tracking/linux/mapper.hpp"

#include <traceevent/event-parse.h>

#include <cstring>
#include <optional>
#include <string>

namespace traceshark::tracking {
namespace {

constexpr uint64_t kCloneThread = 0x00010000;

tep_record as_tep(const tracecmd::Record& r)
{
    tep_record t{};
    t.ts = r.ts;
    t.cpu = r.cpu;
    t.size = static_cast<int>(r.size);
    t.data = const_cast<uint8_t*>(r.data);
    return t;
}

std::optional<int64_t> number(tep_event* ev, tep_record& rec, const char* name)
{
    tep_format_field* f = tep_find_any_field(ev, name);
    if (!f || f->offset < 0 || f->offset + f->size > rec.size) return std::nullopt;
    unsigned long long v;
    if (tep_read_number_field(f, rec.data, &v)) return std::nullopt;
    if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8) {  // libtraceevent does not sign-extend
        const unsigned long long sign = 1ull << (f->size * 8 - 1);
        v = (v ^ sign) - sign;
    }
    return static_cast<int64_t>(v);
}

// A char array or __data_loc string field, up to its first NUL.
std::string text(tep_event* ev, tep_record& rec, const char* name)
{
    int len = 0;
    const auto* p = static_cast<const char*>(tep_get_field_raw(nullptr, ev, name, &rec, &len, 0));
    if (!p || len <= 0) return {};
    const auto* base = static_cast<const char*>(rec.data);
    if (p < base || p + len > base + rec.size) return {};  // a damaged __data_loc
    return std::string(p, strnlen(p, static_cast<size_t>(len)));
}

}  // namespace

LinuxMapper::LinuxMapper(tracecmd::EventFormats& formats)
    : formats_(formats),
      newtask_(formats.find("task", "task_newtask")),
      fork_(formats.find("sched", "sched_process_fork")),
      exec_(formats.find("sched", "sched_process_exec")),
      rename_(formats.find("task", "task_rename")),
      exit_(formats.find("sched", "sched_process_exit")),
      exit_group_(formats.find("syscalls", "sys_enter_exit_group")),
      free_(formats.find("sched", "sched_process_free"))
{
}

NormalizedEvent LinuxMapper::map(const tracecmd::Record& r, uint32_t machine)
{
    NormalizedEvent e;
    e.machine = machine;
    e.ts = r.ts;
    e.tid = formats_.pid(r.data, r.size);
    const int id = formats_.event_id(r.data, r.size);
    tep_record rec = as_tep(r);
    auto is = [&](tep_event* ev) { return ev && ev->id == id; };

    if (is(newtask_)) {
        const auto child = number(newtask_, rec, "pid");
        const auto flags = number(newtask_, rec, "clone_flags");
        if (!child) return e;
        e.kind = flags && (static_cast<uint64_t>(*flags) & kCloneThread) ? EventKind::ThreadStart : EventKind::ProcessStart;
        e.child = static_cast<int>(*child);
        e.name = text(newtask_, rec, "comm");
        announced_.insert(e.child);
    } else if (is(fork_)) {
        const auto child = number(fork_, rec, "child_pid");
        if (!child || announced_.erase(static_cast<int>(*child))) return e;  // task_newtask said it all
        // Without task_newtask the kind of clone is unknown: count it as a process.
        e.kind = EventKind::ProcessStart;
        e.child = static_cast<int>(*child);
        e.name = text(fork_, rec, "child_comm");
    } else if (is(exec_)) {
        e.kind = EventKind::Exec;
        e.path = text(exec_, rec, "filename");
        if (const auto old = number(exec_, rec, "old_pid")) e.old_tid = static_cast<int>(*old);
    } else if (is(rename_)) {
        e.kind = EventKind::Rename;
        if (const auto pid = number(rename_, rec, "pid")) e.child = static_cast<int>(*pid);
        e.name = text(rename_, rec, "newcomm");
    } else if (is(exit_)) {
        e.kind = EventKind::ThreadExit;
        if (const auto pid = number(exit_, rec, "pid")) e.child = static_cast<int>(*pid);
    } else if (is(exit_group_)) {
        e.kind = EventKind::ProcessExit;
        // exit_group(status): the exit code is the low byte a parent's wait() sees.
        if (const auto code = number(exit_group_, rec, "error_code")) e.code = static_cast<int>(*code & 0xff);
    } else if (is(free_)) {
        e.kind = EventKind::ProcessFree;
        if (const auto pid = number(free_, rec, "pid")) e.child = static_cast<int>(*pid);
    }
    return e;
}

}  // namespace traceshark::tracking
