#include "traceshark/tracking/etl/mapper.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_decoder.hpp"
#include "traceshark/etl/kernel_providers.hpp"
#include "traceshark/etl/captured_packet.hpp"
#include "traceshark/etl/value.hpp"
#include "traceshark/tracking/packet_link.hpp"

#include "packet_flow.hpp"

namespace traceshark::tracking {

namespace {

namespace k = etl::kernel;
using etl::DecodedEvent;
using etl::EventRecord;
using etl::Value;
using etl::ValueKind;

// ---- decoded fields by name ----

const Value* field(const DecodedEvent& d, std::string_view name)
{
    for (const etl::Field& f : d.fields)
        if (f.name == name) return &f.value;
    return nullptr;
}

std::optional<uint64_t> number(const DecodedEvent& d, std::string_view name)
{
    const Value* v = field(d, name);
    if (!v) return std::nullopt;
    if (const auto* u = std::get_if<uint64_t>(&v->scalar)) return *u;
    if (const auto* i = std::get_if<int64_t>(&v->scalar)) return static_cast<uint64_t>(*i);
    return std::nullopt;
}

std::optional<int64_t> signed_number(const DecodedEvent& d, std::string_view name)
{
    const Value* v = field(d, name);
    if (!v) return std::nullopt;
    if (const auto* i = std::get_if<int64_t>(&v->scalar)) return *i;
    if (const auto* u = std::get_if<uint64_t>(&v->scalar)) {
        // A 32-bit status read unsigned (NTSTATUS, exit codes) keeps its sign.
        return v->size == 4 ? static_cast<int64_t>(static_cast<int32_t>(*u)) : static_cast<int64_t>(*u);
    }
    return std::nullopt;
}

// -1 for a missing field or the "no id" value.
int id_field(const DecodedEvent& d, std::string_view name)
{
    const auto v = number(d, name);
    return v && *v < 0xFFFFFFFFu ? static_cast<int>(*v) : -1;
}

std::string text(const DecodedEvent& d, std::string_view name)
{
    const Value* v = field(d, name);
    if (!v || v->kind == ValueKind::Null) return {};
    if (const auto* s = std::get_if<std::string>(&v->scalar)) return *s;
    if (v->kind == ValueKind::Sid && v->bytes.empty()) return {};
    return v->to_string();
}

std::string base_name(const std::string& path)
{
    const size_t slash = path.find_last_of("\\/");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string join_key(const std::string& base, const std::string& relative)
{
    if (base.empty()) return relative;
    if (relative.empty()) return base;
    return base + "\\" + relative;
}

std::string endpoint(const DecodedEvent& d, const char* addr, const char* port)
{
    const Value* a = field(d, addr);
    const auto p = number(d, port);
    if (!a || !p) return {};
    // The core's spelling, which captured packets are matched by (an IPv4-mapped IPv6 address as IPv4).
    if ((a->kind == ValueKind::IPv4 && a->bytes.size() == 4) || (a->kind == ValueKind::IPv6 && a->bytes.size() == 16))
        return endpoint_text(a->bytes, static_cast<uint16_t>(*p));
    return a->to_string() + ":" + std::to_string(*p);
}

// ---- which event it is ----

enum class Source : uint8_t { Other, Mof, KernelProcess, KernelFile, KernelNetwork, VolumeMapping };

struct Kind {
    Source source = Source::Other;
    k::Group group{};
    uint16_t op = 0;  // MOF opcode, or the manifest event id
};

Kind kind_of(const EventRecord& r)
{
    Kind kd;
    if (r.is_kernel()) {
        if (r.hook_id == k::opcode::kLegacyImageLoadHook) return {Source::Mof, k::Group::Image, k::opcode::kLoad};
        if (const k::KernelClass* c = k::class_of_group(static_cast<uint8_t>(r.hook_id >> 8)))
            return {Source::Mof, c->group, static_cast<uint16_t>(r.hook_id & 0xFF)};
        return kd;
    }
    if (r.is_event_header()) {
        if (r.provider == k::kKernelProcessGuid) return {Source::KernelProcess, {}, r.descriptor.id};
        if (r.provider == k::kKernelFileGuid) return {Source::KernelFile, {}, r.descriptor.id};
        if (r.provider == k::kKernelNetworkGuid) return {Source::KernelNetwork, {}, r.descriptor.id};
        return kd;
    }
    if (r.provider == k::kSystemConfigExGuid && (r.descriptor.opcode == 35 || r.descriptor.opcode == 33))
        return {Source::VolumeMapping, {}, r.descriptor.opcode};  // VolumeMapping, SystemPaths
    if (const k::KernelClass* c = k::class_of_guid(r.provider)) return {Source::Mof, c->group, r.descriptor.opcode};
    return kd;
}

// A Kernel-Network event decoded with the TcpIp/UdpIp layout it shares.
std::optional<DecodedEvent> as_mof_network(const EventRecord& r)
{
    const auto mof = k::kernel_network_as_mof(r.descriptor.id);
    if (!mof) return std::nullopt;
    EventRecord copy = r;
    copy.header_type = r.pointer_size == 4 ? etl::HeaderType::System32 : etl::HeaderType::System64;
    copy.hook_id = static_cast<uint16_t>(static_cast<uint16_t>(mof->group) << 8 | mof->opcode);
    copy.descriptor.version = mof->version;
    copy.descriptor.opcode = mof->opcode;
    etl::KernelDecoder decoder;
    DecodedEvent out;
    if (!decoder.decode(copy, out) || !out.problem.empty()) return std::nullopt;
    return out;
}

ActivityKind network_kind(uint8_t opcode)
{
    switch (opcode) {
    case 10: case 26: return ActivityKind::NetSend;
    case 11: case 27: return ActivityKind::NetReceive;
    case 12: case 28: return ActivityKind::NetConnect;
    case 13: case 29: return ActivityKind::NetDisconnect;
    case 15: case 31: return ActivityKind::NetAccept;
    default: return ActivityKind::None;  // retransmit, reconnect, copy, fail: no new bytes, no new connection
    }
}

Activity network_activity(const DecodedEvent& d, bool tcp, uint8_t opcode)
{
    Activity a;
    a.kind = network_kind(opcode);
    if (a.kind == ActivityKind::None) return a;
    a.protocol = tcp ? "tcp" : "udp";
    a.local = endpoint(d, "saddr", "sport");
    a.remote = endpoint(d, "daddr", "dport");
    if (a.kind == ActivityKind::NetSend || a.kind == ActivityKind::NetReceive) a.bytes = number(d, "size");
    return a;
}

// The MOF FileIo opcodes and the Kernel-File event ids, as one set of file operations.
enum class FileOp : uint8_t { None, Name, Create, Close, Read, Write, Delete, Metadata };

FileOp mof_file_op(uint16_t op)
{
    switch (op) {
    case 0: case 32: case 36: return FileOp::Name;
    case 64: return FileOp::Create;
    case 66: return FileOp::Close;
    case 67: return FileOp::Read;
    case 68: return FileOp::Write;
    case 70: case 79: return FileOp::Delete;
    case 69: case 71: case 72: case 73: case 74: case 75: case 77: case 80: case 81: return FileOp::Metadata;
    default: return FileOp::None;  // FileDelete (a name going away), Cleanup, OperationEnd
    }
}

FileOp kernel_file_op(uint16_t id)
{
    namespace kf = k::kernel_file;
    switch (id) {
    case kf::kNameCreate: return FileOp::Name;
    case kf::kCreate: return FileOp::Create;
    case kf::kClose: return FileOp::Close;
    case kf::kRead: return FileOp::Read;
    case kf::kWrite: return FileOp::Write;
    case kf::kSetDelete: case kf::kDeletePath: return FileOp::Delete;
    case kf::kSetInformation: case kf::kRename: case kf::kDirEnum: case kf::kFlush: case kf::kQueryInformation:
    case kf::kFsctl: case kf::kDirNotify: return FileOp::Metadata;
    default: return FileOp::None;
    }
}

ActivityKind registry_kind(uint16_t op)
{
    switch (op) {
    case 10: case 11: return ActivityKind::RegistryOpen;
    case 13: case 16: case 17: case 18: case 19: case 29: return ActivityKind::RegistryRead;
    case 14: case 20: case 21: case 28: return ActivityKind::RegistryWrite;
    case 12: case 15: return ActivityKind::RegistryDelete;
    case 27: return ActivityKind::RegistryClose;
    default: return ActivityKind::None;  // KCB create/delete/rundown (names only), Virtualize, counters
    }
}

// A machine has a few dozen volume prefixes at most; a trace claiming more is not believed (every path lookup
// scans them).
constexpr size_t kMaxVolumes = 64;

bool is_rundown_name(uint16_t op) { return op == 22 || op == 24 || op == 25; }  // KCBCreate, KCBRundownBegin/End

// A Thread event's pair for the TID -> PID table. Thread 0 is the Idle process's (PID 0): the rundown gives it one
// Thread/DCStart per CPU (ProcessID 0, ThreadID 0), and TraceEvent's thread table keeps that pair like any other,
// so PerfView shows events of thread 0 (idle samples, DiskIo issued in the idle loop) in "Idle". Thread 0 of any
// other process is not a thread.
constexpr int kIdlePid = 0, kSystemPid = 4;
bool is_thread_of(int pid, int tid) { return pid >= 0 && (tid > 0 || (tid == 0 && pid == kIdlePid)); }

// Value operations name the value, not the key: the object is the key.
bool names_value(uint16_t op) { return op == 14 || op == 15 || op == 16 || op == 18 || op == 19; }

}  // namespace

int EtlMapper::pid_of_thread(uint32_t tid) const
{
    auto it = thread_process_.find(tid);
    return it == thread_process_.end() ? -1 : static_cast<int>(it->second);
}

namespace {

bool starts_with_nocase(const std::string& s, std::string_view prefix)
{
    return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
}

// The network redirector's device: its paths are UNC paths.
constexpr std::string_view kMupDevice = "\\Device\\Mup\\";

}  // namespace

std::string EtlMapper::dos_path(const std::string& nt) const
{
    for (const auto& [prefix, dos] : volumes_)
        if (starts_with_nocase(nt, prefix)) return dos + nt.substr(prefix.size());
    if (starts_with_nocase(nt, kMupDevice)) return "\\\\" + nt.substr(kMupDevice.size());
    // A path on the system volume without its device ("\Windows\System32\x.dll", as image loads give them).
    if (!system_drive_.empty() && nt.size() > 1 && nt[0] == '\\' && nt[1] != '\\' && nt[1] != '?' &&
        !starts_with_nocase(nt, "\\Device\\") && !starts_with_nocase(nt, "\\SystemRoot\\"))
        return system_drive_ + nt;
    return nt;
}

size_t EtlMapper::table_entries() const
{
    return file_names_.size() + file_objects_.size() + keys_.size() + thread_process_.size() + volumes_.size() +
           !system_drive_.empty() + started_processes_.size() + started_threads_.size() + process_ends_.size() +
           connections_.size() + ended_connections_.size();
}

void EtlMapper::learn_connection(const Activity& a, int pid)
{
    if (a.protocol.empty() || a.kind == ActivityKind::NetPacket || a.failed) return;
    const auto key = std::make_tuple(a.protocol, a.local, a.remote);
    if (a.kind == ActivityKind::NetDisconnect) {
        if (auto it = connections_.find(key); it != connections_.end()) {
            ended_connections_.insert_or_assign(key, it->second);
            connections_.erase(it);
        }
    } else if (pid >= 0) {
        connections_[key] = pid;
    }
}

Activity EtlMapper::packet_activity(const EventRecord& r, int* owner) const
{
    Activity a;
    *owner = -1;
    const auto packet = etl::captured_packet(r);
    if (!packet) return a;
    const auto flow = packet->medium == etl::PacketMedium::Ethernet ? detail::ethernet_flow(packet->bytes)
                    : packet->medium == etl::PacketMedium::Ip       ? detail::ip_flow(packet->bytes)
                                                                    : std::nullopt;
    if (!flow) return a;
    a.kind = ActivityKind::NetPacket;
    a.protocol = flow->protocol;
    a.bytes = packet->bytes.size();
    // Sent: the packet's source is the connection's local end; received: its destination. Per end, the live
    // connection, else the one that ended last.
    for (const bool sent : {true, false}) {
        const std::string& local = sent ? flow->source : flow->destination;
        const std::string& remote = sent ? flow->destination : flow->source;
        const ConnectionKey key{flow->protocol, local, remote};
        for (const auto* table : {&connections_, &ended_connections_}) {
            auto it = table->find(key);
            if (it == table->end()) continue;
            a.local = local;
            a.remote = remote;
            *owner = it->second;
            return a;
        }
    }
    a.local = flow->source;  // no connection known: as the packet says
    a.remote = flow->destination;
    return a;
}

void EtlMapper::learn(const EventRecord& r, const DecodedEvent& d)
{
    // The header's pair is true of the thread at this time.
    if (r.pid != etl::kNoId && r.tid != etl::kNoId && r.tid != 0) thread_process_[r.tid] = r.pid;
    const Kind kd = kind_of(r);
    switch (kd.source) {
    case Source::VolumeMapping: {
        if (kd.op == 33) {  // SystemPaths: the system drive, for paths without a device ("\Windows\...")
            const std::string dir = text(d, "SystemDirectory");
            if (dir.size() >= 2 && dir[1] == ':') system_drive_ = dir.substr(0, 2);
            break;
        }
        const std::string nt = text(d, "NtPath");
        if (nt.empty()) break;
        const std::string dos = text(d, "DosPath");
        auto it = std::find_if(volumes_.begin(), volumes_.end(), [&](const auto& v) { return v.first == nt; });
        if (it != volumes_.end()) it->second = dos;
        else if (volumes_.size() < kMaxVolumes) volumes_.emplace_back(nt, dos);
        std::stable_sort(volumes_.begin(), volumes_.end(),
                         [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
        break;
    }
    case Source::KernelProcess:
        if (kd.op == k::kernel_process::kThreadStart) {
            const int pid = id_field(d, "ProcessID"), tid = id_field(d, "ThreadID");
            if (is_thread_of(pid, tid)) thread_process_[static_cast<uint32_t>(tid)] = static_cast<uint32_t>(pid);
        }
        break;
    case Source::KernelFile:
        if (kd.op == k::kernel_file::kNameCreate) {
            if (auto key = number(d, "FileKey")) file_names_[*key] = text(d, "FileName");
        } else if (kd.op == k::kernel_file::kCreate) {
            if (auto fo = number(d, "FileObject")) file_objects_[*fo] = text(d, "FileName");
        }
        break;
    case Source::Mof:
        if (kd.group == k::Group::Thread && kd.op >= k::opcode::kStart && kd.op <= k::opcode::kDCEnd) {
            const int pid = id_field(d, "ProcessID"), tid = id_field(d, "ThreadID");
            if (is_thread_of(pid, tid)) thread_process_[static_cast<uint32_t>(tid)] = static_cast<uint32_t>(pid);
        } else if (kd.group == k::Group::FileIo) {
            const FileOp op = mof_file_op(kd.op);
            if (op == FileOp::Name) {
                if (auto fo = number(d, "FileObject")) file_names_[*fo] = text(d, "FileName");
            } else if (op == FileOp::Create) {
                if (auto fo = number(d, "FileObject")) file_objects_[*fo] = text(d, "OpenPath");
            }
        } else if (kd.group == k::Group::Registry && is_rundown_name(kd.op)) {
            if (auto kcb = number(d, "KeyHandle")) keys_[*kcb] = text(d, "KeyName");
        }
        break;
    default: break;
    }
}

Activity EtlMapper::activity(const EventRecord& r, const DecodedEvent& d) const { return activity_of(r, d); }

Activity EtlMapper::activity_of(const EventRecord& r, const DecodedEvent& d) const
{
    Activity a;
    const Kind kd = kind_of(r);
    auto file_activity = [&](FileOp op, const char* create_name, const char* size_name, const char* offset_name) {
        switch (op) {
        case FileOp::Create: a.kind = ActivityKind::FileOpen; break;
        case FileOp::Close: a.kind = ActivityKind::FileClose; break;
        case FileOp::Read: a.kind = ActivityKind::FileRead; break;
        case FileOp::Write: a.kind = ActivityKind::FileWrite; break;
        case FileOp::Delete: a.kind = ActivityKind::FileDelete; break;
        case FileOp::Metadata: a.kind = ActivityKind::FileMetadata; break;
        default: return;
        }
        // The path the FileObject was opened with, else the file's name (FileKey: Win8+; FileObject: Vista/7).
        std::string path;
        const auto fo = number(d, "FileObject");
        if (op == FileOp::Create) path = text(d, create_name);
        if (path.empty() && fo) {
            if (auto it = file_objects_.find(*fo); it != file_objects_.end()) path = it->second;
        }
        if (path.empty()) {
            if (auto key = number(d, "FileKey")) {
                if (auto it = file_names_.find(*key); it != file_names_.end()) path = it->second;
            }
        }
        if (path.empty() && fo) {
            if (auto it = file_names_.find(*fo); it != file_names_.end()) path = it->second;
        }
        a.path = dos_path(path);
        if (op == FileOp::Read || op == FileOp::Write) {
            a.bytes = number(d, size_name);
            if (auto off = number(d, offset_name)) a.offset = static_cast<int64_t>(*off);
        }
    };
    if (kd.source == Source::Other) {
        int owner = -1;
        return packet_activity(r, &owner);
    }
    switch (kd.source) {
    case Source::KernelProcess:
        if (kd.op == k::kernel_process::kImageLoad || kd.op == k::kernel_process::kImageUnload) {
            a.kind = kd.op == k::kernel_process::kImageLoad ? ActivityKind::ImageLoad : ActivityKind::ImageUnload;
            a.path = dos_path(text(d, "ImageName"));
            a.address = number(d, "ImageBase");
            a.bytes = number(d, "ImageSize");
        }
        break;
    case Source::KernelFile:
        file_activity(kernel_file_op(kd.op), "FileName", "IOSize", "ByteOffset");
        break;
    case Source::KernelNetwork:
        if (auto mof = as_mof_network(r)) {
            const auto eq = k::kernel_network_as_mof(r.descriptor.id);
            a = network_activity(*mof, eq->group == k::Group::TcpIp, eq->opcode);
        }
        break;
    case Source::Mof:
        switch (kd.group) {
        case k::Group::Image:
            if (kd.op == k::opcode::kLoad || kd.op == k::opcode::kDCStart || kd.op == k::opcode::kDCEnd ||
                kd.op == k::opcode::kEnd) {
                a.kind = kd.op == k::opcode::kEnd ? ActivityKind::ImageUnload : ActivityKind::ImageLoad;
                a.rundown = kd.op == k::opcode::kDCStart || kd.op == k::opcode::kDCEnd;
                a.path = dos_path(text(d, "FileName"));
                a.address = number(d, "ImageBase");
                a.bytes = number(d, "ImageSize");
            }
            break;
        case k::Group::FileIo: file_activity(mof_file_op(kd.op), "OpenPath", "IoSize", "Offset"); break;
        case k::Group::TcpIp:
        case k::Group::UdpIp:
            a = network_activity(d, kd.group == k::Group::TcpIp, static_cast<uint8_t>(kd.op));
            break;
        case k::Group::Registry: {
            a.kind = registry_kind(kd.op);
            if (a.kind == ActivityKind::None) break;
            std::string base;
            if (auto kcb = number(d, "KeyHandle"); kcb && *kcb != 0) {
                if (auto it = keys_.find(*kcb); it != keys_.end()) base = it->second;
            }
            const std::string name = text(d, "KeyName");
            if (a.kind == ActivityKind::RegistryOpen) a.path = join_key(base, name);
            else if (names_value(kd.op)) a.path = base;
            else a.path = base.empty() ? name : base;
            if (auto status = signed_number(d, "Status")) a.failed = *status != 0;
            break;
        }
        default: break;
        }
        break;
    default: break;
    }
    return a;
}

NormalizedEvent EtlMapper::map(const EventRecord& r, const DecodedEvent& d, uint32_t machine)
{
    learn(r, d);
    NormalizedEvent n;
    n.machine = machine;
    n.ts = r.time_ns;
    // The header's context; a header without a PID takes the thread's process.
    n.tid = r.tid != etl::kNoId ? static_cast<int>(r.tid) : -1;
    n.pid = r.pid != etl::kNoId ? static_cast<int>(r.pid) : (n.tid >= 0 ? pid_of_thread(r.tid) : -1);
    const int header_pid = n.pid;
    // Events about another process than the recording thread's (the payload says which): the process, as
    // PerfView shows it; the recording thread only where it belongs to that process.
    auto about_process = [&](int pid) {
        if (pid < 0) return;
        if (header_pid != pid) n.tid = -1;
        n.pid = pid;
    };
    const Kind kd = kind_of(r);
    n.activity = activity_of(r, d);

    auto process_fields = [&](const char* image, const char* parent) {
        n.child = id_field(d, "ProcessID");
        n.parent = id_field(d, parent);
        const std::string file = dos_path(text(d, image));
        n.name = base_name(file);
        n.path = file;
        n.exec_file = file.find_first_of("\\/") != std::string::npos ? file : std::string();
        n.command_line = text(d, "CommandLine");
        const int session = id_field(d, "SessionID");
        if (session >= 0) n.session = static_cast<uint32_t>(session);
        n.user = text(d, "UserSID");
    };
    auto exit_code = [&](const char* name) {
        if (auto c = signed_number(d, name)) n.code = static_cast<int>(*c);
    };

    if (kd.source == Source::KernelProcess) {
        namespace kp = k::kernel_process;
        const int pid = id_field(d, "ProcessID");
        switch (kd.op) {
        case kp::kProcessStart:
            if (pid < 0) break;
            n.kind = EventKind::ProcessStart;
            process_fields("ImageName", "ParentProcessID");
            // Recorded by the creating thread, whose process is the event's (as PerfView shows it).
            if (n.tid < 0) n.pid = pid;
            break;
        case kp::kProcessStop:
            if (pid < 0) break;
            n.kind = EventKind::ProcessExit;
            n.name = text(d, "ImageName");  // a short name here
            exit_code("ExitCode");
            about_process(pid);
            break;
        case kp::kThreadStart:
        case kp::kThreadStop: {
            const int tid = id_field(d, "ThreadID");
            if (pid < 0 || tid < 0) break;
            if (kd.op == kp::kThreadStart && header_pid >= 0 && n.tid >= 0 && n.tid != tid) {
                n.kind = EventKind::ThreadStart;
                n.child = tid;
                n.pid = pid;
                if (header_pid != pid) n.thread_pid = header_pid;
            } else {
                n.kind = kd.op == kp::kThreadStop ? EventKind::ThreadExit : EventKind::Activity;
                n.tid = tid;
                n.child = kd.op == kp::kThreadStop ? tid : -1;
                n.pid = pid;
            }
            break;
        }
        case kp::kImageLoad:
        case kp::kImageUnload: about_process(pid); break;
        default: break;  // priority changes: the recording thread's (the header), as PerfView shows them
        }
        once(n);
        return n;
    }
    if (kd.source == Source::KernelNetwork) {
        if (auto mof = as_mof_network(r)) about_process(id_field(*mof, "PID"));
        learn_connection(n.activity, n.pid);
        return n;
    }
    if (kd.source == Source::Other && n.activity.kind == ActivityKind::NetPacket) {
        // The connection's process; else the header's where it names a real process: NDIS logs in whatever
        // context the packet passes through (a DPC on receive: the Idle process or System, or any process
        // interrupted), so only the connection's owner is certain.
        int owner = -1;
        n.activity = packet_activity(r, &owner);
        if (owner >= 0) about_process(owner);
        else if (header_pid == kIdlePid || header_pid == kSystemPid) n.pid = n.tid = -1;
        return n;
    }
    if (kd.source != Source::Mof) return n;

    switch (kd.group) {
    case k::Group::Process: {
        const int pid = id_field(d, "ProcessID");
        if (pid < 0) break;
        switch (kd.op) {
        case k::opcode::kStart:
            n.kind = EventKind::ProcessStart;
            process_fields("ImageFileName", "ParentID");
            // The creating thread recorded it when the header says so; else no thread is known.
            if (header_pid < 0 || header_pid == pid) n.tid = -1;
            else n.thread_pid = header_pid;
            n.pid = pid;
            break;
        case k::opcode::kEnd:
            n.kind = EventKind::ProcessExit;
            process_fields("ImageFileName", "ParentID");  // names a process first seen just before its end
            exit_code("ExitStatus");
            about_process(pid);
            break;
        case k::opcode::kDCStart:
        case k::opcode::kDCEnd:
        case k::opcode::kDefunct:
            // A rundown: the process as it is (DCStart/DCEnd), or one that ended and is kept for its handles.
            n.kind = kd.op == k::opcode::kDefunct ? EventKind::ProcessExit : EventKind::ProcessInfo;
            process_fields("ImageFileName", "ParentID");
            if (kd.op == k::opcode::kDefunct) exit_code("ExitStatus");
            n.tid = -1;
            n.pid = pid;
            break;
        default: about_process(pid); break;
        }
        break;
    }
    case k::Group::Thread: {
        const int pid = id_field(d, "ProcessID"), tid = id_field(d, "ThreadID");
        if (pid < 0 || tid < 0) break;
        switch (kd.op) {
        case k::opcode::kStart:
            // Recorded by the creating thread, which may be in another process (CreateRemoteThread, the first
            // thread of a new process).
            if (header_pid >= 0 && n.tid >= 0 && n.tid != tid) {
                n.kind = EventKind::ThreadStart;
                n.child = tid;
                n.pid = pid;
                if (header_pid != pid) n.thread_pid = header_pid;
                break;
            }
            [[fallthrough]];
        case k::opcode::kDCStart:
        case k::opcode::kDCEnd:
            n.tid = tid;  // the thread itself: first seen, it joins its process
            n.pid = pid;
            break;
        case k::opcode::kEnd:
            n.kind = EventKind::ThreadExit;
            n.tid = tid;
            n.child = tid;
            n.pid = pid;
            break;
        case k::opcode::kThreadSetName:
            n.kind = EventKind::Rename;
            n.tid = tid;
            n.child = tid;
            n.pid = pid;
            n.name = text(d, "ThreadName");
            break;
        default: break;
        }
        break;
    }
    case k::Group::Image: about_process(id_field(d, "ProcessID")); break;
    case k::Group::TcpIp:
    case k::Group::UdpIp:
        about_process(id_field(d, "PID"));
        learn_connection(n.activity, n.pid);
        break;
    default:
        // Events about a process (SystemConfig/Services, PageFault/VirtualAlloc, ...): that process.
        if (field(d, "ProcessID")) about_process(id_field(d, "ProcessID"));
        // PERFINFO headers carry no ids: the thread is in the payload (FileIo TTID, DiskIo IssuingThreadId,
        // PerfInfo samples' ThreadID), its process in the Thread events.
        if (n.tid < 0) {
            for (const char* name : {"TTID", "IssuingThreadId", "ThreadID"}) {
                const int tid = id_field(d, name);
                if (tid < 0) continue;
                n.tid = tid;
                n.pid = pid_of_thread(static_cast<uint32_t>(tid));
                break;
            }
        }
        break;
    }
    // A thread whose process is not known yet cannot be placed: keep the event for the process only.
    if (n.tid >= 0 && n.pid < 0 && n.kind == EventKind::Activity) n.tid = -1;
    once(n);
    return n;
}

void EtlMapper::once(NormalizedEvent& n)
{
    switch (n.kind) {
    case EventKind::ProcessStart:
        if (n.child < 0) break;
        if (!started_processes_.insert(static_cast<uint32_t>(n.child)).second) {
            // Told again (MOF and Kernel-Process): what it adds (a full image path) describes the process.
            n.kind = EventKind::ProcessInfo;
            n.tid = -1;
            n.pid = n.child;
            n.thread_pid = -1;
        }
        break;
    case EventKind::ProcessExit:
        if (n.pid >= 0) {
            started_processes_.erase(static_cast<uint32_t>(n.pid));
            ++process_ends_[n.pid];
        }
        break;
    case EventKind::ThreadStart: {
        if (n.child < 0) break;
        const std::pair<int, uint32_t> instance{n.pid, process_ends_[n.pid]};
        auto [it, inserted] = started_threads_.try_emplace(static_cast<uint32_t>(n.child), instance);
        if (!inserted && it->second != instance) {
            it->second = instance;  // a reused tid
        } else if (!inserted) {
            n.kind = EventKind::Activity;  // the thread itself, already started
            n.tid = n.child;
            n.child = -1;
            n.thread_pid = -1;
        }
        break;
    }
    case EventKind::ThreadExit:
        if (n.child >= 0) started_threads_.erase(static_cast<uint32_t>(n.child));
        break;
    default: break;
    }
}

}  // namespace traceshark::tracking
