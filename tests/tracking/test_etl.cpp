// EtlMapper on an ETL file the project writes (tests/etl/etl_writer: real buffers and records, kernel SYSTEM64,
// PERFINFO64 and classic FULL64 headers) whose content the test chose: a process tree, threads, an image load,
// file I/O on FileObjects named by Create and FileRundown, a TCP connection, registry keys named by the KCB
// rundown, and the process's end. The engine's answers are checked against that construction.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "etl_writer.hpp"
#include "payload_builder.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_decoder.hpp"
#include "traceshark/etl/ndis_packet_capture.hpp"
#include "traceshark/etl/kernel_providers.hpp"
#include "traceshark/etl/registry.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/etl/mapper.hpp"

using namespace traceshark::tracking;
namespace etl = traceshark::etl;
using etl::test::Bytes;
using etl::test::WriterEvent;

namespace {

constexpr int P = 8;
constexpr uint32_t kNone = 0xFFFFFFFF;
constexpr int kExplorer = 1000, kExplorerThread = 1004, kNotepad = 2000, kNotepadThread = 2004;
constexpr uint64_t kNotesObject = 0xFFFF'A000'0000'AAA0, kNotesKey = 0xFFFF'B000'0000'BBB0;
constexpr uint64_t kLogObject = 0xFFFF'A000'0000'DDD0, kLogKey = 0xFFFF'B000'0000'CCC0;
constexpr uint64_t kImageBase = 0x7FF6'0000'0000, kImageSize = 0x38000;
constexpr uint64_t kKcbTest = 0xFFFF'C000'0000'5550, kKcbSub = 0xFFFF'C000'0000'5551;

WriterEvent kernel(uint16_t hook, uint16_t version, int64_t ticks, uint32_t pid, uint32_t tid, const Bytes& b,
                   etl::HeaderType type = etl::HeaderType::System64)
{
    WriterEvent e;
    e.type = type;
    e.hook = hook;
    e.version = version;
    e.ticks = ticks;
    e.pid = pid;
    e.tid = tid;
    e.cpu = static_cast<uint16_t>(ticks % 2);
    e.payload = b.b;
    return e;
}

Bytes sid(std::initializer_list<uint32_t> sub_authorities)  // TOKEN_USER (2P) + S-1-5-...
{
    Bytes b;
    b.ptr(0x1234, P).ptr(0, P).u8(1).u8(sub_authorities.size()).raw({0, 0, 0, 0, 0, 5});
    for (uint32_t s : sub_authorities) b.u32(s);
    return b;
}

Bytes process_v4(int pid, int parent, uint32_t session, int exit_status, const Bytes& user, const std::string& image,
                 const std::string& command_line)
{
    Bytes b;
    b.ptr(0xFFFFFA8300000000ull + pid, P).u32(pid).u32(parent).u32(session).u32(static_cast<uint32_t>(exit_status));
    b.ptr(0x558FB000, P).u32(0);
    b.b.insert(b.b.end(), user.b.begin(), user.b.end());
    return b.ansiz(image).utf16z(command_line).utf16z("").utf16z("");
}

Bytes thread_v3(int pid, int tid)
{
    Bytes b;
    b.u32(pid).u32(tid);
    for (int i = 0; i < 7; ++i) b.ptr(0x1000 * (i + 1), P);
    return b.u32(0).u8(8).u8(5).u8(2).u8(0);
}

Bytes image_v3(int pid, uint64_t base, uint64_t size, const std::string& file)
{
    Bytes b;
    b.ptr(base, P).ptr(size, P).u32(pid).u32(0x12345).u32(0x5F000000).u8(0).u8(0).u16(0).ptr(base, P);
    return b.u32(0).u32(0).u32(0).u32(0).utf16z(file);
}

Bytes file_name(uint64_t key, const std::string& name) { return Bytes().ptr(key, P).utf16z(name); }
Bytes file_create(uint64_t object, int ttid, const std::string& path)
{
    return Bytes().ptr(0x1111, P).ptr(object, P).u32(ttid).u32(0x60).u32(0x80).u32(7).utf16z(path);
}
Bytes file_rw(uint64_t object, uint64_t key, int ttid, uint64_t offset, uint32_t size)
{
    return Bytes().u64(offset).ptr(0x2222, P).ptr(object, P).ptr(key, P).u32(ttid).u32(size).u32(0);
}
Bytes file_close(uint64_t object, uint64_t key, int ttid) { return Bytes().ptr(0x3333, P).ptr(object, P).ptr(key, P).u32(ttid); }

Bytes tcp_head(int pid, uint32_t size)
{
    // 192.168.1.10:50000 -> 93.184.216.34:443
    return Bytes().u32(pid).u32(size).raw({93, 184, 216, 34}).raw({192, 168, 1, 10}).be16(443).be16(50000);
}
Bytes tcp_send(int pid, uint32_t size) { return tcp_head(pid, size).u32(1).u32(2).u32(3).ptr(0x77, P); }
Bytes tcp_group1(int pid, uint32_t size) { return tcp_head(pid, size).u32(3).ptr(0x77, P); }
Bytes tcp_connect(int pid)
{
    return tcp_head(pid, 0).u16(1460).u16(1).u16(0).u16(1).u32(65535).u16(8).u16(8).u32(3).ptr(0x77, P);
}

Bytes registry(uint32_t status, uint64_t kcb, const std::string& name)
{
    return Bytes().u64(0).u32(status).u32(0).ptr(kcb, P).utf16z(name);
}

// The stream: what each event is, for the assertions.
enum Step : size_t {
    kVolume, kExplorerRundown, kExplorerThreadRundown, kKcbRundown, kNotepadStart, kNotepadThreadStart, kImage,
    kNotesRundown, kLogRundown, kNotesCreate, kNotesRead, kNotesWrite, kLogWrite, kNotesClose, kConnect, kSend,
    kRecv1, kRecv2, kDisconnect, kRegOpen, kKcbCreate, kRegQueryValue, kRegClose, kNotepadEnd, kSteps
};

std::vector<WriterEvent> scenario()
{
    const uint16_t fio = 0x0400, tcp = 0x0600, reg = 0x0900;
    std::vector<WriterEvent> v(kSteps);
    WriterEvent volume;
    volume.type = etl::HeaderType::Full64;
    volume.provider = etl::kernel::kSystemConfigExGuid;
    volume.descriptor.opcode = 35;
    volume.version = 0;
    volume.ticks = 10;
    volume.payload = Bytes().utf16z("\\Device\\HarddiskVolume2\\").utf16z("C:\\").b;
    v[kVolume] = volume;
    v[kExplorerRundown] = kernel(0x0303, 4, 20, kNone, kNone,
                                 process_v4(kExplorer, 4, 1, 259, sid({18}), "explorer.exe", "C:\\Windows\\Explorer.EXE"));
    v[kExplorerThreadRundown] = kernel(0x0503, 3, 30, kNone, kNone, thread_v3(kExplorer, kExplorerThread));
    v[kKcbRundown] = kernel(reg | 25, 2, 40, kNone, kNone, registry(0, kKcbTest, "\\REGISTRY\\MACHINE\\SOFTWARE\\Test"));
    v[kNotepadStart] = kernel(0x0301, 4, 100, kExplorer, kExplorerThread,
                              process_v4(kNotepad, kExplorer, 1, 259, sid({21, 1, 2, 3, 1001}), "notepad.exe",
                                         "notepad.exe C:\\notes.txt"));
    v[kNotepadThreadStart] = kernel(0x0501, 3, 110, kExplorer, kExplorerThread, thread_v3(kNotepad, kNotepadThread));
    v[kImage] = kernel(0x140A, 3, 120, kNotepad, kNotepadThread,
                       image_v3(kNotepad, kImageBase, kImageSize, "\\Device\\HarddiskVolume2\\Windows\\System32\\notepad.exe"));
    v[kNotesRundown] = kernel(fio | 36, 3, 125, kNone, kNone, file_name(kNotesKey, "\\Device\\HarddiskVolume2\\notes.txt"));
    v[kLogRundown] = kernel(fio | 36, 3, 126, kNone, kNone, file_name(kLogKey, "\\Device\\HarddiskVolume2\\log.txt"));
    v[kNotesCreate] = kernel(fio | 64, 3, 130, kNotepad, kNotepadThread,
                             file_create(kNotesObject, kNotepadThread, "\\Device\\HarddiskVolume2\\notes.txt"));
    v[kNotesRead] = kernel(fio | 67, 3, 140, kNotepad, kNotepadThread, file_rw(kNotesObject, kNotesKey, kNotepadThread, 0, 4096));
    // PERFINFO headers carry no PID/TID: the payload's TTID and the Thread events tell whose it is.
    v[kNotesWrite] = kernel(fio | 68, 3, 150, 0, 0, file_rw(kNotesObject, kNotesKey, kNotepadThread, 4096, 100),
                            etl::HeaderType::PerfInfo64);
    v[kLogWrite] = kernel(fio | 68, 3, 155, 0, 0, file_rw(kLogObject, kLogKey, kNotepadThread, 0, 50),
                          etl::HeaderType::PerfInfo64);
    v[kNotesClose] = kernel(fio | 66, 3, 160, kNotepad, kNotepadThread, file_close(kNotesObject, kNotesKey, kNotepadThread));
    v[kConnect] = kernel(tcp | 12, 2, 200, kNotepad, kNotepadThread, tcp_connect(kNotepad));
    v[kSend] = kernel(tcp | 10, 2, 210, kNotepad, kNotepadThread, tcp_send(kNotepad, 517));
    // Received in a DPC: the header has the idle thread, the payload the process.
    v[kRecv1] = kernel(tcp | 11, 2, 220, 0, 0, tcp_group1(kNotepad, 1460));
    v[kRecv2] = kernel(tcp | 11, 2, 225, 0, 0, tcp_group1(kNotepad, 200));
    v[kDisconnect] = kernel(tcp | 13, 2, 230, kNotepad, kNotepadThread, tcp_group1(kNotepad, 0));
    v[kRegOpen] = kernel(reg | 11, 2, 240, kNotepad, kNotepadThread, registry(0, kKcbTest, "Sub"));
    v[kKcbCreate] = kernel(reg | 22, 2, 241, kNotepad, kNotepadThread,
                           registry(0, kKcbSub, "\\REGISTRY\\MACHINE\\SOFTWARE\\Test\\Sub"));
    v[kRegQueryValue] = kernel(reg | 16, 2, 250, kNotepad, kNotepadThread, registry(0, kKcbSub, "Value"));
    v[kRegClose] = kernel(reg | 27, 2, 260, kNotepad, kNotepadThread, registry(0, kKcbSub, ""));
    v[kNotepadEnd] = kernel(0x0302, 4, 300, kNotepad, kNotepadThread,
                            process_v4(kNotepad, kExplorer, 1, 3, sid({21, 1, 2, 3, 1001}), "notepad.exe", ""));
    return v;
}

struct Mapped {
    Engine engine;
    EtlMapper mapper;
    std::vector<NormalizedEvent> events;  // by seq (the header event first)
    std::vector<Activity> random_access;  // EtlMapper::activity after the pass
    std::unique_ptr<etl::EtlTrace> trace;
};

std::unique_ptr<Mapped> map_file(const std::vector<uint8_t>& bytes, int passes = 1)
{
    auto m = std::make_unique<Mapped>();
    m->trace = etl::EtlTrace::open_memory({bytes});
    auto decoders = etl::make_default_decoders();
    const uint32_t machine = m->engine.add_machine({"test", "Windows"});
    std::vector<std::pair<std::vector<uint8_t>, etl::DecodedEvent>> kept;
    for (int pass = 0; pass < passes; ++pass) {
        etl::EventReader reader(*m->trace);
        while (const etl::EventRecord* r = reader.next()) {
            const etl::DecodedEvent d = decoders->decode(*r);
            const NormalizedEvent n = m->mapper.map(*r, d, machine);
            if (pass == 0) {
                m->events.push_back(n);
                m->engine.consume(n);
                m->random_access.push_back(m->mapper.activity(*r, d));
            }
        }
    }
    return m;
}

const Process* only(const Engine& e, int pid)
{
    const Process* found = nullptr;
    for (const Process& p : e.processes())
        if (p.pid == pid) {
            BOOST_TEST(!found);
            found = &p;
        }
    BOOST_REQUIRE(found);
    return found;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(etl_mapper)

BOOST_AUTO_TEST_CASE(process_tree_contexts_and_objects)
{
    etl::test::WriterOptions opts;
    opts.cpus = 2;
    const etl::test::WrittenFile f = etl::test::write_etl(scenario(), opts);
    auto m = map_file(f.bytes);
    BOOST_REQUIRE_EQUAL(m->events.size(), size_t{kSteps} + 1);  // + the EventTrace header event
    auto seq = [](Step s) { return static_cast<EventSeq>(s) + 1; };
    const Engine& e = m->engine;
    BOOST_TEST(e.order_problems().empty());

    // Processes: explorer from its rundown (before the capture), notepad started by it and ended with 3.
    const Process* explorer = only(e, kExplorer);
    BOOST_TEST(explorer->partial);
    BOOST_REQUIRE(!explorer->names.empty());
    BOOST_TEST(explorer->names.front().value == "explorer.exe");
    BOOST_TEST(explorer->command_line == "C:\\Windows\\Explorer.EXE");
    BOOST_TEST(explorer->session.value_or(99) == 1u);
    BOOST_TEST(explorer->user == "S-1-5-18");
    const Process* notepad = only(e, kNotepad);
    BOOST_TEST(!notepad->partial);
    BOOST_TEST(notepad->parent == explorer->id);
    BOOST_TEST(notepad->start_seq.value_or(0) == seq(kNotepadStart));
    BOOST_TEST(notepad->names.back().value == "notepad.exe");
    BOOST_TEST(notepad->command_line == "notepad.exe C:\\notes.txt");
    BOOST_TEST(notepad->session.value_or(99) == 1u);
    BOOST_TEST(notepad->user == "S-1-5-21-1-2-3-1001");
    BOOST_TEST(notepad->exit_code.value_or(-1) == 3);
    BOOST_TEST(notepad->exit_seq.value_or(0) == seq(kNotepadEnd));

    // Threads: explorer's from its rundown; notepad's created by explorer's thread, ended with the process.
    const Thread* creator = nullptr;
    const Thread* worker = nullptr;
    for (const Thread& t : e.threads()) {
        if (t.tid == kExplorerThread) creator = &t;
        if (t.tid == kNotepadThread) worker = &t;
    }
    BOOST_REQUIRE(creator);
    BOOST_REQUIRE(worker);
    BOOST_TEST(creator->process.front().value == explorer->id);
    BOOST_TEST(worker->process.front().value == notepad->id);
    BOOST_TEST(!worker->partial);
    BOOST_TEST(worker->creator == creator->id);
    BOOST_TEST(worker->exit_seq.value_or(0) == seq(kNotepadEnd));

    // Contexts: the header's thread, the TTID of PERFINFO records, the payload's PID of a DPC receive.
    for (Step s : {kImage, kNotesRead, kNotesWrite, kLogWrite, kSend, kRecv1, kRegQueryValue}) {
        const NormalizedEvent& n = m->events[seq(s)];
        const Context c = e.context(0, n.tid, seq(s), n.pid);
        BOOST_REQUIRE_MESSAGE(c.process, "step " << s);
        BOOST_TEST(c.process->id == notepad->id, "step " << s);
        BOOST_TEST(c.process_name == "notepad.exe");
        BOOST_TEST(c.parent_name == "explorer.exe");
    }
    BOOST_TEST(m->events[seq(kNotesWrite)].tid == kNotepadThread);
    BOOST_TEST(m->events[seq(kRecv1)].tid == -1);  // the idle thread is not the process's
    // A rundown event has no thread: the process it describes is its context.
    const Context rundown = e.context(0, -1, seq(kExplorerRundown), m->events[seq(kExplorerRundown)].pid);
    BOOST_REQUIRE(rundown.process);
    BOOST_TEST(rundown.process_name == "explorer.exe");

    // The image, its NT path on the drive letter SysConfig/VolumeMapping gave.
    BOOST_REQUIRE_EQUAL(e.modules().size(), 1u);
    const Module& image = e.modules()[0];
    BOOST_TEST(image.path == "C:\\Windows\\System32\\notepad.exe");
    BOOST_TEST(image.base == kImageBase);
    BOOST_TEST(image.size == kImageSize);
    BOOST_TEST(image.process == notepad->id);
    BOOST_TEST(image.load_seq.value_or(0) == seq(kImage));
    BOOST_TEST(e.module_of(seq(kImage)) == &image);

    // Files: notes.txt opened, read 4096, written 100, closed; log.txt opened before the capture (named by the
    // rundown of its FileKey), written 50.
    std::vector<const FileObject*> files, keys;
    for (const FileObject& o : e.files()) (o.kind == FileObject::Kind::File ? files : keys).push_back(&o);
    BOOST_REQUIRE_EQUAL(files.size(), 2u);
    const FileObject& notes = *files[0];
    BOOST_TEST(notes.path == "C:\\notes.txt");
    BOOST_TEST(notes.process == notepad->id);
    BOOST_TEST(!notes.partial);
    BOOST_TEST(notes.open_seq.value_or(0) == seq(kNotesCreate));
    BOOST_TEST(notes.close_seq.value_or(0) == seq(kNotesClose));
    BOOST_TEST(notes.bytes_read == 4096u);
    BOOST_TEST(notes.bytes_written == 100u);
    BOOST_TEST(notes.events == 4u);
    const FileObject& log = *files[1];
    BOOST_TEST(log.path == "C:\\log.txt");
    BOOST_TEST(log.partial);
    BOOST_TEST(log.bytes_written == 50u);
    BOOST_TEST(e.file_of(seq(kNotesRead)) == &notes);

    // The connection: both endpoints, bytes per direction, connect to disconnect.
    BOOST_REQUIRE_EQUAL(e.sockets().size(), 1u);
    const Socket& s = e.sockets()[0];
    BOOST_TEST(s.protocol == "tcp");
    BOOST_TEST(s.local == "192.168.1.10:50000");
    BOOST_TEST(s.remote == "93.184.216.34:443");
    BOOST_TEST(s.process == notepad->id);
    BOOST_TEST(!s.partial);
    BOOST_TEST(s.bytes_sent == 517u);
    BOOST_TEST(s.bytes_received == 1660u);
    BOOST_TEST(s.connect_seq.value_or(0) == seq(kConnect));
    BOOST_TEST(s.close_seq.value_or(0) == seq(kDisconnect));
    BOOST_TEST(s.events == 5u);

    // Registry: the relative open on the rundown's KCB, the value query and close on the new KCB: one key.
    BOOST_REQUIRE_EQUAL(keys.size(), 1u);
    BOOST_TEST(keys[0]->path == "\\REGISTRY\\MACHINE\\SOFTWARE\\Test\\Sub");
    BOOST_TEST(keys[0]->open_seq.value_or(0) == seq(kRegOpen));
    BOOST_TEST(keys[0]->close_seq.value_or(0) == seq(kRegClose));
    BOOST_TEST(keys[0]->events == 3u);

    // Random access: the same activity as the chronological pass.
    const Activity& read = m->random_access[seq(kNotesRead)];
    BOOST_TEST(static_cast<int>(read.kind) == static_cast<int>(ActivityKind::FileRead));
    BOOST_TEST(read.path == "C:\\notes.txt");
    BOOST_TEST(read.bytes.value_or(0) == 4096u);
    BOOST_TEST(read.offset.value_or(-1) == 0);
    const Activity& send = m->random_access[seq(kSend)];
    BOOST_TEST(static_cast<int>(send.kind) == static_cast<int>(ActivityKind::NetSend));
    BOOST_TEST(send.bytes.value_or(0) == 517u);
}

BOOST_AUTO_TEST_CASE(tables_are_bounded_by_distinct_objects)
{
    // The same objects again and again (a hostile trace repeating its events): the tables do not grow.
    etl::test::WriterOptions opts;
    const etl::test::WrittenFile f = etl::test::write_etl(scenario(), opts);
    auto once = map_file(f.bytes, 1);
    auto thrice = map_file(f.bytes, 3);
    // FileKeys 2, FileObject 1, KCBs 2, volume 1, TIDs 3 (explorer's, notepad's, the header event's), the started
    // thread 2004 (its process ended, not the thread), the ends of pid 2000, the ended connection (its
    // endpoints again: the same entry).
    BOOST_TEST(once->mapper.table_entries() == 12u);
    BOOST_TEST(thrice->mapper.table_entries() == 12u);
}

BOOST_AUTO_TEST_CASE(cut_payloads_give_no_made_up_ids)
{
    // Every payload cut short (the decoders stop at the cut and say so): the mapper uses what was decoded and
    // invents nothing; every id it gives is one the header or the intact part of a payload has.
    for (size_t keep : {size_t{0}, size_t{3}, size_t{9}, size_t{17}}) {
        std::vector<WriterEvent> events = scenario();
        for (WriterEvent& w : events)
            if (w.payload.size() > keep) w.payload.resize(keep);
        etl::test::WriterOptions opts;
        auto m = map_file(etl::test::write_etl(events, opts).bytes);
        BOOST_REQUIRE_EQUAL(m->events.size(), size_t{kSteps} + 1);
        const std::set<int> known = {-1, 0, 4, 8, kExplorer, kExplorerThread, kNotepad, kNotepadThread};
        for (const NormalizedEvent& n : m->events) {
            BOOST_TEST(known.count(n.pid), "keep " << keep << " pid " << n.pid);
            BOOST_TEST(known.count(n.tid), "keep " << keep << " tid " << n.tid);
            BOOST_TEST(known.count(n.child), "keep " << keep << " child " << n.child);
        }
        for (const Process& p : m->engine.processes()) BOOST_TEST(known.count(p.pid));
    }
}

// The core's additions for ETW on hand-made normalized events.
BOOST_AUTO_TEST_CASE(engine_windows_rundowns_and_ends)
{
    Engine e;
    const uint32_t m = e.add_machine({"win", "Windows"});
    auto ev = [&](EventKind kind, Timestamp ts, int pid, int tid, int child = -1) {
        NormalizedEvent n;
        n.kind = kind;
        n.ts = ts;
        n.pid = pid;
        n.tid = tid;
        n.child = child;
        return n;
    };
    // An event of pid 3000 before the rundown that names it: the name holds from the first sight.
    const EventSeq early = e.consume(ev(EventKind::Activity, 1, 3000, 3004));
    NormalizedEvent info = ev(EventKind::ProcessInfo, 2, 3000, -1, 3000);
    info.name = "svc.exe";
    info.session = 0;
    info.user = "S-1-5-19";
    e.consume(info);
    BOOST_TEST(e.context(m, 3004, early, 3000).process_name == "svc.exe");
    BOOST_REQUIRE_EQUAL(e.processes().size(), 1u);
    BOOST_TEST(e.processes()[0].user == "S-1-5-19");
    // Its only thread seen ends: the process goes on (Windows reports its end), more threads come.
    e.consume(ev(EventKind::ThreadExit, 3, 3000, 3004, 3004));
    BOOST_TEST(!e.processes()[0].exit_seq);
    e.consume(ev(EventKind::Activity, 4, 3000, 3008));
    BOOST_TEST(e.processes().size() == 1u);
    // The end without a thread, then a Defunct rundown of it: one instance, the first end and code.
    NormalizedEvent end = ev(EventKind::ProcessExit, 5, 3000, -1);
    end.code = 7;
    const EventSeq end_seq = e.consume(end);
    NormalizedEvent defunct = ev(EventKind::ProcessExit, 6, 3000, -1);
    defunct.code = 7;
    e.consume(defunct);
    BOOST_REQUIRE_EQUAL(e.processes().size(), 1u);
    BOOST_TEST(e.processes()[0].exit_seq.value_or(0) == end_seq);
    BOOST_TEST(e.processes()[0].exit_code.value_or(0) == 7);
    // An image unloaded after the end is still the process's (no thread: the process only).
    NormalizedEvent unload = ev(EventKind::Activity, 7, 3000, -1);
    unload.activity.kind = ActivityKind::ImageUnload;
    unload.activity.path = "C:\\svc.dll";
    unload.activity.address = 0x10000;
    const EventSeq unload_seq = e.consume(unload);
    BOOST_REQUIRE(e.module_of(unload_seq));
    BOOST_TEST(e.module_of(unload_seq)->process == e.processes()[0].id);
    BOOST_TEST(e.module_of(unload_seq)->partial);  // loaded before the capture
    BOOST_TEST(e.processes().size() == 1u);
    // Told again (MOF and Kernel-Process): the same module; loaded again: a new one.
    unload.ts = 8;
    e.consume(unload);
    BOOST_TEST(e.modules().size() == 1u);
    BOOST_TEST(e.modules()[0].unload_seq.value_or(0) == unload_seq);
    NormalizedEvent load = unload;
    load.ts = 9;
    load.activity.kind = ActivityKind::ImageLoad;
    e.consume(load);
    BOOST_TEST(e.modules().size() == 2u);
    const Context c = e.context(m, -1, unload_seq, 3000);
    BOOST_REQUIRE(c.process);
    BOOST_TEST(c.process_name == "svc.exe");
}

// Microsoft-Windows-Kernel-File events (EVENT_HEADER records) decoded with a manifest the test writes: the
// provider's NameCreate, Create, Read, Write and Close with their documented fields.
BOOST_AUTO_TEST_CASE(kernel_file_events_with_their_manifest)
{
    const std::string manifest_path = (std::filesystem::temp_directory_path() / "traceshark-kernel-file-test.man").string();
    {
        std::ofstream man(manifest_path);
        man << R"(<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events">
 <instrumentation xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events">
  <events>
   <provider name="Microsoft-Windows-Kernel-File" guid="{edd08927-9cc4-4e65-b970-c2560fb5c289}" symbol="KF">
    <tasks>
     <task name="NameCreate" value="10"/><task name="Create" value="12"/><task name="Close" value="14"/>
     <task name="Read" value="15"/><task name="Write" value="16"/>
    </tasks>
    <events>
     <event value="10" version="0" task="NameCreate" template="Name"/>
     <event value="12" version="0" task="Create" template="Create"/>
     <event value="14" version="0" task="Close" template="Close"/>
     <event value="15" version="0" task="Read" template="ReadWrite"/>
     <event value="16" version="0" task="Write" template="ReadWrite"/>
    </events>
    <templates>
     <template tid="Name"><data name="FileKey" inType="win:Pointer"/><data name="FileName" inType="win:UnicodeString"/></template>
     <template tid="Create"><data name="Irp" inType="win:Pointer"/><data name="ThreadId" inType="win:Pointer"/>
      <data name="FileObject" inType="win:Pointer"/><data name="CreateOptions" inType="win:UInt32"/>
      <data name="CreateAttributes" inType="win:UInt32"/><data name="ShareAccess" inType="win:UInt32"/>
      <data name="FileName" inType="win:UnicodeString"/></template>
     <template tid="Close"><data name="Irp" inType="win:Pointer"/><data name="ThreadId" inType="win:Pointer"/>
      <data name="FileObject" inType="win:Pointer"/><data name="FileKey" inType="win:Pointer"/></template>
     <template tid="ReadWrite"><data name="ByteOffset" inType="win:UInt64"/><data name="Irp" inType="win:Pointer"/>
      <data name="ThreadId" inType="win:Pointer"/><data name="FileObject" inType="win:Pointer"/>
      <data name="FileKey" inType="win:Pointer"/><data name="IOSize" inType="win:UInt32"/>
      <data name="IOFlags" inType="win:UInt32"/></template>
    </templates>
   </provider>
  </events>
 </instrumentation>
</instrumentationManifest>
)";
    }
    constexpr uint64_t object = 0xFFFF'A000'0000'1230, key = 0xFFFF'B000'0000'4560;
    auto kf = [&](uint16_t id, int64_t ticks, const Bytes& b) {
        WriterEvent e;
        e.type = etl::HeaderType::EventHeader64;
        e.provider = etl::kernel::kKernelFileGuid;
        e.descriptor.id = id;
        e.ticks = ticks;
        e.pid = 500;
        e.tid = 504;
        e.payload = b.b;
        return e;
    };
    std::vector<WriterEvent> events = {scenario()[kVolume]};
    events.push_back(kf(10, 20, Bytes().ptr(key, P).utf16z("\\Device\\HarddiskVolume2\\data.bin")));
    events.push_back(kf(12, 30, Bytes().ptr(1, P).ptr(504, P).ptr(object, P).u32(0).u32(0).u32(7)
                                    .utf16z("\\Device\\HarddiskVolume2\\data.bin")));
    events.push_back(kf(15, 40, Bytes().u64(0).ptr(2, P).ptr(504, P).ptr(object, P).ptr(key, P).u32(300).u32(0)));
    events.push_back(kf(16, 50, Bytes().u64(300).ptr(3, P).ptr(504, P).ptr(object, P).ptr(key, P).u32(200).u32(0)));
    events.push_back(kf(14, 60, Bytes().ptr(4, P).ptr(504, P).ptr(object, P).ptr(key, P)));
    etl::test::WriterOptions opts;
    const etl::test::WrittenFile f = etl::test::write_etl(events, opts);

    auto trace = etl::EtlTrace::open_memory({f.bytes});
    etl::DecoderOptions options;
    options.manifest_paths = {manifest_path};
    auto decoders = etl::make_default_decoders(options);
    Engine e;
    EtlMapper mapper;
    e.add_machine({"test", "Windows"});
    etl::EventReader reader(*trace);
    std::vector<EventSeq> seqs;
    while (const etl::EventRecord* r = reader.next()) seqs.push_back(e.consume(mapper.map(*r, decoders->decode(*r), 0)));
    std::filesystem::remove(manifest_path);
    BOOST_REQUIRE_EQUAL(seqs.size(), events.size() + 1);
    BOOST_REQUIRE_EQUAL(e.files().size(), 1u);
    const FileObject& file = e.files()[0];
    BOOST_TEST(file.path == "C:\\data.bin");
    BOOST_TEST(e.processes()[file.process].pid == 500);
    BOOST_TEST(!file.partial);
    BOOST_TEST(file.open_seq.value_or(0) == 3u);   // header, volume, NameCreate, Create
    BOOST_TEST(file.close_seq.value_or(0) == 6u);
    BOOST_TEST(file.bytes_read == 300u);
    BOOST_TEST(file.bytes_written == 200u);
    BOOST_TEST(file.events == 4u);
}

BOOST_AUTO_TEST_CASE(volume_paths)
{
    etl::test::WriterOptions opts;
    auto m = map_file(etl::test::write_etl(scenario(), opts).bytes);
    BOOST_TEST(m->mapper.dos_path("\\Device\\HarddiskVolume2\\a\\b.txt") == "C:\\a\\b.txt");
    BOOST_TEST(m->mapper.dos_path("\\device\\harddiskvolume2\\x") == "C:\\x");
    BOOST_TEST(m->mapper.dos_path("\\Device\\HarddiskVolume3\\x") == "\\Device\\HarddiskVolume3\\x");
}

// An engine fed kernel TcpIp events and NDIS packet-capture fragments (event 1001, Ethernet keyword).
struct PacketRig {
    Engine engine;
    uint32_t machine = engine.add_machine({"host", "Windows"});
    EtlMapper mapper;
    etl::KernelDecoder kernel_decoder;
    std::vector<std::vector<uint8_t>> keep;  // the records' payloads

    std::pair<NormalizedEvent, EventSeq> map(etl::EventRecord r)
    {
        etl::DecodedEvent d;
        if (r.is_kernel()) kernel_decoder.decode(r, d);
        const NormalizedEvent n = mapper.map(r, d, machine);
        return std::make_pair(n, engine.consume(n));
    }
    std::pair<NormalizedEvent, EventSeq> tcp(uint8_t opcode, uint32_t pid, uint32_t tid, const Bytes& b)
    {
        keep.push_back(b.b);
        etl::EventRecord r = etl::test::kernel_record(static_cast<uint16_t>(0x0600 | opcode), 2, P, keep.back());
        r.pid = pid;
        r.tid = tid;
        return map(r);
    }
    std::pair<NormalizedEvent, EventSeq> ndis(uint32_t pid, const std::vector<uint8_t>& frame)
    {
        Bytes b;
        b.u32(1).u32(0).u32(static_cast<uint32_t>(frame.size()));
        b.b.insert(b.b.end(), frame.begin(), frame.end());
        keep.push_back(b.b);
        etl::EventRecord r;
        r.header_type = etl::HeaderType::EventHeader64;
        r.pointer_size = 8;
        r.provider = etl::ndis::kPacketCaptureGuid;
        r.descriptor.id = etl::ndis::kFragmentEvent;
        r.descriptor.keyword = etl::ndis::kEthernetKeyword;
        r.pid = pid;
        r.tid = pid == 0 ? 0 : 100;
        r.payload = keep.back();
        return map(r);
    }
};

// NDIS packet-capture frames against the TcpIp connection of their 5-tuple (docs/wireshark-integration.md, ETW):
// sent and received frames, plain and 802.1Q-tagged, take the connection's process and socket; the same frame
// cut at every length never matches once its ports are gone and never breaks the mapper; after the Disconnect a
// frame is still the connection's (the one that ended last: the peer's FIN, the last ACK); a frame logged by
// System with no connection has no process.
BOOST_AUTO_TEST_CASE(packets_take_their_connections_process)
{
    PacketRig rig;
    auto tcp = [&](uint8_t opcode, uint32_t pid, uint32_t tid, const Bytes& b) { return rig.tcp(opcode, pid, tid, b); };
    auto ndis = [&](uint32_t pid, const std::vector<uint8_t>& frame) { return rig.ndis(pid, frame); };
    Engine& engine = rig.engine;
    // 192.168.1.10:50000 -> 93.184.216.34:443 (tcp_head), frames of it either way, one with a VLAN tag.
    auto frame = [](bool sent, bool vlan) {
        const std::vector<uint8_t> local = {192, 168, 1, 10}, remote = {93, 184, 216, 34};
        std::vector<uint8_t> f = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
        if (vlan) f.insert(f.end(), {0x81, 0x00, 0x00, 0x05});
        f.insert(f.end(), {0x08, 0x00, 0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0});
        const auto& src = sent ? local : remote;
        const auto& dst = sent ? remote : local;
        f.insert(f.end(), src.begin(), src.end());
        f.insert(f.end(), dst.begin(), dst.end());
        const uint16_t sport = sent ? 50000 : 443, dport = sent ? 443 : 50000;
        f.insert(f.end(), {uint8_t(sport >> 8), uint8_t(sport), uint8_t(dport >> 8), uint8_t(dport), 0, 0, 0, 1, 0, 0,
                           0, 1, 0x50, 0x10, 0xff, 0xff, 0, 0, 0, 0});
        return f;
    };

    BOOST_TEST(ndis(4, frame(false, false)).first.pid == -1);  // before any connection: System's header, nobody's
    const auto connect = tcp(12, kNotepad, kNotepadThread, tcp_connect(kNotepad));
    const Socket* s = engine.socket_of(connect.second);
    BOOST_REQUIRE(s);
    BOOST_TEST(ndis(0, frame(true, false)).first.pid == kNotepad);
    BOOST_TEST(engine.sockets()[s->id].packets == 1u);
    const auto sent = ndis(4, frame(true, true));
    BOOST_TEST(sent.first.pid == kNotepad);
    BOOST_TEST(sent.first.tid == -1);
    BOOST_TEST(sent.first.activity.local == "192.168.1.10:50000");
    BOOST_TEST(sent.first.activity.remote == "93.184.216.34:443");
    BOOST_TEST(engine.socket_of(sent.second) == &engine.sockets()[s->id]);
    const auto received = ndis(0, frame(false, false));
    BOOST_TEST(received.first.pid == kNotepad);
    BOOST_TEST(received.first.activity.local == "192.168.1.10:50000");
    // Cut short: a match needs both ports (14 + 20 + 4 bytes); shorter frames are nobody's, and none breaks.
    const std::vector<uint8_t> whole = frame(false, false);
    size_t matched = 0;
    for (size_t n = 0; n <= whole.size(); ++n) {
        const auto cut = ndis(0, std::vector<uint8_t>(whole.begin(), whole.begin() + static_cast<long>(n)));
        BOOST_TEST((cut.first.pid == kNotepad) == (n >= 38), "cut at " << n);
        matched += cut.first.pid == kNotepad;
    }
    BOOST_TEST(matched == whole.size() - 38 + 1);
    const Socket& after = engine.sockets()[s->id];
    BOOST_TEST(after.packets == 3u + matched);
    BOOST_TEST(after.first_packet_seq.value_or(0) == connect.second + 1);
    BOOST_TEST(after.bytes_sent == 0u);  // packets move no bytes: the kernel events count them
    tcp(13, kNotepad, kNotepadThread, tcp_group1(kNotepad, 0));
    const auto fin = ndis(0, frame(false, false));  // after the Disconnect
    BOOST_TEST(fin.first.pid == kNotepad);
    BOOST_TEST(engine.socket_of(fin.second) == &engine.sockets()[s->id]);
    BOOST_TEST(engine.sockets()[s->id].packets == 4u + matched);
    // Another 5-tuple, logged by System: nobody's; by a real process: that one's.
    std::vector<uint8_t> other = frame(false, false);
    other[26 + 3] = 35;  // source 93.184.216.35
    BOOST_TEST(ndis(4, other).first.pid == -1);
    BOOST_TEST(ndis(kExplorer, other).first.pid == kExplorer);  // a real process's header
}

// The same over IPv6 (TcpIp ConnectIPV6, opcode 28): frames with the EtherType 0x86DD, one behind a hop-by-hop
// options header, take the connection's process with the endpoints spelled as the core spells them ("[v6]:port",
// RFC 5952), which captured packets are matched by; an IPv6 header behind the IPv4 EtherType is no packet flow
// (an event of its header's process, as any frame the rule does not cover); cut and hostile frames are no flow.
BOOST_AUTO_TEST_CASE(ipv6_packets_take_their_connections_process)
{
    PacketRig rig;
    // 2001:db8::10:50000 (local) -> 2001:db8:0:1::22:443 (remote)
    const std::vector<uint8_t> local = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10},
                               remote = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x22};
    const Bytes connect = Bytes().u32(kNotepad).u32(0).raw(remote).raw(local).be16(443).be16(50000).u16(1440).u16(1)
                              .u16(0).u16(1).u32(65535).u16(8).u16(8).u32(3).ptr(0x77, P);
    auto frame = [&](bool sent, bool hop_by_hop, uint16_t ethertype) {
        std::vector<uint8_t> f = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, uint8_t(ethertype >> 8), uint8_t(ethertype)};
        const uint8_t next = hop_by_hop ? 0 : 6;
        f.insert(f.end(), {0x60, 0, 0, 0, 0, uint8_t(hop_by_hop ? 28 : 20), next, 64});
        const auto& src = sent ? local : remote;
        const auto& dst = sent ? remote : local;
        f.insert(f.end(), src.begin(), src.end());
        f.insert(f.end(), dst.begin(), dst.end());
        if (hop_by_hop) f.insert(f.end(), {6, 0, 1, 4, 0, 0, 0, 0});  // next TCP, 8 bytes, a PadN option
        const uint16_t sport = sent ? 50000 : 443, dport = sent ? 443 : 50000;
        f.insert(f.end(), {uint8_t(sport >> 8), uint8_t(sport), uint8_t(dport >> 8), uint8_t(dport), 0, 0, 0, 1, 0, 0,
                           0, 1, 0x50, 0x10, 0xff, 0xff, 0, 0, 0, 0});
        return f;
    };
    const auto c = rig.tcp(28, kNotepad, kNotepadThread, connect);
    BOOST_TEST(c.first.activity.local == "[2001:db8::10]:50000");
    BOOST_TEST(c.first.activity.remote == "[2001:db8:0:1::22]:443");
    const Socket* s = rig.engine.socket_of(c.second);
    BOOST_REQUIRE(s);
    const auto sent = rig.ndis(4, frame(true, false, 0x86DD));
    BOOST_TEST(sent.first.pid == kNotepad);
    BOOST_TEST(sent.first.activity.local == "[2001:db8::10]:50000");
    BOOST_TEST(sent.first.activity.remote == "[2001:db8:0:1::22]:443");
    BOOST_TEST(rig.engine.socket_of(sent.second) == &rig.engine.sockets()[s->id]);
    BOOST_TEST(rig.ndis(0, frame(false, true, 0x86DD)).first.pid == kNotepad);  // received, behind hop-by-hop
    const auto odd = rig.ndis(4, frame(false, false, 0x0800));  // EtherType and IP version disagree: no flow
    BOOST_TEST((odd.first.activity.kind != ActivityKind::NetPacket && !rig.engine.socket_of(odd.second)));
    BOOST_TEST(rig.engine.sockets()[s->id].packets == 2u);
    // Cut short: a match needs both ports behind the extension header (14 + 40 + 8 + 4 bytes); shorter frames are
    // no flow, and none breaks. An extension header claiming 2 KiB (length 255) past the frame's end is no flow.
    const std::vector<uint8_t> whole = frame(false, true, 0x86DD);
    size_t matched = 0;
    for (size_t n = 0; n <= whole.size(); ++n) {
        const auto cut = rig.ndis(0, std::vector<uint8_t>(whole.begin(), whole.begin() + static_cast<long>(n)));
        BOOST_TEST((cut.first.activity.kind == ActivityKind::NetPacket) == (n >= 66), "cut at " << n);
        matched += cut.first.pid == kNotepad;
    }
    BOOST_TEST(matched == whole.size() - 66 + 1);
    std::vector<uint8_t> hostile = whole;
    hostile[14 + 40 + 1] = 255;
    BOOST_TEST((rig.ndis(0, hostile).first.activity.kind != ActivityKind::NetPacket));
    BOOST_TEST(rig.engine.sockets()[s->id].packets == 2u + matched);
    // A dual-stack socket's IPv4-mapped addresses (::ffff:192.168.1.10) are IPv4, as its packets on the wire are.
    const std::vector<uint8_t> mapped_local = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 10},
                               mapped_remote = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 93, 184, 216, 34};
    const auto m = rig.tcp(28, kNotepad, kNotepadThread,
                           Bytes().u32(kNotepad).u32(0).raw(mapped_remote).raw(mapped_local).be16(443).be16(50001)
                               .u16(1440).u16(1).u16(0).u16(1).u32(65535).u16(8).u16(8).u32(3).ptr(0x78, P));
    BOOST_TEST(m.first.activity.local == "192.168.1.10:50001");
    BOOST_TEST(m.first.activity.remote == "93.184.216.34:443");
    std::vector<uint8_t> v4 = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6,
                               0, 0, 192, 168, 1, 10, 93, 184, 216, 34, 0xc3, 0x51, 0x01, 0xbb};  // :50001 -> :443
    v4.insert(v4.end(), {0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x10, 0xff, 0xff, 0, 0, 0, 0});
    const auto p4 = rig.ndis(0, v4);
    BOOST_TEST(p4.first.pid == kNotepad);
    BOOST_TEST((rig.engine.socket_of(p4.second) && rig.engine.socket_of(p4.second) == rig.engine.socket_of(m.second)));
}

BOOST_AUTO_TEST_SUITE_END()
