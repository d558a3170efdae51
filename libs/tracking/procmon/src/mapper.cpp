#include "traceshark/tracking/procmon/mapper.hpp"

namespace traceshark::tracking {

namespace {

enum ProcessOp : uint16_t { kCreate = 1, kExit = 2, kThreadCreate = 3, kThreadExit = 4 };

std::string base_name(const std::string& path)
{
    const size_t slash = path.find_last_of("\\/");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int as_int(std::optional<int64_t> v) { return v ? static_cast<int>(*v) : -1; }

enum FileSystemOp : uint16_t {
    kWriteFileMdl = 3, kReadFileMdl = 5, kCreateFileMapping = 19, kCreateFile = 20, kReadFile = 23, kWriteFile = 24,
    kQueryInformation = 25, kSetInformation = 26, kQueryEa = 27, kSetEa = 28, kQueryVolume = 30,
    kDirectoryControl = 32, kCloseFile = 38, kQuerySecurity = 40, kSetSecurity = 41,
};

enum RegistryOp : uint16_t {
    kOpenKey = 0, kCreateKey = 1, kCloseKey = 2, kQueryKey = 3, kSetValue = 4, kQueryValue = 5, kEnumValue = 6,
    kEnumKey = 7, kSetInfoKey = 8, kDeleteKey = 9, kDeleteValue = 10, kFlushKey = 11, kQueryMultipleValueKey = 15,
    kSetKeySecurity = 16, kQueryKeySecurity = 17,
};

enum NetworkOp : uint16_t { kSend = 2, kReceive = 3, kAccept = 4, kConnect = 5, kDisconnect = 6 };

ActivityKind file_activity(const procmon::Event& e)
{
    switch (e.operation) {
    case kCreateFile: return ActivityKind::FileOpen;
    case kReadFile:
    case kReadFileMdl: return ActivityKind::FileRead;
    case kWriteFile:
    case kWriteFileMdl: return ActivityKind::FileWrite;
    case kCloseFile: return ActivityKind::FileClose;
    case kSetInformation: {
        const auto del = e.number("Delete");
        return del && *del ? ActivityKind::FileDelete : ActivityKind::FileMetadata;
    }
    case kCreateFileMapping:
    case kQueryInformation:
    case kQueryEa:
    case kSetEa:
    case kQueryVolume:
    case kDirectoryControl:
    case kQuerySecurity:
    case kSetSecurity: return ActivityKind::FileMetadata;
    default: return ActivityKind::None;
    }
}

// Value operations name the value after the key: the object is the key.
std::string key_of_value(const std::string& path)
{
    const size_t slash = path.rfind('\\');
    return slash == std::string::npos ? path : path.substr(0, slash);
}

ActivityKind registry_activity(uint16_t op)
{
    switch (op) {
    case kOpenKey:
    case kCreateKey: return ActivityKind::RegistryOpen;
    case kCloseKey: return ActivityKind::RegistryClose;
    case kQueryKey:
    case kQueryValue:
    case kEnumValue:
    case kEnumKey:
    case kQueryMultipleValueKey:
    case kQueryKeySecurity: return ActivityKind::RegistryRead;
    case kSetValue:
    case kSetInfoKey:
    case kFlushKey:
    case kSetKeySecurity: return ActivityKind::RegistryWrite;
    case kDeleteKey:
    case kDeleteValue: return ActivityKind::RegistryDelete;
    default: return ActivityKind::None;
    }
}

ActivityKind network_activity(uint16_t op)
{
    switch (op) {
    case kSend: return ActivityKind::NetSend;
    case kReceive: return ActivityKind::NetReceive;
    case kAccept: return ActivityKind::NetAccept;
    case kConnect: return ActivityKind::NetConnect;
    case kDisconnect: return ActivityKind::NetDisconnect;
    default: return ActivityKind::None;
    }
}

Activity activity_of(const procmon::Event& e)
{
    Activity a;
    a.failed = e.result != 0;  // anything but STATUS_SUCCESS
    switch (e.event_class) {
    case procmon::EventClass::FileSystem:
        a.kind = file_activity(e);
        a.path = e.path;
        if (a.kind == ActivityKind::FileRead || a.kind == ActivityKind::FileWrite) {
            if (auto n = e.number("Length"); n && *n >= 0 && !a.failed) a.bytes = static_cast<uint64_t>(*n);
            a.offset = e.number("Offset");
        }
        break;
    case procmon::EventClass::Registry:
        a.kind = registry_activity(e.operation);
        a.path = e.operation == kQueryValue || e.operation == kSetValue || e.operation == kDeleteValue
                     ? key_of_value(e.path)
                     : e.path;
        break;
    case procmon::EventClass::Network: {
        a.kind = network_activity(e.operation);
        if (!e.network) break;
        a.protocol = e.network->tcp ? "tcp" : "udp";
        const size_t arrow = e.path.find(" -> ");
        a.local = e.path.substr(0, arrow);
        a.remote = arrow == std::string::npos ? std::string() : e.path.substr(arrow + 4);
        if (auto n = e.number("Length"); n && *n >= 0) a.bytes = static_cast<uint64_t>(*n);
        break;
    }
    default: break;
    }
    return a;
}

}  // namespace

Timestamp filetime_to_ns(uint64_t filetime)
{
    constexpr uint64_t kUnixEpoch = 116444736000000000ull;  // 1970-01-01 as a FILETIME
    return filetime > kUnixEpoch ? (filetime - kUnixEpoch) * 100 : 0;
}

Activity ProcmonMapper::activity(const procmon::Event& e)
{
    return e.event_class == procmon::EventClass::Process ? Activity{} : activity_of(e);
}

NormalizedEvent ProcmonMapper::map(const procmon::Event& e, uint32_t machine)
{
    NormalizedEvent n;
    n.machine = machine;
    n.ts = filetime_to_ns(e.filetime);
    const procmon::Process* p = tables_.process(e.process_index);
    if (!p) return n;  // no process: nothing to attribute (tid stays -1)
    n.pid = static_cast<int>(p->pid);
    n.comm = p->name;
    if (e.process_index >= described_.size()) described_.resize(e.process_index + 1, false);
    if (!described_[e.process_index]) {
        described_[e.process_index] = true;
        n.exec_file = p->image_path;
        n.command_line = p->command_line;
    }
    // Network events carry no thread: they are the process's (its stand-in thread has the pid as tid).
    n.tid = e.tid != 0 ? static_cast<int>(e.tid) : n.pid;
    if (e.event_class != procmon::EventClass::Process) {
        n.activity = activity_of(e);
        return n;
    }
    switch (e.operation) {
    case kCreate:
        n.kind = EventKind::ProcessStart;
        n.child = as_int(e.number("PID"));
        n.path = e.path;
        n.name = base_name(e.path);
        if (const procmon::DetailItem* cmd = e.detail("Command line")) n.command_line = cmd->value;
        else n.command_line.clear();
        if (e.created_process) {
            if (const procmon::Process* child = tables_.process(*e.created_process))
                n.parent = static_cast<int>(child->parent_pid);
        }
        break;
    case kThreadCreate:
        n.kind = EventKind::ThreadStart;
        n.child = as_int(e.number("Thread ID"));
        break;
    case kThreadExit:
        n.kind = EventKind::ThreadExit;
        n.child = n.tid;
        break;
    case kExit:
        n.kind = EventKind::ProcessExit;
        if (auto code = e.number("Exit Status")) n.code = static_cast<int>(*code);
        break;
    default: break;
    }
    return n;
}

}  // namespace traceshark::tracking
