// The tracking engine: consumes normalized events of one or more machines in chronological order and keeps
// versioned state, so that after the pass it can answer "what was the context of event N" for any N (random
// access, as Wireshark re-dissects frames in any order) without replaying.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "traceshark/tracking/event.hpp"
#include "traceshark/tracking/model.hpp"

namespace traceshark::tracking {

// The context of one event.
struct Context {
    const Process* process = nullptr;
    const Thread* thread = nullptr;
    std::string process_name;  // as of the event
    std::string thread_name;
    std::string exec_file;     // the executable as of the event ("" before any exec seen)
    const Process* parent = nullptr;
    std::string parent_name;
};

// Input that broke the chronological order: the engine's answers after it are unreliable.
struct OrderProblem {
    EventSeq seq;
    Timestamp ts, previous_ts;
};

class Engine {
public:
    uint32_t add_machine(MachineInfo info);
    // Names from the file's saved command lines, used for threads first seen without a name.
    void set_known_names(uint32_t machine, std::map<int, std::string> names);

    // Consumes the next event of the chronological stream (seq must increase by one per call). Returns the seq.
    EventSeq consume(const NormalizedEvent& e);

    // The context of event `seq`, which was recorded in thread `tid` of `machine`; `pid`, where the format says
    // which process the event belongs to (NormalizedEvent::pid), wins over the thread's own process.
    Context context(uint32_t machine, int tid, EventSeq seq, int pid = -1) const;
    // context(...).process alone (no names copied).
    const Process* process_of(uint32_t machine, int tid, EventSeq seq, int pid = -1) const;

    const std::vector<Process>& processes() const { return processes_; }
    const std::vector<Thread>& threads() const { return threads_; }
    const std::vector<MachineInfo>& machines() const { return machines_; }
    const std::vector<OrderProblem>& order_problems() const { return order_problems_; }
    // Files, registry keys and sockets the events used (NormalizedEvent::activity), and which one event `seq`
    // used (nullptr: none).
    const std::vector<FileObject>& files() const { return files_; }
    const std::vector<Socket>& sockets() const { return sockets_; }
    const std::vector<Module>& modules() const { return modules_; }
    const FileObject* file_of(EventSeq seq) const;
    const Module* module_of(EventSeq seq) const;
    // The file, registry and network totals of a process instance (all zero when it used none).
    const ProcessIo& io_of(InstanceId process) const;
    const Socket* socket_of(EventSeq seq) const;
    // The process instance `pid` of `machine` that was alive (or last seen) at event `seq`.
    const Process* process_at(uint32_t machine, int pid, EventSeq seq) const;
    // Why answers may be wrong, for the user ("events out of order: sort the capture with reordercap").
    std::string advice() const;

private:
    struct MachineState {
        std::map<int, std::string> known_names;
        // All instances that ever had this tid / pid, oldest first.
        // Looked up for every event (hashed: a capture can see tens of thousands of tids).
        std::unordered_map<int, std::vector<InstanceId>> threads_by_tid;
        std::unordered_map<int, std::vector<InstanceId>> processes_by_pid;
        std::unordered_map<int, bool> freed;  // tid -> the kernel freed it (the next appearance is a new instance)
    };

    // The thread `tid` as of now, created (with its process) on first sight. `about` is the event when `tid` is
    // the thread that recorded it (its comm, pid, executable describe that thread), else nullptr.
    Thread& current_thread(uint32_t machine, int tid, const NormalizedEvent* about, EventSeq seq, Timestamp ts);
    // A process that existed before the capture (first seen at `seq`), named and described by `about` if given.
    InstanceId partial_process(uint32_t machine, int pid, const std::string& name, const NormalizedEvent* about,
                               EventSeq seq, Timestamp ts);
    // The live instance of process `pid`, or kNoInstance.
    InstanceId live_process(uint32_t machine, int pid) const;
    // The latest instance of process `pid`, live or ended, or kNoInstance.
    InstanceId latest_process(uint32_t machine, int pid) const;
    InstanceId new_process(uint32_t machine, int pid, InstanceId parent, bool partial, EventSeq seq, Timestamp ts);
    InstanceId new_thread(uint32_t machine, int tid, InstanceId process, InstanceId creator, bool partial,
                          EventSeq seq, Timestamp ts);
    const Thread* thread_at(uint32_t machine, int tid, EventSeq seq) const;
    void track_activity(const NormalizedEvent& e, InstanceId process, EventSeq seq);  // activity.cpp
    void track_module(const NormalizedEvent& e, InstanceId process, EventSeq seq);    // activity.cpp
    void close_handle(InstanceId process, uint64_t handle, EventSeq seq);             // activity.cpp
    // The live sockets by process instance, protocol, local and remote end.
    using LiveSockets = std::map<std::tuple<InstanceId, std::string, std::string, std::string>, uint32_t>;
    // The live socket handle `a.handle` of `process` refers to, when `a` fits it (its ends filled in from `a`
    // where they were unknown); else live_sockets_.end().
    LiveSockets::iterator socket_by_handle(InstanceId process, const Activity& a);  // activity.cpp
    // Events whose thread is unknown (ETW rundowns, network events logged in another context): the process only.
    void consume_process_event(const NormalizedEvent& e, EventSeq seq);
    // ProcessInfo: `p` gets what it had no value for yet.
    void describe_process(InstanceId p, const NormalizedEvent& e);
    // The live process `pid`, or a partial one created now.
    InstanceId process_for(uint32_t machine, int pid, const NormalizedEvent& e, EventSeq seq);

    std::vector<MachineInfo> machines_;
    std::vector<MachineState> state_;
    std::vector<Process> processes_;
    std::vector<Thread> threads_;
    std::vector<OrderProblem> order_problems_;
    std::vector<FileObject> files_;
    std::vector<Socket> sockets_;
    std::vector<Module> modules_;
    std::vector<ProcessIo> io_;  // by process InstanceId, as far as a process used anything
    std::map<std::pair<InstanceId, uint64_t>, uint32_t> latest_modules_;  // by process and base address
    std::vector<std::pair<EventSeq, uint32_t>> module_uses_;
    std::vector<uint32_t> open_handles_;  // per file: opens not closed yet
    // The objects in use now, by process instance and what identifies them (the path, or the handle when given).
    std::map<std::tuple<InstanceId, FileObject::Kind, std::string, uint64_t>, uint32_t> live_files_;
    LiveSockets live_sockets_;
    // The socket of each (process, protocol, local, remote) that ended last: a packet after the close (the
    // peer's FIN or last ACK, TIME_WAIT) is that connection's, the rule of packet_link.hpp.
    LiveSockets ended_sockets_;
    void end_socket(LiveSockets::iterator live, EventSeq seq);  // activity.cpp
    // The live socket each handle of a process refers to (formats that give handles: Linux), so that a handle closed
    // without an event of its own (exit, exec's close-on-exec, dup2 over it) ends its socket too.
    std::map<std::pair<InstanceId, uint64_t>, uint32_t> socket_handles_;
    // Which object each event used, in seq order (consume is chronological).
    std::vector<std::pair<EventSeq, uint32_t>> file_uses_, socket_uses_;
    EventSeq next_seq_ = 0;
    Timestamp last_ts_ = 0;
};

}  // namespace traceshark::tracking
