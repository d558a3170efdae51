// EtlMapper on ../shared/corpus (each case skips when the corpus is absent), against oracles the mapper does not
// produce: Microsoft Tx's expectations and the Kernel-Process manifest's fields (Process.etl), PerfView's
// process, file and image names in its baseline (net.4.5.2.x64.etl), the raw Process/Thread/Image fields of
// every event (ShutdownPerfDiagLogger.etl), and byte sums computed here from the raw TCP/UDP payloads
// (KernelNetwork.etl's Kernel-Network events, net.4.5.2.x64.etl's TcpIp/UdpIp events).
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_providers.hpp"
#include "traceshark/etl/registry.hpp"
#include "traceshark/etl/tracelog_rules.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/etl/mapper.hpp"

using namespace traceshark::tracking;
namespace etl = traceshark::etl;

namespace {

std::optional<std::filesystem::path> corpus(const std::string& relative)
{
    const char* dir = std::getenv("TRACESHARK_CORPUS");
    if (dir && std::filesystem::exists(std::filesystem::path(dir) / relative)) return std::filesystem::path(dir) / relative;
    BOOST_TEST_MESSAGE("corpus absent (" << relative << "): skipped");
    return std::nullopt;
}

// One event as the chronological pass saw it: what the oracles need of the record, and what the mapper said.
struct Seen {
    uint64_t time_ns = 0;
    uint32_t header_pid = 0, header_tid = 0;
    etl::Guid provider;
    uint16_t hook = 0, id = 0;
    bool kernel = false;
    std::string name;                       // PerfView's event name
    std::map<std::string, std::string> fields;  // decoded, as text
    std::vector<uint8_t> payload;           // kept only where a case asks for it
    etl::perfview::TraceLogRule tracelog = etl::perfview::TraceLogRule::Kept;  // PerfView keeps it or not
    NormalizedEvent mapped;
};

struct Run {
    Engine engine;
    EtlMapper mapper;
    std::vector<Seen> events;  // by seq
    uint64_t start_ns = 0;
};

std::unique_ptr<Run> run(const std::filesystem::path& file, const std::vector<std::string>& manifests = {},
                         bool keep_payload = false)
{
    auto r = std::make_unique<Run>();
    auto trace = etl::EtlTrace::open(file.string());
    r->start_ns = trace->metadata().files.at(0).start_time_ns();
    etl::DecoderOptions options;
    options.manifest_paths = manifests;
    auto decoders = etl::make_default_decoders(options);
    const uint32_t machine = r->engine.add_machine({"corpus", "Windows"});
    etl::EventReader reader(*trace);
    while (const etl::EventRecord* rec = reader.next()) {
        const etl::DecodedEvent d = decoders->decode(*rec);
        Seen s;
        s.time_ns = rec->time_ns;
        s.header_pid = rec->pid;
        s.header_tid = rec->tid;
        s.provider = rec->provider;
        s.hook = rec->hook_id;
        s.id = rec->descriptor.id;
        s.kernel = rec->is_kernel();
        s.name = d.name();
        for (const etl::Field& f : d.fields) s.fields[f.name] = f.value.to_string();
        if (keep_payload) s.payload.assign(rec->payload.begin(), rec->payload.end());
        s.tracelog = etl::perfview::tracelog_rule(*rec);
        s.mapped = r->mapper.map(*rec, d, machine);
        r->engine.consume(s.mapped);
        r->events.push_back(std::move(s));
    }
    return r;
}

std::string field(const Seen& s, const std::string& name)
{
    auto it = s.fields.find(name);
    return it == s.fields.end() ? std::string() : it->second;
}

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('\\') + 1); }

Context context_of(const Run& r, EventSeq seq)
{
    const NormalizedEvent& n = r.events[seq].mapped;
    return r.engine.context(0, n.tid, seq, n.pid);
}

// One process instance per pid and start, counted from the raw events: a pid the events name (header PID or
// payload ProcessID) before any start of it is one instance (it existed before the capture), each start another;
// a start told again before the pid's end (the MOF and the Kernel-Process event of one start) is the same one.
bool is_process_start(const Seen& s)
{
    return (s.kernel && s.hook == 0x0301) ||
           (s.provider == etl::kernel::kKernelProcessGuid && s.id == etl::kernel::kernel_process::kProcessStart);
}
bool is_process_end(const Seen& s)
{
    return (s.kernel && s.hook == 0x0302) ||
           (s.provider == etl::kernel::kKernelProcessGuid && s.id == etl::kernel::kernel_process::kProcessStop);
}

void check_instances(const Run& r)
{
    std::map<int, size_t> expected;
    std::set<int> started, running;
    for (const Seen& s : r.events) {
        const std::string payload_pid = field(s, "ProcessID");
        const bool start = is_process_start(s) && !payload_pid.empty();
        if (start) {
            const int pid = std::stoi(payload_pid);
            if (running.insert(pid).second) ++expected[pid];
            started.insert(pid);
        }
        if (is_process_end(s) && !payload_pid.empty()) running.erase(std::stoi(payload_pid));
        for (int pid : {s.header_pid == etl::kNoId ? -1 : static_cast<int>(s.header_pid),
                        start || payload_pid.empty() ? -1 : std::stoi(payload_pid)})
            if (pid >= 0 && !started.count(pid) && !expected.count(pid)) expected[pid] = 1;
    }
    std::map<int, size_t> got;
    for (const Process& p : r.engine.processes()) ++got[p.pid];
    BOOST_TEST(got.size() == expected.size());
    for (const auto& [pid, n] : expected) BOOST_TEST(got[pid] == n, "pid " << pid);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(etl_mapper_corpus)

// Tx's ProcessTest: 4 ProcessStart, 4 ProcessStop, 2 processes with both (the "joined pairs"). Each started
// process has the pid, parent and image the Kernel-Process manifest's fields give; each stop its exit code.
BOOST_AUTO_TEST_CASE(process_etl_kernel_process_manifest)
{
    const auto file = corpus("etl/Process.etl");
    const auto manifest = corpus("expected/manifests/Manifests-Win10-18990__Microsoft-Windows-Kernel-Process.xml");
    if (!file || !manifest) return;
    auto r = run(*file, {manifest->string()});
    std::map<int, const Seen*> starts, stops;
    for (const Seen& s : r->events) {
        if (s.provider != etl::kernel::kKernelProcessGuid) continue;
        if (s.id == etl::kernel::kernel_process::kProcessStart) starts[std::stoi(field(s, "ProcessID"))] = &s;
        if (s.id == etl::kernel::kernel_process::kProcessStop) stops[std::stoi(field(s, "ProcessID"))] = &s;
    }
    BOOST_TEST(starts.size() == 4u);
    BOOST_TEST(stops.size() == 4u);

    size_t started = 0, joined = 0, with_exit = 0;
    for (const Process& p : r->engine.processes()) {
        if (!p.partial) {
            ++started;
            BOOST_REQUIRE_MESSAGE(starts.count(p.pid), "pid " << p.pid);
            const Seen& s = *starts[p.pid];
            BOOST_REQUIRE(p.parent != kNoInstance);
            BOOST_TEST(r->engine.processes()[p.parent].pid == std::stoi(field(s, "ParentProcessID")));
            BOOST_TEST(p.names.front().value == base_name(field(s, "ImageName")));
            BOOST_TEST(p.session.value_or(99) == static_cast<uint32_t>(std::stoul(field(s, "SessionID"))));
        }
        if (p.exit_code) {
            ++with_exit;
            BOOST_REQUIRE_MESSAGE(stops.count(p.pid), "pid " << p.pid);
            BOOST_TEST(*p.exit_code == std::stoi(field(*stops[p.pid], "ExitCode")));
            if (!p.partial) ++joined;
        }
    }
    BOOST_TEST(started == 4u);
    BOOST_TEST(with_exit == 4u);
    BOOST_TEST(joined == 2u);

    // Every process, thread and image event (ids 1-6) has the process it names as its context; a ProcessStart,
    // recorded by the creating thread, has the creator (here the parent), as PerfView shows it. (Priority
    // changes, ids 7-10, are the recording thread's: its header.)
    size_t checked = 0;
    for (EventSeq seq = 0; seq < r->events.size(); ++seq) {
        const Seen& s = r->events[seq];
        if (s.provider != etl::kernel::kKernelProcessGuid || s.id > 6) continue;
        const Context c = context_of(*r, seq);
        BOOST_REQUIRE(c.process);
        const bool start = s.id == etl::kernel::kernel_process::kProcessStart;
        BOOST_TEST(c.process->pid == std::stoi(field(s, start ? "ParentProcessID" : "ProcessID")),
                   "event " << seq << " " << s.name);
        if (start) BOOST_TEST(c.process->pid == static_cast<int>(s.header_pid));
        ++checked;
    }
    BOOST_TEST(checked == 2827u);  // 4 + 4 + 287 + 264 + 1115 + 1153 (traceshark-dump --counts)
    check_instances(*r);
}

// PerfView's baseline shows, for up to 5 events of each type, the PID and the process name (PName) TraceEvent
// gives it: the engine gives the same process and name (PerfView drops the extension).
void check_against_perfview(const std::string& etl_name)
{
    const auto file = corpus("etl/" + etl_name + ".etl");
    const auto baseline = corpus("expected/perfview/" + etl_name + ".baseline.txt");
    const auto clr = corpus("expected/manifests/ClrEtwAll.man");
    const auto kernel_file = corpus("expected/manifests/Manifests-Win10-18990__Microsoft-Windows-Kernel-File.xml");
    if (!file || !baseline || !clr || !kernel_file) return;
    auto r = run(*file, {clr->string(), kernel_file->string()});
    // Our events by name, for the lookup by time.
    std::map<std::string, std::vector<EventSeq>> by_name;
    for (EventSeq seq = 0; seq < r->events.size(); ++seq) by_name[r->events[seq].name].push_back(seq);

    std::ifstream in(*baseline);
    std::string line;
    size_t lines = 0, matched = 0, paths = 0;
    while (std::getline(in, line)) {
        if (line.rfind("EVENT ", 0) != 0) continue;
        const size_t colon = line.find(": ");
        const size_t pid_at = line.find(" PID=");
        if (colon == std::string::npos || pid_at == std::string::npos) continue;
        std::string ms_text = line.substr(6, colon - 6);
        ms_text.erase(std::remove(ms_text.begin(), ms_text.end(), ','), ms_text.end());
        const double ms = std::stod(ms_text);
        const std::string name = line.substr(colon + 2, pid_at - colon - 2);
        const int pid = std::stoi(line.substr(pid_at + 5));
        const size_t pname_at = line.find("PName=");
        const std::string pname = line.substr(pname_at + 6, line.find(';', pname_at) - pname_at - 6);
        if (pid < 0) continue;  // PerfView knows no process for it either
        // PerfView's own placeholder: it has no name for the process (a Defunct one ended before the trace).
        if (pname == "Process(" + std::to_string(pid) + ")") continue;
        // KernelTraceControl's image ids: PerfView gives them the process of the Image event they precede, a
        // rule of its merger, not of the event.
        if (name.rfind("KernelTraceControl/", 0) == 0) continue;
        ++lines;
        // The event of that name at that time (PerfView prints milliseconds since the session start, rounded),
        // whose process the mapper says is PerfView's. Events without metadata here (or before the EventSource
        // manifest that names them) are named otherwise by our decoders: any event at that time then.
        auto ms_of = [&](EventSeq seq) {
            return (static_cast<double>(r->events[seq].time_ns) - static_cast<double>(r->start_ns)) / 1e6;
        };
        // Image events at the same time: the one with the same ImageBase.
        const size_t base_at = line.find("; ImageBase=");
        const std::string base = base_at == std::string::npos ? "" : line.substr(base_at + 12, line.find(';', base_at + 12) - base_at - 12);
        std::optional<EventSeq> found;
        auto it = by_name.find(name);
        if (it != by_name.end()) {
            for (EventSeq seq : it->second)
                if (std::abs(ms_of(seq) - ms) <= 0.0011 && r->events[seq].mapped.pid == pid &&
                    (base.empty() || field(r->events[seq], "ImageBase").empty() || field(r->events[seq], "ImageBase") == base)) {
                    found = seq;
                    break;
                }
        }
        if (!found) {
            const double at_ns = static_cast<double>(r->start_ns) + (ms - 0.0011) * 1e6;
            auto first = std::lower_bound(r->events.begin(), r->events.end(), at_ns,
                                          [](const Seen& s, double t) { return static_cast<double>(s.time_ns) < t; });
            for (EventSeq seq = static_cast<EventSeq>(first - r->events.begin());
                 seq < r->events.size() && ms_of(seq) <= ms + 0.0011; ++seq)
                if (r->events[seq].mapped.pid == pid) {
                    found = seq;
                    break;
                }
        }
        if (!found) {
            BOOST_ERROR("no event with PerfView's pid for: " << line.substr(0, 140));
            continue;
        }
        ++matched;
        const Context c = context_of(*r, *found);
        std::string ours = c.process_name;
        if (const size_t dot = ours.rfind('.'); dot != std::string::npos) ours.erase(dot);
        BOOST_TEST(ours == pname, line.substr(0, 140));
        BOOST_TEST((c.process && c.process->pid == pid), line.substr(0, 140));
        // The file or image the event used, by the name PerfView shows (drive letters from the trace's
        // SysConfig events; PerfView cuts values after 20 characters).
        const size_t file_at = line.find("; FileName=");
        const bool image = name.rfind("Windows Kernel/Image/", 0) == 0, create = name == "Microsoft-Windows-Kernel-File/Create";
        if (file_at != std::string::npos && (image || create)) {
            std::string theirs = line.substr(file_at + 11, line.find("; ", file_at + 11) - file_at - 11);
            std::string path;
            if (image && r->engine.module_of(*found)) path = r->engine.module_of(*found)->path;
            if (create && r->engine.file_of(*found)) path = r->engine.file_of(*found)->path;
            if (theirs.size() > 3 && theirs.compare(theirs.size() - 3, 3, "...") == 0) {
                theirs.resize(theirs.size() - 3);
                path = path.substr(0, theirs.size());
            }
            BOOST_TEST(path == theirs, line.substr(0, 140));
            ++paths;
        }
    }
    BOOST_TEST(paths > 20u);
    BOOST_TEST_MESSAGE(paths << " file and image names compared");
    BOOST_TEST(lines > 400u);  // x64: 433 of the baseline's EVENT lines have a process
    BOOST_TEST(matched == lines);
    BOOST_TEST_MESSAGE(etl_name << ": " << matched << " baseline events matched");
}

BOOST_AUTO_TEST_CASE(net_452_process_names_match_perfview)
{
    check_against_perfview("net.4.5.2.x64");
    check_against_perfview("net.4.5.2.x86");
}

// PerfInfo samples name the sampled thread in their payload (ThreadID); thread 0 is the Idle process's, as the
// rundown's Thread/DCStart events (ProcessID 0, ThreadID 0, one per CPU) and TraceEvent's thread table say. Every
// sample gets a process; the samples of thread 0 get Idle (pid 0). PerfView's oracle: TraceLog removes the samples
// of the idle thread not in a DPC or ISR, and its baseline's COUNT of PerfInfo/Sample is what remains, so the
// samples we give Idle less those in a DPC/ISR are exactly the total less PerfView's count.
void check_idle_samples(const std::string& etl_name, size_t samples, size_t thread0)
{
    const auto file = corpus("etl/" + etl_name + ".etl");
    const auto baseline = corpus("expected/perfview/" + etl_name + ".baseline.txt");
    if (!file || !baseline) return;
    auto r = run(*file);
    std::ifstream in(*baseline);
    std::string line;
    std::optional<size_t> perfview_count;
    const std::string count_line = "COUNT Windows Kernel/PerfInfo/Sample:";
    while (std::getline(in, line))
        if (line.rfind(count_line, 0) == 0) perfview_count = std::stoul(line.substr(count_line.size()));
    BOOST_REQUIRE(perfview_count);

    size_t seen = 0, of_thread0 = 0, with_process = 0, in_idle = 0, idle_removed = 0;
    for (EventSeq seq = 0; seq < r->events.size(); ++seq) {
        const Seen& s = r->events[seq];
        if (s.name != "Windows Kernel/PerfInfo/Sample") continue;
        ++seen;
        const bool thread0_sample = field(s, "ThreadID") == "0";
        of_thread0 += thread0_sample;
        const Context c = context_of(*r, seq);
        if (!c.process) continue;
        ++with_process;
        if (c.process->pid != 0) continue;
        ++in_idle;
        BOOST_TEST(thread0_sample, "sample " << seq << " in Idle but of thread " << field(s, "ThreadID"));
        BOOST_TEST(c.process_name == "Idle");
        idle_removed += s.tracelog == etl::perfview::TraceLogRule::IdleSample;
    }
    BOOST_TEST(seen == samples);          // libs/etl's decoding (traceshark-dump --counts)
    BOOST_TEST(of_thread0 == thread0);    // ... of which ThreadID=0
    BOOST_TEST(with_process == samples);  // every sample has its process
    BOOST_TEST(in_idle == thread0);       // the samples of thread 0, and only they, are Idle's
    BOOST_TEST(idle_removed == samples - *perfview_count);
    BOOST_TEST_MESSAGE(etl_name << ": " << in_idle << " of " << seen << " samples in Idle, PerfView keeps "
                                << *perfview_count);
}

BOOST_AUTO_TEST_CASE(net_452_idle_samples_in_idle_process)
{
    check_idle_samples("net.4.5.2.x64", 79528, 73313);
    check_idle_samples("net.4.5.2.x86", 88809, 82128);
}

// net.4.5.2.x64.etl has both the kernel's Process/Thread events and Kernel-Process's (decoded with the trace's own
// metadata): one process instance per pid and start all the same, and one thread per Thread/Start.
BOOST_AUTO_TEST_CASE(net_452_one_instance_per_start)
{
    const auto file = corpus("etl/net.4.5.2.x64.etl");
    if (!file) return;
    auto r = run(*file);
    size_t kernel_process = 0;
    for (const Seen& s : r->events) kernel_process += s.provider == etl::kernel::kKernelProcessGuid && !s.fields.empty();
    BOOST_TEST(kernel_process > 0u);
    check_instances(*r);
    std::map<int, size_t> starts, threads;
    for (const Seen& s : r->events)
        if (s.kernel && s.hook == 0x0501) ++starts[std::stoi(field(s, "ThreadID"))];
    for (const Thread& t : r->engine.threads())
        if (starts.count(t.tid) && !t.partial) ++threads[t.tid];
    BOOST_TEST(threads.size() == starts.size());
    for (const auto& [tid, n] : starts) BOOST_TEST(threads[tid] == n, "tid " << tid);
}

// ShutdownPerfDiagLogger.etl (kernel Process/Thread/Image events only, no baseline): every event's context is
// the process its payload names, and process names are the Process events' ImageFileName.
BOOST_AUTO_TEST_CASE(shutdown_perfdiag_contexts_match_payloads)
{
    const auto file = corpus("etl/ShutdownPerfDiagLogger.etl");
    if (!file) return;
    auto r = run(*file);
    namespace k = etl::kernel;
    size_t process_events = 0, thread_events = 0, image_events = 0;
    std::map<int, std::string> last_name;  // pid -> ImageFileName of its latest Process event
    for (EventSeq seq = 0; seq < r->events.size(); ++seq) {
        const Seen& s = r->events[seq];
        if (!s.kernel) continue;
        const uint8_t group = static_cast<uint8_t>(s.hook >> 8), op = static_cast<uint8_t>(s.hook & 0xFF);
        const std::string pid_text = field(s, "ProcessID");
        if (pid_text.empty()) continue;
        const int pid = std::stoi(pid_text);
        const Context c = context_of(*r, seq);
        if (group == static_cast<uint8_t>(k::Group::Process) && op >= 1 && op <= 4) {
            ++process_events;
            BOOST_REQUIRE(c.process);
            BOOST_TEST(c.process->pid == pid);
            BOOST_TEST(c.process_name == field(s, "ImageFileName"), "event " << seq << " " << s.name << " pid " << pid);
            last_name[pid] = field(s, "ImageFileName");
        } else if (group == static_cast<uint8_t>(k::Group::Thread) && op >= 1 && op <= 4) {
            ++thread_events;
            // The thread itself, in the process the event names.
            const Context t = r->engine.context(0, std::stoi(field(s, "ThreadID")), seq);
            BOOST_REQUIRE(t.process);
            BOOST_TEST(t.process->pid == pid, "event " << seq);
        } else if (group == static_cast<uint8_t>(k::Group::Image)) {
            ++image_events;
            BOOST_REQUIRE(c.process);
            BOOST_TEST(c.process->pid == pid, "event " << seq);
            const Module* m = r->engine.module_of(seq);
            BOOST_REQUIRE_MESSAGE(m, "event " << seq << " " << s.name);
            BOOST_TEST(r->engine.processes()[m->process].pid == pid);
            BOOST_TEST(base_name(m->path) == base_name(field(s, "FileName")));
        }
    }
    // The counts the corpus notes give (SOURCES.md: Image 13683, Thread 3058, Process 328 kernel events).
    BOOST_TEST(image_events > 13000u);
    BOOST_TEST(thread_events > 3000u);
    BOOST_TEST(process_events == 191u);  // Stop 60, DCStart 94, DCStop 37 (traceshark-dump --counts)
    check_instances(*r);
    // Each pid's process instance, as of the end, is named as its latest Process event named it.
    for (const auto& [pid, name] : last_name) {
        const Process* p = r->engine.process_at(0, pid, r->events.size() - 1);
        BOOST_REQUIRE(p);
        BOOST_REQUIRE_MESSAGE(!p->names.empty(), "pid " << pid);
        BOOST_TEST(p->names.back().value == name, "pid " << pid);
    }
}

namespace {

// Bytes per connection (pid, protocol, local, remote), summed here from the raw TCP/UDP payloads with the
// documented V2 layout (PID u32, size u32, daddr, saddr, dport, sport big-endian), and as the engine has them.
using Flow = std::tuple<int, std::string, std::string, std::string>;
using Sums = std::map<Flow, std::pair<uint64_t, uint64_t>>;  // sent, received

// `op`: the TcpIp/UdpIp opcode of a data event (10/11 IPv4, 26/27 IPv6), or 0.
Sums raw_sums(const Run& r, const std::function<std::pair<uint16_t, bool>(const Seen&)>& classify, size_t& events)
{
    Sums sums;
    events = 0;
    for (const Seen& s : r.events) {
        const auto [op, tcp] = classify(s);
        const bool send = op == 10 || op == 26, recv = op == 11 || op == 27;
        if (!send && !recv) continue;
        const bool v6 = op >= 26;
        const auto& p = s.payload;
        const size_t addr = v6 ? 16 : 4;
        BOOST_REQUIRE(p.size() >= 8 + 2 * addr + 4);
        auto u32 = [&](size_t at) { return uint32_t{p[at]} | p[at + 1] << 8 | p[at + 2] << 16 | uint32_t{p[at + 3]} << 24; };
        auto be16 = [&](size_t at) { return p[at] << 8 | p[at + 1]; };
        auto address = [&](size_t at) {
            char text[INET6_ADDRSTRLEN] = {};
            inet_ntop(v6 ? AF_INET6 : AF_INET, p.data() + at, text, sizeof text);
            return v6 ? "[" + std::string(text) + "]" : std::string(text);
        };
        const std::string remote = address(8) + ":" + std::to_string(be16(8 + 2 * addr));
        const std::string local = address(8 + addr) + ":" + std::to_string(be16(8 + 2 * addr + 2));
        auto& flow = sums[{static_cast<int>(u32(0)), tcp ? "tcp" : "udp", local, remote}];
        (send ? flow.first : flow.second) += u32(4);
        ++events;
    }
    return sums;
}

void check_sockets(const Run& r, const Sums& expected)
{
    Sums got;
    for (const Socket& s : r.engine.sockets()) {
        auto& sums = got[{r.engine.processes()[s.process].pid, s.protocol, s.local, s.remote}];
        sums.first += s.bytes_sent;
        sums.second += s.bytes_received;
    }
    // Connects and disconnects without data make sockets of their own: compare the flows with data.
    for (auto it = got.begin(); it != got.end();)
        it = it->second == std::pair<uint64_t, uint64_t>{0, 0} && !expected.count(it->first) ? got.erase(it) : std::next(it);
    BOOST_TEST(got.size() == expected.size());
    uint64_t total = 0;
    for (const auto& [key, sums] : expected) {
        total += sums.first + sums.second;
        auto it = got.find(key);
        BOOST_REQUIRE_MESSAGE(it != got.end(), std::get<0>(key) << " " << std::get<2>(key) << " -> " << std::get<3>(key));
        BOOST_TEST(it->second.first == sums.first);
        BOOST_TEST(it->second.second == sums.second);
    }
    BOOST_TEST_MESSAGE(expected.size() << " connections/flows with data, " << total << " bytes");
}

}  // namespace

// KernelNetwork.etl (Microsoft-Windows-Kernel-Network, no manifest given: TCP ids are the TcpIp opcodes, UDP ids
// the UdpIp opcodes + 32): every connection's endpoints and bytes per direction equal the raw sums.
BOOST_AUTO_TEST_CASE(kernel_network_bytes_per_connection)
{
    const auto file = corpus("etl/KernelNetwork.etl");
    if (!file) return;
    auto r = run(*file, {}, true);
    size_t events = 0;
    const Sums expected = raw_sums(*r, [](const Seen& s) -> std::pair<uint16_t, bool> {
        if (s.provider != etl::kernel::kKernelNetworkGuid) return {0, false};
        return s.id < 42 ? std::pair<uint16_t, bool>{s.id, true} : std::pair<uint16_t, bool>{uint16_t(s.id - 32), false};
    }, events);
    BOOST_TEST(events == 8921u);  // 8102 + 601 TCP, 210 + 8 UDP data events (traceshark-dump --counts)
    check_sockets(*r, expected);
}

// net.4.5.2.x64.etl: the kernel TcpIp/UdpIp MOF events (IPv4 and IPv6) the same way.
BOOST_AUTO_TEST_CASE(kernel_tcpip_bytes_per_connection)
{
    const auto file = corpus("etl/net.4.5.2.x64.etl");
    if (!file) return;
    auto r = run(*file, {}, true);
    size_t events = 0;
    const Sums expected = raw_sums(*r, [](const Seen& s) -> std::pair<uint16_t, bool> {
        const uint8_t group = static_cast<uint8_t>(s.hook >> 8);
        if (!s.kernel || (group != 0x06 && group != 0x08)) return {0, false};
        return {static_cast<uint16_t>(s.hook & 0xFF), group == 0x06};
    }, events);
    BOOST_TEST(events == 526u);  // PerfView's COUNT lines: TcpIp RecvIPV6 250, SendIPV6 240; UdpIp Recv 19, RecvIPV6 10, Send 1, SendIPV6 6
    check_sockets(*r, expected);
}

BOOST_AUTO_TEST_SUITE_END()
