// The tracking engine on Procmon events: hand-made Windows cases, the project's own PML fixture against its
// truth, and a corpus log against the log's own process table.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>

#include "traceshark/procmon/pml_file.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/procmon/mapper.hpp"

using namespace traceshark::tracking;
namespace pm = traceshark::procmon;

namespace {

NormalizedEvent win(EventKind kind, Timestamp ts, int pid, int tid, int child = -1)
{
    NormalizedEvent e;
    e.kind = kind;
    e.ts = ts;
    e.pid = pid;
    e.tid = tid;
    e.child = child;
    e.comm = std::string("p") += std::to_string(pid);
    return e;
}

struct Tracked {
    Engine engine;
    uint32_t machine = 0;
    std::vector<std::pair<NormalizedEvent, EventSeq>> events;
};

std::unique_ptr<Tracked> track(const pm::PmlFile& f)
{
    auto t = std::make_unique<Tracked>();
    t->machine = t->engine.add_machine({f.system().computer_name, f.system().operating_system()});
    ProcmonMapper mapper(f.tables());
    for (uint32_t i = 0; i < f.event_count(); ++i) {
        const NormalizedEvent e = mapper.map(f.event(i), t->machine);
        t->events.emplace_back(e, t->engine.consume(e));
    }
    return t;
}

// A log of ../shared/corpus beside the clone, or nullopt (the corpus cases then skip).
std::optional<std::filesystem::path> corpus_log(const char* name)
{
    const char* fixtures = std::getenv("TRACESHARK_FIXTURES");
    const auto log = std::filesystem::path(fixtures ? fixtures : ".") / ".." / ".." / ".." / "shared" / "corpus" /
                     "pml" / name;
    if (std::filesystem::exists(log)) return log;
    BOOST_TEST_MESSAGE("no corpus beside the clone: skipped");
    return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(procmon_tracking)

BOOST_AUTO_TEST_CASE(threads_join_the_process_the_event_names)
{
    Engine e;
    const uint32_t m = e.add_machine({"win", "Windows"});
    // Thread 1004 of process 1000 creates process 2000, then (still on 1004) its first thread 2004.
    e.consume(win(EventKind::Activity, 1, 1000, 1004));
    e.consume(win(EventKind::ProcessStart, 2, 1000, 1004, 2000));
    const EventSeq start = e.consume(win(EventKind::Activity, 3, 2000, 1004));  // "Process Start", on 1004
    e.consume(win(EventKind::ThreadStart, 4, 2000, 1004, 2004));
    const EventSeq work = e.consume(win(EventKind::Activity, 5, 2000, 2004));
    // A thread first seen in process 3000 (created before the capture) joins 3000, not a process of its own.
    const EventSeq other = e.consume(win(EventKind::Activity, 6, 3000, 3333));

    BOOST_TEST(e.context(m, 1004, start, 2000).process->pid == 2000);
    BOOST_TEST(e.context(m, 1004, start).process->pid == 1000);  // without the pid: the thread's own process
    const Context w = e.context(m, 2004, work, 2000);
    BOOST_TEST(w.process->pid == 2000);
    BOOST_REQUIRE(w.parent);
    BOOST_TEST(w.parent->pid == 1000);
    const Context o = e.context(m, 3333, other, 3000);
    BOOST_TEST(o.process->pid == 3000);
    BOOST_TEST(o.process->partial);
}

BOOST_AUTO_TEST_CASE(process_exit_ends_the_process_and_a_reused_tid_is_a_new_thread)
{
    Engine e;
    const uint32_t m = e.add_machine({"win", "Windows"});
    e.consume(win(EventKind::ProcessStart, 1, 1000, 1004, 2000));
    e.consume(win(EventKind::ThreadStart, 2, 2000, 1004, 2004));
    e.consume(win(EventKind::ThreadExit, 3, 2000, 2004, 2004));
    NormalizedEvent exit = win(EventKind::ProcessExit, 4, 2000, 2004);  // after its last thread's exit
    exit.code = 5;
    const EventSeq exit_seq = e.consume(exit);
    const Context c = e.context(m, 2004, exit_seq, 2000);
    BOOST_REQUIRE(c.process);
    BOOST_TEST(c.process->pid == 2000);
    BOOST_TEST(c.process->exit_code.value_or(-1) == 5);
    BOOST_TEST(c.process->exit_seq.value_or(0) == exit_seq);
    // Windows hands tid 2004 to a thread of another process later.
    const EventSeq later = e.consume(win(EventKind::Activity, 5, 3000, 2004));
    const Context l = e.context(m, 2004, later, 3000);
    BOOST_TEST(l.process->pid == 3000);
    BOOST_TEST(l.thread != c.thread);
}

BOOST_AUTO_TEST_CASE(fixture_session_matches_its_truth)
{
    const char* dir = std::getenv("TRACESHARK_PML_FIXTURES");
    BOOST_REQUIRE(dir);
    auto f = pm::PmlFile::open(std::string(dir) + "/session64.PML");
    auto t = track(*f);
    std::map<int, const Process*> by_pid;
    for (const auto& [e, seq] : t->events) {
        const Context c = t->engine.context(t->machine, e.tid, seq, e.pid);
        BOOST_REQUIRE(c.process);
        BOOST_TEST(c.process->pid == e.pid);  // every event in the process the log says
        by_pid[c.process->pid] = c.process;
    }
    // explorer (1000, there before the capture) started cmd (2000, exit 1), which started curl (3000, exit 0).
    BOOST_REQUIRE(by_pid.size() == 3u);
    BOOST_TEST(by_pid[1000]->partial);
    const Process& cmd = *by_pid[2000];
    const Process& curl = *by_pid[3000];
    BOOST_TEST(!cmd.partial);
    BOOST_TEST(t->engine.processes()[cmd.parent].pid == 1000);
    BOOST_TEST(t->engine.processes()[curl.parent].pid == 2000);
    BOOST_TEST(cmd.exit_code.value_or(-1) == 1);
    BOOST_TEST(curl.exit_code.value_or(-1) == 0);
    BOOST_TEST(curl.exec_files.back().value == "C:\\Windows\\System32\\curl.exe");
    BOOST_TEST(curl.command_line == "curl.exe -s https://example.com/");
    BOOST_TEST(curl.exit_seq.has_value());
}

BOOST_AUTO_TEST_CASE(fixture_files_keys_and_sockets)
{
    const char* dir = std::getenv("TRACESHARK_PML_FIXTURES");
    BOOST_REQUIRE(dir);
    auto f = pm::PmlFile::open(std::string(dir) + "/session32.PML");
    auto t = track(*f);
    const Engine& g = t->engine;
    auto seq_of = [&](uint32_t index) { return t->events.at(index).second; };

    // in.txt: opened (event 4), 1 234 bytes read (5), closed (8).
    const FileObject* in = g.file_of(seq_of(5));
    BOOST_REQUIRE(in);
    BOOST_TEST(in->path == "C:\\data\\in.txt");
    BOOST_TEST(in->open_seq.value_or(99) == seq_of(4));
    BOOST_TEST(in->close_seq.value_or(99) == seq_of(8));
    BOOST_TEST(in->bytes_read == 1234u);
    BOOST_TEST(!in->partial);
    BOOST_TEST(g.file_of(seq_of(8)) == in);
    const FileObject* out = g.file_of(seq_of(7));
    BOOST_REQUIRE(out);
    BOOST_TEST(out->bytes_written == 1234u);
    BOOST_TEST(g.file_of(seq_of(10)) == nullptr);  // the failed open of missing.txt opens nothing

    // The key opened in event 11 is the one whose value event 12 reads, and event 14 closes it.
    const FileObject* key = g.file_of(seq_of(12));
    BOOST_REQUIRE(key);
    BOOST_TEST((key->kind == FileObject::Kind::RegistryKey));
    BOOST_TEST(key->path == "HKLM\\Software\\Traceshark");
    BOOST_TEST(g.file_of(seq_of(11)) == key);
    BOOST_TEST(key->close_seq.value_or(99) == seq_of(14));
    const FileObject* hkcu = g.file_of(seq_of(13));  // a key opened before the capture
    BOOST_REQUIRE(hkcu);
    BOOST_TEST(hkcu->partial);

    // curl's TCP connection: connect (19), 517 bytes out, 1 460 in, disconnect (22); its DNS query is a UDP flow.
    const Socket* tcp = g.socket_of(seq_of(20));
    BOOST_REQUIRE(tcp);
    BOOST_TEST(tcp->protocol == "tcp");
    // numeric, as the other formats give endpoints (the event's Path says "example.com:https")
    BOOST_TEST(tcp->local == "10.0.0.5:49700");
    BOOST_TEST(tcp->remote == "93.184.216.34:443");
    BOOST_TEST(tcp->connect_seq.value_or(99) == seq_of(19));
    BOOST_TEST(tcp->close_seq.value_or(99) == seq_of(22));
    BOOST_TEST(tcp->bytes_sent == 517u);
    BOOST_TEST(tcp->bytes_received == 1460u);
    BOOST_TEST(g.processes()[tcp->process].pid == 3000);
    const Socket* udp = g.socket_of(seq_of(18));
    BOOST_REQUIRE(udp);
    BOOST_TEST(udp->protocol == "udp");
    BOOST_TEST(udp->partial);
    BOOST_TEST(udp->bytes_sent == 40u);
}

BOOST_AUTO_TEST_CASE(corpus_log_byte_totals)
{
    const auto log = corpus_log("LogfileTests32bitUTC.PML");
    if (!log) return;
    auto f = pm::PmlFile::open(log->string());
    auto t = track(*f);
    // Every successful read, write, send and receive lands on an object, and the objects add up to the events.
    uint64_t read = 0, written = 0, sent = 0, received = 0;
    size_t unlinked = 0;
    for (uint32_t i = 0; i < f->event_count(); ++i) {
        const pm::Event e = f->event(i);
        const EventSeq seq = t->events[i].second;
        const auto length = e.number(pm::DetailKey::Length);
        if (e.result != 0 || !length) continue;
        const auto n = static_cast<uint64_t>(*length);
        if (e.operation_name == "ReadFile" || e.operation_name == "WriteFile") {
            (e.operation_name == "ReadFile" ? read : written) += n;
            unlinked += t->engine.file_of(seq) == nullptr;
        } else if (e.operation_name.ends_with(" Send") || e.operation_name.ends_with(" Receive")) {
            (e.operation_name.ends_with(" Send") ? sent : received) += n;
            unlinked += t->engine.socket_of(seq) == nullptr;
        }
    }
    uint64_t f_read = 0, f_written = 0, s_sent = 0, s_received = 0;
    for (const FileObject& o : t->engine.files()) {
        f_read += o.bytes_read;
        f_written += o.bytes_written;
    }
    for (const Socket& s : t->engine.sockets()) {
        s_sent += s.bytes_sent;
        s_received += s.bytes_received;
    }
    BOOST_TEST(unlinked == 0u);
    BOOST_TEST(read > 0u);
    BOOST_TEST(sent > 0u);
    BOOST_TEST(f_read == read);
    BOOST_TEST(f_written == written);
    BOOST_TEST(s_sent == sent);
    BOOST_TEST(s_received == received);
}

BOOST_AUTO_TEST_CASE(corpus_log_matches_its_process_table)
{
    const auto log = corpus_log("LogFileUTC64Process.PML");
    if (!log) return;
    auto f = pm::PmlFile::open(log->string());
    auto t = track(*f);
    size_t started = 0;
    for (const auto& [e, seq] : t->events) {
        const Context c = t->engine.context(t->machine, e.tid, seq, e.pid);
        BOOST_REQUIRE(c.process);
        BOOST_TEST(c.process->pid == e.pid);
        // A process started in the capture has the parent the log records (Procmon's "Parent PID" column).
        const pm::Process* logged = f->tables().process(f->event(static_cast<uint32_t>(seq)).process_index);
        if (!c.process->partial && c.parent) {
            BOOST_TEST(static_cast<uint32_t>(c.parent->pid) == logged->parent_pid);
            ++started;
        }
    }
    BOOST_TEST(started > 100u);
}

BOOST_AUTO_TEST_SUITE_END()
