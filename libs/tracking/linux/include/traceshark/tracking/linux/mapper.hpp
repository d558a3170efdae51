// Linux ftrace events (libs/tracecmd records) as normalized tracking events:
//   task:task_newtask / sched:sched_process_fork  process or thread start (CLONE_THREAD decides)
//   sched:sched_process_exec                       exec (a non-leader exec takes over the leader's tid)
//   task:task_rename                               rename
//   sched:sched_process_exit                       thread exit
//   syscalls:sys_enter_exit_group                  process exit code
//   sched:sched_process_free                       the pid may be reused
//   anything else                                  activity of common_pid
#pragma once

#include <cstdint>
#include <set>

#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/record.hpp"
#include "traceshark/tracking/event.hpp"

struct tep_event;

namespace traceshark::tracking {

class LinuxMapper {
public:
    explicit LinuxMapper(tracecmd::EventFormats& formats);
    NormalizedEvent map(const tracecmd::Record& rec, uint32_t machine);

private:
    tracecmd::EventFormats& formats_;
    tep_event *newtask_, *fork_, *exec_, *rename_, *exit_, *exit_group_, *free_;
    std::set<int> announced_;  // children task_newtask reported; their sched_process_fork adds nothing
};

}  // namespace traceshark::tracking
