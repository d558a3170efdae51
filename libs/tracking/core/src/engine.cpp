#include "traceshark/tracking/engine.hpp"

#include <algorithm>
#include <optional>

namespace traceshark::tracking {
namespace {

// The value of a timeline as of `seq` (the last change at or before it).
template <typename T>
const Timed<T>* at(const std::vector<Timed<T>>& timeline, EventSeq seq)
{
    auto it = std::upper_bound(timeline.begin(), timeline.end(), seq, [](EventSeq s, const Timed<T>& t) { return s < t.seq; });
    return it == timeline.begin() ? nullptr : &*(it - 1);
}

// What Linux names a task after exec: the executable's base name, at most 15 characters.
std::string exec_comm(const std::string& path)
{
    const size_t slash = path.rfind('/');
    return path.substr(slash == std::string::npos ? 0 : slash + 1).substr(0, 15);
}

}  // namespace

uint32_t Engine::add_machine(MachineInfo info)
{
    machines_.push_back(std::move(info));
    state_.emplace_back();
    return static_cast<uint32_t>(machines_.size() - 1);
}

void Engine::set_known_names(uint32_t machine, std::map<int, std::string> names) { state_.at(machine).known_names = std::move(names); }

InstanceId Engine::new_process(uint32_t machine, int pid, InstanceId parent, bool partial, EventSeq seq, Timestamp ts)
{
    Process p;
    p.id = static_cast<InstanceId>(processes_.size());
    p.machine = machine;
    p.pid = pid;
    p.parent = parent;
    p.partial = partial;
    p.start_seq = seq;
    p.start_ts = ts;
    processes_.push_back(std::move(p));
    if (parent != kNoInstance) processes_[parent].children.push_back(processes_.back().id);
    state_[machine].processes_by_pid[pid].push_back(processes_.back().id);
    return processes_.back().id;
}

InstanceId Engine::new_thread(uint32_t machine, int tid, InstanceId process, InstanceId creator, bool partial, EventSeq seq,
                              Timestamp ts)
{
    Thread t;
    t.id = static_cast<InstanceId>(threads_.size());
    t.machine = machine;
    t.tid = tid;
    t.creator = creator;
    t.partial = partial;
    t.start_seq = seq;
    t.start_ts = ts;
    t.process.push_back({seq, ts, process});
    threads_.push_back(std::move(t));
    processes_[process].threads.push_back(threads_.back().id);
    MachineState& m = state_[machine];
    m.threads_by_tid[tid].push_back(threads_.back().id);
    m.freed.erase(tid);
    return threads_.back().id;
}

InstanceId Engine::partial_process(uint32_t machine, int pid, const std::string& name, const NormalizedEvent* about,
                                   EventSeq seq, Timestamp ts)
{
    const InstanceId p = new_process(machine, pid, kNoInstance, true, seq, ts);
    if (!name.empty()) processes_[p].names.push_back({seq, ts, name});
    if (about && !about->exec_file.empty()) processes_[p].exec_files.push_back({seq, ts, about->exec_file});
    if (about) {
        processes_[p].command_line = about->command_line;
        processes_[p].session = about->session;
        processes_[p].user = about->user;
    }
    return p;
}

InstanceId Engine::process_for(uint32_t machine, int pid, const NormalizedEvent& e, EventSeq seq)
{
    const InstanceId p = live_process(machine, pid);
    return p != kNoInstance ? p : partial_process(machine, pid, std::string(), &e, seq, e.ts);
}

void Engine::describe_process(InstanceId id, const NormalizedEvent& e)
{
    Process& p = processes_[id];
    // What a rundown says held since the process's first sight (it existed before the capture).
    const EventSeq since = p.start_seq.value_or(0);
    if (p.names.empty() && !e.name.empty()) p.names.insert(p.names.begin(), {since, p.start_ts, e.name});
    if (p.exec_files.empty() && !e.exec_file.empty())
        p.exec_files.insert(p.exec_files.begin(), {since, p.start_ts, e.exec_file});
    if (p.command_line.empty()) p.command_line = e.command_line;
    if (!p.session) p.session = e.session;
    if (p.user.empty()) p.user = e.user;
    if (p.parent == kNoInstance && e.parent >= 0 && e.parent != p.pid) {
        const InstanceId parent = live_process(p.machine, e.parent);
        if (parent != kNoInstance && parent != id) {
            p.parent = parent;
            processes_[parent].children.push_back(id);
        }
    }
    // The main thread of a partial process, first seen without a name, takes the process's.
    for (InstanceId t : p.threads)
        if (threads_[t].names.empty() && !e.name.empty() && threads_[t].tid == p.pid)
            threads_[t].names.push_back({threads_[t].start_seq.value_or(since), threads_[t].start_ts, e.name});
}

void Engine::consume_process_event(const NormalizedEvent& e, EventSeq seq)
{
    switch (e.kind) {
    case EventKind::ProcessInfo:
        if (e.child >= 0) describe_process(process_for(e.machine, e.child, e, seq), e);
        return;
    case EventKind::ProcessStart: {
        if (e.child < 0) return;
        // The creator is not known: the recorded parent is the parent.
        const InstanceId parent = e.parent >= 0 ? live_process(e.machine, e.parent) : kNoInstance;
        const InstanceId p = new_process(e.machine, e.child, parent, false, seq, e.ts);
        const InstanceId t = new_thread(e.machine, e.child, p, kNoInstance, false, seq, e.ts);
        if (!e.name.empty()) {
            threads_[t].names.push_back({seq, e.ts, e.name});
            processes_[p].names.push_back({seq, e.ts, e.name});
        }
        if (!e.path.empty()) processes_[p].exec_files.push_back({seq, e.ts, e.path});
        processes_[p].command_line = e.command_line;
        processes_[p].session = e.session;
        processes_[p].user = e.user;
        return;
    }
    case EventKind::ProcessExit: {
        if (e.pid < 0) return;
        // The live process, else its latest instance (ETW's end rundown reports ended processes again as
        // Defunct); a process first seen at its end existed before the capture.
        InstanceId id = live_process(e.machine, e.pid);
        if (id == kNoInstance) id = latest_process(e.machine, e.pid);
        if (id == kNoInstance) id = process_for(e.machine, e.pid, e, seq);
        describe_process(id, e);
        Process& p = processes_[id];
        if (e.code && !p.exit_code) p.exit_code = e.code;
        if (p.exit_seq) return;  // told again (ETW Defunct in the end rundown of a process that ended before)
        p.exit_seq = seq;
        p.exit_ts = e.ts;
        for (InstanceId t : p.threads)
            if (!threads_[t].exit_seq) {
                threads_[t].exit_seq = seq;
                threads_[t].exit_ts = e.ts;
            }
        return;
    }
    default: {
        if (e.pid < 0) return;
        // Events just after a process's end (image unloads, late network receives) are still its own.
        InstanceId id = live_process(e.machine, e.pid);
        if (id == kNoInstance) id = latest_process(e.machine, e.pid);
        track_activity(e, id != kNoInstance ? id : process_for(e.machine, e.pid, e, seq), seq);
        return;
    }
    }
}

InstanceId Engine::latest_process(uint32_t machine, int pid) const
{
    const auto& by_pid = state_[machine].processes_by_pid;
    auto it = by_pid.find(pid);
    return it == by_pid.end() || it->second.empty() ? kNoInstance : it->second.back();
}

InstanceId Engine::live_process(uint32_t machine, int pid) const
{
    const auto& by_pid = state_[machine].processes_by_pid;
    auto it = by_pid.find(pid);
    if (it == by_pid.end() || it->second.empty() || processes_[it->second.back()].exit_seq) return kNoInstance;
    return it->second.back();
}

Thread& Engine::current_thread(uint32_t machine, int tid, const NormalizedEvent* about, EventSeq seq, Timestamp ts)
{
    MachineState& m = state_[machine];
    const int pid = about ? about->pid : -1;
    auto it = m.threads_by_tid.find(tid);
    const bool known = it != m.threads_by_tid.end() && !it->second.empty();
    if (known && !m.freed.count(tid) && !threads_[it->second.back()].exit_seq) return threads_[it->second.back()];
    // Events after exit, before free (Linux), or still in the same process (Windows reports a process's exit
    // after its last thread's). Where the format names another process, the ended thread's tid was reused.
    if (known && !m.freed.count(tid)) {
        Thread& last = threads_[it->second.back()];
        if (pid < 0 || processes_[last.process.back().value].pid == pid) return last;
    }
    // First sight: it existed before the capture (or its creation was not recorded).
    std::string name = about ? about->comm : std::string();
    if (name.empty()) {
        auto k = m.known_names.find(tid);
        if (k != m.known_names.end()) name = k->second;
    }
    InstanceId p = pid >= 0 ? live_process(machine, pid) : kNoInstance;
    if (p == kNoInstance) p = partial_process(machine, pid >= 0 ? pid : tid, name, about, seq, ts);
    const InstanceId t = new_thread(machine, tid, p, kNoInstance, true, seq, ts);
    if (!name.empty()) threads_[t].names.push_back({seq, ts, name});
    return threads_[t];
}

EventSeq Engine::consume(const NormalizedEvent& e)
{
    const EventSeq seq = next_seq_++;
    if (e.ts < last_ts_) order_problems_.push_back({seq, e.ts, last_ts_});
    else last_ts_ = e.ts;
    if (e.machine >= state_.size()) return seq;
    if (e.tid < 0) {
        consume_process_event(e, seq);
        return seq;
    }
    // An event about the process it creates (ETW's Process/Start names the child as its process): the creating
    // thread is not the child's.
    const bool about_child = e.kind == EventKind::ProcessStart && e.pid >= 0 && e.pid == e.child;
    const bool foreign = about_child || e.thread_pid >= 0;
    std::optional<NormalizedEvent> creator;  // built only where needed: most events are their thread's own
    if (foreign) {
        creator.emplace();
        creator->comm = e.comm;
        creator->ts = e.ts;
        creator->pid = e.thread_pid;
    }
    const InstanceId self = current_thread(e.machine, e.tid, foreign ? &*creator : &e, seq, e.ts).id;
    const InstanceId own_process = threads_[self].process.back().value;
    // A thread acting for another process (see context()): that process exists from now on.
    if (!about_child && e.pid >= 0 && processes_[own_process].pid != e.pid && live_process(e.machine, e.pid) == kNoInstance)
        partial_process(e.machine, e.pid, e.comm, &e, seq, e.ts);
    InstanceId target = e.pid >= 0 ? live_process(e.machine, e.pid) : own_process;
    // Its own process after that ended (Windows unloads a process's images after its last thread's end).
    if (target == kNoInstance && processes_[own_process].pid == e.pid) target = own_process;
    track_activity(e, target, seq);

    auto rename = [&](InstanceId thread, const std::string& name) {
        Thread& t = threads_[thread];
        if (name.empty() || (!t.names.empty() && t.names.back().value == name)) return;
        t.names.push_back({seq, e.ts, name});
        Process& p = processes_[t.process.back().value];
        if (p.pid == t.tid) p.names.push_back({seq, e.ts, name});  // the main thread names the process
    };
    // `ends_process`: its process ends with its last thread (Linux). Formats that report process ends themselves
    // (Windows: the event names its process) keep the process until then: a process first seen in the capture
    // may have threads the trace never showed.
    auto end_thread = [&](InstanceId thread, bool ends_process) {
        Thread& t = threads_[thread];
        if (t.exit_seq) return;
        t.exit_seq = seq;
        t.exit_ts = e.ts;
        if (!ends_process) return;
        Process& p = processes_[t.process.back().value];
        const bool others = std::any_of(p.threads.begin(), p.threads.end(), [&](InstanceId id) {
            return id != thread && !threads_[id].exit_seq && threads_[id].process.back().value == p.id;
        });
        if (!others && !p.exit_seq) {
            p.exit_seq = seq;
            p.exit_ts = e.ts;
        }
    };

    switch (e.kind) {
    case EventKind::Activity:
        rename(self, e.comm);
        break;
    case EventKind::ProcessStart: {
        if (e.child < 0) break;
        // Windows lets a process be created for another one (elevation, parent spoofing): the recorded parent wins.
        InstanceId parent = own_process;
        if (e.parent >= 0 && e.parent != processes_[own_process].pid) {
            const InstanceId recorded = live_process(e.machine, e.parent);
            if (recorded != kNoInstance) parent = recorded;
        }
        const InstanceId p = new_process(e.machine, e.child, parent, false, seq, e.ts);
        const InstanceId t = new_thread(e.machine, e.child, p, self, false, seq, e.ts);
        const std::string name = e.name.empty() ? (threads_[self].names.empty() ? "" : threads_[self].names.back().value) : e.name;
        if (!name.empty()) {
            threads_[t].names.push_back({seq, e.ts, name});
            processes_[p].names.push_back({seq, e.ts, name});
        }
        // The child starts with the executable the event names (Windows), else its parent's (Linux fork).
        if (!e.path.empty())
            processes_[p].exec_files.push_back({seq, e.ts, e.path});
        else if (!processes_[own_process].exec_files.empty())
            processes_[p].exec_files.push_back({seq, e.ts, processes_[own_process].exec_files.back().value});
        processes_[p].command_line = e.command_line;
        processes_[p].session = e.session;
        processes_[p].user = e.user;
        break;
    }
    case EventKind::ProcessInfo:
        if (e.child >= 0) describe_process(process_for(e.machine, e.child, e, seq), e);
        break;
    case EventKind::ThreadStart: {
        if (e.child < 0) break;
        const InstanceId named = e.pid >= 0 ? live_process(e.machine, e.pid) : kNoInstance;
        const InstanceId t = new_thread(e.machine, e.child, named != kNoInstance ? named : own_process, self, false,
                                        seq, e.ts);
        const std::string name = e.name.empty() ? (threads_[self].names.empty() ? "" : threads_[self].names.back().value) : e.name;
        if (!name.empty()) threads_[t].names.push_back({seq, e.ts, name});
        break;
    }
    case EventKind::Exec: {
        Process& p = processes_[own_process];
        p.exec_files.push_back({seq, e.ts, e.path});
        // exec leaves one thread, with the process's pid: every other thread ends now.
        std::vector<InstanceId> ending;
        for (InstanceId id : p.threads)
            if (id != self && !threads_[id].exit_seq && threads_[id].process.back().value == p.id) ending.push_back(id);
        if (e.old_tid >= 0 && e.old_tid != e.tid) {
            // A non-leader thread exec'd: it takes over the leader's tid (the event is recorded under the new tid).
            const auto& olds = state_[e.machine].threads_by_tid[e.old_tid];
            if (!olds.empty() && olds.back() != self && !threads_[olds.back()].exit_seq) {
                const InstanceId caller = olds.back();
                ending.erase(std::remove(ending.begin(), ending.end(), caller), ending.end());
                threads_[caller].exit_seq = seq;  // its tid is gone
                threads_[caller].exit_ts = e.ts;
            }
        }
        for (InstanceId id : ending) {
            threads_[id].exit_seq = seq;
            threads_[id].exit_ts = e.ts;
        }
        rename(self, exec_comm(e.path));
        break;
    }
    case EventKind::Rename: {
        const int who = e.child >= 0 ? e.child : e.tid;
        const InstanceId t = who == e.tid ? self : current_thread(e.machine, who, nullptr, seq, e.ts).id;
        rename(t, e.name);
        break;
    }
    case EventKind::ThreadExit: {
        const int who = e.child >= 0 ? e.child : e.tid;
        end_thread(who == e.tid ? self : current_thread(e.machine, who, nullptr, seq, e.ts).id, e.pid < 0);
        break;
    }
    case EventKind::ProcessExit: {
        // The process the event names (Windows: another thread may report it), else the thread's own.
        const InstanceId named = e.pid >= 0 ? live_process(e.machine, e.pid) : kNoInstance;
        // A process first seen just before its end gets its name and command line from it (ETW Process/End).
        describe_process(named != kNoInstance ? named : own_process, e);
        Process& p = processes_[named != kNoInstance ? named : own_process];
        if (e.code) p.exit_code = e.code;
        if (e.pid < 0 || p.exit_seq) break;
        // Windows reports the end of the process itself: it and its remaining threads end here.
        p.exit_seq = seq;
        p.exit_ts = e.ts;
        for (InstanceId id : p.threads) {
            if (!threads_[id].exit_seq) {
                threads_[id].exit_seq = seq;
                threads_[id].exit_ts = e.ts;
            }
        }
        break;
    }
    case EventKind::ProcessFree: {
        const int who = e.child >= 0 ? e.child : e.tid;
        MachineState& m = state_[e.machine];
        auto it = m.threads_by_tid.find(who);
        if (it != m.threads_by_tid.end() && !it->second.empty()) end_thread(it->second.back(), true);
        m.freed[who] = true;
        break;
    }
    }
    return seq;
}

namespace {

// Of the instances that had an id (oldest first), the latest that had started by `seq`; the first one for events
// before any start (they are its first sight).
template <typename T>
const T* instance_at(const std::unordered_map<int, std::vector<InstanceId>>& by_id, const std::vector<T>& all, int id, EventSeq seq)
{
    auto it = by_id.find(id);
    if (it == by_id.end() || it->second.empty()) return nullptr;
    const T* best = nullptr;
    for (InstanceId i : it->second)
        if (all[i].start_seq && *all[i].start_seq <= seq) best = &all[i];
    return best ? best : &all[it->second.front()];
}

}  // namespace

const Thread* Engine::thread_at(uint32_t machine, int tid, EventSeq seq) const
{
    return machine < state_.size() ? instance_at(state_[machine].threads_by_tid, threads_, tid, seq) : nullptr;
}

const Process* Engine::process_at(uint32_t machine, int pid, EventSeq seq) const
{
    return machine < state_.size() ? instance_at(state_[machine].processes_by_pid, processes_, pid, seq) : nullptr;
}

const Process* Engine::process_of(uint32_t machine, int tid, EventSeq seq, int pid) const
{
    const Thread* t = thread_at(machine, tid, seq);
    if (!t) return pid >= 0 ? process_at(machine, pid, seq) : nullptr;  // a process event without a thread
    const auto* at_seq = at(t->process, seq);
    const Process* p = &processes_[at_seq ? at_seq->value : t->process.front().value];
    // A thread acting for another process (Procmon logs a new process's start on its creator's thread).
    if (pid >= 0 && p->pid != pid) {
        if (const Process* named = process_at(machine, pid, seq)) p = named;
    }
    return p;
}

Context Engine::context(uint32_t machine, int tid, EventSeq seq, int pid) const
{
    Context c;
    c.thread = thread_at(machine, tid, seq);
    if (!c.thread && pid >= 0) c.process = process_at(machine, pid, seq);  // a process event without a thread
    if (!c.thread && !c.process) return c;
    if (!c.thread) {
        if (const auto* n = at(c.process->names, seq)) c.process_name = n->value;
        if (const auto* x = at(c.process->exec_files, seq)) c.exec_file = x->value;
        if (c.process->parent != kNoInstance) {
            c.parent = &processes_[c.process->parent];
            if (const auto* n = at(c.parent->names, seq)) c.parent_name = n->value;
            else if (!c.parent->names.empty()) c.parent_name = c.parent->names.front().value;
        }
        return c;
    }
    if (const auto* p = at(c.thread->process, seq)) c.process = &processes_[p->value];
    else c.process = &processes_[c.thread->process.front().value];
    // A thread acting for another process (Procmon logs a new process's start on its creator's thread).
    if (pid >= 0 && c.process->pid != pid) {
        if (const Process* p = process_at(machine, pid, seq)) c.process = p;
    }
    if (const auto* n = at(c.thread->names, seq)) c.thread_name = n->value;
    if (const auto* n = at(c.process->names, seq)) c.process_name = n->value;
    if (const auto* x = at(c.process->exec_files, seq)) c.exec_file = x->value;
    if (c.process->parent != kNoInstance) {
        c.parent = &processes_[c.process->parent];
        if (const auto* n = at(c.parent->names, seq)) c.parent_name = n->value;
        else if (!c.parent->names.empty()) c.parent_name = c.parent->names.front().value;
    }
    return c;
}

std::string Engine::advice() const
{
    if (order_problems_.empty()) return {};
    return std::to_string(order_problems_.size()) +
           " events are out of time order (the first at event " + std::to_string(order_problems_.front().seq + 1) +
           "): process context after it may be wrong; sort the capture with reordercap";
}

}  // namespace traceshark::tracking
