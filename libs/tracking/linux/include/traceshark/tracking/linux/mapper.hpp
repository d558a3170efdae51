// Linux ftrace events (libs/tracecmd records) as normalized tracking events:
//   task:task_newtask / sched:sched_process_fork  process or thread start (CLONE_THREAD decides)
//   sched:sched_process_exec                       exec (a non-leader exec takes over the leader's tid)
//   task:task_rename                               rename
//   sched:sched_process_exit                       thread exit
//   syscalls:sys_enter_exit_group                  process exit code
//   sched:sched_process_free                       the pid may be reused
//   syscalls:sys_enter_/sys_exit_ of file syscalls file activity (FileTracker; the activity is on the exit event)
//   libc:<function> uprobes (path, oldpath/newpath) the paths of the next file syscall of the thread
//   syscalls of sockets, sock:inet_sock_set_state, libc:connect/bind/sendto uprobes (socket address)
//                                                  network activity (SocketTracker, socket_events.cpp)
//   anything else                                  activity of common_pid
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/record.hpp"
#include "traceshark/tracking/event.hpp"
#include "traceshark/tracking/linux/file_tracker.hpp"
#include "traceshark/tracking/linux/socket_tracker.hpp"

struct tep_event;
struct tep_format_field;
struct tep_record;

namespace traceshark::tracking {

class LinuxMapper {
public:
    explicit LinuxMapper(tracecmd::EventFormats& formats);
    // The syscalls whose sys_enter_/sys_exit_ events the mapper reads: the fd syscalls of the file tracking and
    // the socket syscalls of the network tracking (recorders enable these: the ftrace extcap's presets).
    static std::vector<std::string> file_syscalls();
    static std::vector<std::string> socket_syscalls();
    NormalizedEvent map(const tracecmd::Record& rec, uint32_t machine);

    // The fd tables and descriptions as of the last event mapped.
    const FileTracker& files() const { return files_; }
    const SocketTracker& sockets() const { return sockets_; }

private:
    struct FileEvent {
        enum Kind : uint8_t { Enter, Exit, Hint } kind;
        const void* spec;  // the syscall's argument names, or the libc probe
        tep_event* event;
        // The argument fields, found once per format (nullptr: absent); path names only where the event
        // itself recorded the string.
        tep_format_field *fd = nullptr, *fd2 = nullptr, *flags = nullptr, *dirfd = nullptr, *dirfd2 = nullptr,
                         *offset = nullptr, *ret = nullptr;
        const char *path = nullptr, *path2 = nullptr;
    };
    void add_file_events();
    void map_file_event(const FileEvent& f, tep_record& rec, NormalizedEvent& e);
    // socket_events.cpp
    struct NetEvent {
        enum Kind : uint8_t { Enter, Exit, Hint, State } kind;
        const void* spec;
        tep_event* event;
        tep_format_field *fd = nullptr, *ret = nullptr;
        // uprobe / inet_sock_set_state fields
        tep_format_field *sa = nullptr, *family = nullptr, *port = nullptr, *addr = nullptr, *addr6_hi = nullptr,
                         *addr6_lo = nullptr, *skaddr = nullptr, *oldstate = nullptr, *newstate = nullptr,
                         *sport = nullptr, *dport = nullptr, *protocol = nullptr, *saddr = nullptr,
                         *daddr = nullptr, *saddr_v6 = nullptr, *daddr_v6 = nullptr;
    };
    void add_net_events();
    void map_net_event(const NetEvent& n, tep_record& rec, NormalizedEvent& e);
    // The socket side of socket/accept/read/write/close (file syscalls whose descriptor is a socket).
    void socket_file_enter(FileCall call, const char* name, const SyscallArgs& a, NormalizedEvent& e);
    void socket_file_exit(FileCall call, int64_t ret, NormalizedEvent& e);

    tracecmd::EventFormats& formats_;
    tep_event *newtask_, *fork_, *exec_, *rename_, *exit_, *exit_group_, *free_;
    std::set<int> announced_;  // children task_newtask reported; their sched_process_fork adds nothing
    std::unordered_map<int, FileEvent> file_events_;  // by event id
    std::unordered_map<int, NetEvent> net_events_;    // by event id
    FileTracker files_;
    SocketTracker sockets_;
};

}  // namespace traceshark::tracking
