// One live recording in tracefs: a private ftrace instance with the chosen events enabled, its trace clock set
// (mono by default), and a snapshot of everything a trace.dat would carry about the machine (formats, kallsyms, printk
// formats, saved command lines). The destructor removes the instance, so nothing stays enabled afterwards.
// Or, attached: an instance somebody else set up (its own interface, ftrace-NAME), read as it is; the session changes
// nothing in it but its notrace pid list for the time of the capture, and consumes what it reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "presets.hpp"
#include "trace_clock.hpp"
#include "traceshark/wsmeta/ftrace_machine.hpp"

struct tracefs_instance;

namespace traceshark::extcap {

struct SessionOptions {
    std::vector<EventName> events;
    unsigned buffer_kb = 0;  // per CPU; 0 keeps the kernel's default
    int pid = 0;             // only this process and its descendants; 0 all
    std::string comm;        // only events of tasks with this command name (the kernel's COMM filter); "" all
    const TraceClock* clock = &trace_clock(kDefaultClock);
    std::string instance;    // the instance's name; "" traceshark-<pid>. Never one that exists already.
};

struct AttachTo {
    std::string instance;
};

// The instances a capture may attach to: plain names, not the private ones of live recorders (traceshark-<pid>).
// Empty without tracefs or without the right to list it.
std::vector<std::string> attachable_instances();

// The texts behind wsmeta::FtraceMachine, owned.
struct MachineSnapshot {
    std::string hostname, release, version, arch, uname, trace_id;
    wsmeta::FormatParams params;
    std::string header_page, header_event, kallsyms, printk_formats, saved_cmdlines;
    std::vector<std::pair<std::string, std::string>> formats;  // (system, format text)
    wsmeta::FtraceMachine view() const;
};

class FtraceSession {
public:
    // Throws std::runtime_error with a message for the user (no tracefs, not root, an unusable option).
    static std::vector<EventName> available_events();
    explicit FtraceSession(const SessionOptions& options);
    // Attaches to an existing instance: its events, filters, buffers and clock as they are. Throws when it does
    // not exist, has no event enabled, has tracing off, or records with a clock the extcap cannot read.
    explicit FtraceSession(const AttachTo& existing);
    ~FtraceSession();
    FtraceSession(const FtraceSession&) = delete;
    FtraceSession& operator=(const FtraceSession&) = delete;

    tracefs_instance* instance() const { return instance_; }
    const std::string& name() const { return name_; }
    const MachineSnapshot& machine() const { return machine_; }
    const TraceClock& clock() const { return *clock_; }
    // CLOCK_REALTIME - the trace clock, in ns, measured when tracing started.
    int64_t realtime_offset_ns() const { return offset_ns_; }
    // The events enabled in the instance ("system:event").
    const std::vector<std::string>& enabled_events() const { return enabled_; }
    bool attached() const { return attached_; }
    // Stops writing into the ring buffers (what is in them can still be read); an attached session leaves the
    // owner's instance recording.
    void stop_tracing();

private:
    void snapshot_machine();
    void read_enabled_events();
    tracefs_instance* instance_ = nullptr;
    bool attached_ = false;
    std::string notrace_before_;  // an attached instance's set_event_notrace_pid (one line), put back at the end
    std::vector<std::string> enabled_;
    std::string name_;
    const TraceClock* clock_ = nullptr;
    MachineSnapshot machine_;
    int64_t offset_ns_ = 0;
};

// Checks that tracefs is there and usable by this process; throws with what is missing.
void require_tracefs();

}  // namespace traceshark::extcap
