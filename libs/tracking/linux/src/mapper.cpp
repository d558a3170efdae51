#include "traceshark/tracking/linux/mapper.hpp"

#include <traceevent/event-parse.h>

#include "event_field.hpp"

#include <cstring>
#include <optional>
#include <string>

namespace traceshark::tracking {
namespace {

constexpr uint64_t kCloneThread = 0x00010000;
constexpr uint64_t kCloneFiles = 0x00000400;
constexpr int64_t kCreatFlags = 0x241;  // creat(): O_CREAT | O_WRONLY | O_TRUNC

// How one file syscall's events name its arguments (nullptr: the syscall has no such argument).
struct SyscallSpec {
    const char* name;
    FileCall call;
    const char *fd = nullptr, *fd2 = nullptr, *flags = nullptr, *dirfd = nullptr, *dirfd2 = nullptr;
    const char *path = nullptr, *path2 = nullptr, *offset = nullptr;
    bool flags_known = true;
    int64_t fixed_flags = 0;
};

// pipe/pipe2 and socketpair write their descriptors to user memory, which no syscall event shows: those
// descriptors appear later as descriptors of unknown objects.
const SyscallSpec kSyscalls[] = {
    {.name = "open", .call = FileCall::Open, .flags = "flags", .path = "filename"},
    {.name = "openat", .call = FileCall::Open, .flags = "flags", .dirfd = "dfd", .path = "filename"},
    {.name = "openat2", .call = FileCall::Open, .dirfd = "dfd", .path = "filename", .flags_known = false},
    {.name = "creat", .call = FileCall::Open, .path = "pathname", .fixed_flags = kCreatFlags},
    {.name = "close", .call = FileCall::Close, .fd = "fd"},
    {.name = "close_range", .call = FileCall::CloseRange, .fd = "fd", .fd2 = "max_fd", .flags = "flags"},
    {.name = "dup", .call = FileCall::Dup, .fd = "fildes"},
    {.name = "dup2", .call = FileCall::Dup, .fd = "oldfd", .fd2 = "newfd"},
    {.name = "dup3", .call = FileCall::Dup, .fd = "oldfd", .fd2 = "newfd", .flags = "flags"},
    {.name = "fcntl", .call = FileCall::Fcntl, .fd = "fd", .fd2 = "arg", .flags = "cmd"},
    {.name = "socket", .call = FileCall::Socket, .fd = "family", .fd2 = "protocol", .flags = "type"},
    {.name = "accept", .call = FileCall::Socket, .fd = "fd"},
    {.name = "accept4", .call = FileCall::Socket, .fd = "fd", .flags = "flags"},
    {.name = "read", .call = FileCall::Read, .fd = "fd"},
    {.name = "write", .call = FileCall::Write, .fd = "fd"},
    {.name = "pread64", .call = FileCall::Read, .fd = "fd", .offset = "pos"},
    {.name = "pwrite64", .call = FileCall::Write, .fd = "fd", .offset = "pos"},
    {.name = "readv", .call = FileCall::Read, .fd = "fd"},
    {.name = "writev", .call = FileCall::Write, .fd = "fd"},
    {.name = "rename", .call = FileCall::Rename, .path = "oldname", .path2 = "newname"},
    {.name = "renameat", .call = FileCall::Rename, .dirfd = "olddfd", .dirfd2 = "newdfd", .path = "oldname", .path2 = "newname"},
    {.name = "renameat2", .call = FileCall::Rename, .dirfd = "olddfd", .dirfd2 = "newdfd", .path = "oldname", .path2 = "newname"},
    {.name = "unlink", .call = FileCall::Unlink, .path = "pathname"},
    {.name = "unlinkat", .call = FileCall::Unlink, .flags = "flag", .dirfd = "dfd", .path = "pathname"},
    {.name = "rmdir", .call = FileCall::Rmdir, .path = "pathname"},
    {.name = "mkdir", .call = FileCall::Mkdir, .path = "pathname"},
    {.name = "mkdirat", .call = FileCall::Mkdir, .dirfd = "dfd", .path = "pathname"},
};

// The uprobes on libc whose string fetch args record the paths (tools/traceshark-record --files, system "libc").
struct LibcProbe {
    const char* name;
    PathCall call;
};
const LibcProbe kLibcProbes[] = {
    {"open64", PathCall::Open}, {"openat64", PathCall::Open}, {"creat64", PathCall::Open},
    {"rename", PathCall::Rename}, {"renameat", PathCall::Rename}, {"renameat2", PathCall::Rename},
    {"unlink", PathCall::Unlink}, {"unlinkat", PathCall::Unlink}, {"rmdir", PathCall::Rmdir},
    {"mkdir", PathCall::Mkdir}, {"mkdirat", PathCall::Mkdir},
};

tep_record as_tep(const tracecmd::Record& r)
{
    tep_record t{};
    t.ts = r.ts;
    t.cpu = r.cpu;
    t.size = static_cast<int>(r.size);
    t.data = const_cast<uint8_t*>(r.data);
    return t;
}

using linux_event::number;

std::optional<int64_t> number(tep_event* ev, tep_record& rec, const char* name)
{
    return number(tep_find_any_field(ev, name), rec);
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

// The field of a path argument the syscall event itself recorded as a string (kernels that read user strings
// for syscall events), else nullptr: here the argument is a bare user pointer.
const char* syscall_string_field(tep_event* ev, const char* arg)
{
    for (const std::string& name : {std::string(arg), "__" + std::string(arg) + "_val"}) {
        tep_format_field* f = tep_find_field(ev, name.c_str());
        if (f && (f->flags & (TEP_FIELD_IS_STRING | TEP_FIELD_IS_DYNAMIC)) && !(f->flags & TEP_FIELD_IS_POINTER))
            return f->name;
    }
    return nullptr;
}

tep_format_field* field_of(tep_event* ev, const char* name) { return name ? tep_find_any_field(ev, name) : nullptr; }

}  // namespace

void LinuxMapper::add_file_events()
{
    for (const SyscallSpec& spec : kSyscalls) {
        const std::string name = spec.name;
        if (tep_event* ev = formats_.find("syscalls", "sys_enter_" + name)) {
            FileEvent f{FileEvent::Enter, &spec, ev};
            f.fd = field_of(ev, spec.fd);
            f.fd2 = field_of(ev, spec.fd2);
            f.flags = field_of(ev, spec.flags);
            f.dirfd = field_of(ev, spec.dirfd);
            f.dirfd2 = field_of(ev, spec.dirfd2);
            f.offset = field_of(ev, spec.offset);
            if (spec.path) f.path = syscall_string_field(ev, spec.path);
            if (spec.path2) f.path2 = syscall_string_field(ev, spec.path2);
            file_events_[ev->id] = f;
        }
        if (tep_event* ev = formats_.find("syscalls", "sys_exit_" + name)) {
            FileEvent f{FileEvent::Exit, &spec, ev};
            f.ret = field_of(ev, "ret");
            file_events_[ev->id] = f;
        }
    }
    for (const LibcProbe& probe : kLibcProbes)
        if (tep_event* ev = formats_.find("libc", probe.name)) file_events_[ev->id] = {FileEvent::Hint, &probe, ev};
}

void LinuxMapper::map_file_event(const FileEvent& f, tep_record& rec, NormalizedEvent& e)
{
    if (f.kind == FileEvent::Hint) {
        const auto* probe = static_cast<const LibcProbe*>(f.spec);
        const bool two = probe->call == PathCall::Rename;
        files_.path_hint(e.tid, probe->call, text(f.event, rec, two ? "oldpath" : "path"),
                         two ? text(f.event, rec, "newpath") : std::string());
        return;
    }
    const auto* spec = static_cast<const SyscallSpec*>(f.spec);
    if (f.kind == FileEvent::Exit) {
        const auto ret = number(f.ret, rec);
        if (!ret) return;
        e.activity = files_.exit(e.tid, spec->call, *ret, e.closed_handles);
        if (e.activity.kind == ActivityKind::None && e.activity.handle) socket_file_exit(spec->call, *ret, e);
        return;
    }
    SyscallArgs a;
    if (auto v = number(f.fd, rec)) a.fd = *v;
    if (auto v = number(f.fd2, rec)) a.fd2 = *v;
    a.flags = spec->fixed_flags;
    if (auto v = number(f.flags, rec)) a.flags = *v;
    a.flags_known = spec->flags_known;
    if (auto v = number(f.dirfd, rec)) a.dirfd = static_cast<int>(*v);
    if (auto v = number(f.dirfd2, rec)) a.dirfd2 = static_cast<int>(*v);
    a.offset = number(f.offset, rec);
    if (f.path) a.path = text(f.event, rec, f.path);
    if (f.path2) a.path2 = text(f.event, rec, f.path2);
    if (spec->call == FileCall::Socket) socket_file_enter(spec->call, spec->name, a, e);
    files_.enter(e.tid, spec->call, std::move(a));
}

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
    add_file_events();
    add_net_events();
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
    if (auto f = file_events_.find(id); f != file_events_.end()) {
        map_file_event(f->second, rec, e);
        return e;
    }
    if (auto n = net_events_.find(id); n != net_events_.end()) {
        map_net_event(n->second, rec, e);
        return e;
    }

    if (is(newtask_)) {
        const auto child = number(newtask_, rec, "pid");
        const auto flags = number(newtask_, rec, "clone_flags");
        if (!child) return e;
        e.kind = flags && (static_cast<uint64_t>(*flags) & kCloneThread) ? EventKind::ThreadStart : EventKind::ProcessStart;
        e.child = static_cast<int>(*child);
        e.name = text(newtask_, rec, "comm");
        announced_.insert(e.child);
        files_.clone(e.tid, e.child, flags && (static_cast<uint64_t>(*flags) & kCloneFiles));
    } else if (is(fork_)) {
        const auto child = number(fork_, rec, "child_pid");
        if (!child || announced_.erase(static_cast<int>(*child))) return e;  // task_newtask said it all
        // Without task_newtask the kind of clone is unknown: count it as a process.
        e.kind = EventKind::ProcessStart;
        e.child = static_cast<int>(*child);
        e.name = text(fork_, rec, "child_comm");
        files_.clone(e.tid, e.child, false);
    } else if (is(exec_)) {
        e.kind = EventKind::Exec;
        e.path = text(exec_, rec, "filename");
        if (const auto old = number(exec_, rec, "old_pid")) e.old_tid = static_cast<int>(*old);
        e.closed_handles = files_.exec(e.tid, e.old_tid);
    } else if (is(rename_)) {
        e.kind = EventKind::Rename;
        if (const auto pid = number(rename_, rec, "pid")) e.child = static_cast<int>(*pid);
        e.name = text(rename_, rec, "newcomm");
    } else if (is(exit_)) {
        e.kind = EventKind::ThreadExit;
        if (const auto pid = number(exit_, rec, "pid")) e.child = static_cast<int>(*pid);
        // Recorded by the exiting task itself: its process is the one whose descriptors close.
        if (e.child == e.tid) e.closed_handles = files_.exit_task(e.child);
    } else if (is(exit_group_)) {
        e.kind = EventKind::ProcessExit;
        // exit_group(status): the exit code is the low byte a parent's wait() sees.
        if (const auto code = number(exit_group_, rec, "error_code")) e.code = static_cast<int>(*code & 0xff);
    } else if (is(free_)) {
        e.kind = EventKind::ProcessFree;
        if (const auto pid = number(free_, rec, "pid")) e.child = static_cast<int>(*pid);
        files_.exit_task(e.child);  // normally gone at its exit already; the pid may be reused now
    }
    return e;
}

std::vector<std::string> LinuxMapper::file_syscalls()
{
    std::vector<std::string> out;
    for (const SyscallSpec& spec : kSyscalls) out.emplace_back(spec.name);
    return out;
}

}  // namespace traceshark::tracking
