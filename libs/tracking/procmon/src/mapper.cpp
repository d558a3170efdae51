#include "traceshark/tracking/procmon/mapper.hpp"

#include "traceshark/common/filetime.hpp"
#include "traceshark/tracking/packet_link.hpp"

namespace traceshark::tracking {

namespace {

std::string base_name(const std::string& path)
{
    const size_t slash = path.find_last_of("\\/");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int as_int(std::optional<int64_t> v) { return v ? static_cast<int>(*v) : -1; }

ActivityKind file_activity(const procmon::Event& e)
{
    using enum procmon::FileSystemOperation;
    switch (e.filesystem_operation()) {
    case CreateFile: return ActivityKind::FileOpen;
    case ReadFile:
    case ReadFileMdl: return ActivityKind::FileRead;
    case WriteFile:
    case WriteFileMdl: return ActivityKind::FileWrite;
    case CloseFile: return ActivityKind::FileClose;
    case SetInformationFile: {
        const auto del = e.number(procmon::DetailKey::Delete);
        return del && *del ? ActivityKind::FileDelete : ActivityKind::FileMetadata;
    }
    case CreateFileMapping:
    case QueryInformationFile:
    case QueryEaFile:
    case SetEaFile:
    case QueryVolumeInformation:
    case DirectoryControl:
    case QuerySecurityFile:
    case SetSecurityFile: return ActivityKind::FileMetadata;
    default: return ActivityKind::None;
    }
}

// Value operations name the value after the key: the object is the key.
bool names_value(procmon::RegistryOperation op)
{
    using enum procmon::RegistryOperation;
    return op == QueryValue || op == SetValue || op == DeleteValue;
}

std::string key_of_value(const std::string& path)
{
    const size_t slash = path.rfind('\\');
    return slash == std::string::npos ? path : path.substr(0, slash);
}

ActivityKind registry_activity(procmon::RegistryOperation op)
{
    using enum procmon::RegistryOperation;
    switch (op) {
    case OpenKey:
    case CreateKey: return ActivityKind::RegistryOpen;
    case CloseKey: return ActivityKind::RegistryClose;
    case QueryKey:
    case QueryValue:
    case EnumValue:
    case EnumKey:
    case QueryMultipleValueKey:
    case QueryKeySecurity: return ActivityKind::RegistryRead;
    case SetValue:
    case SetInfoKey:
    case FlushKey:
    case SetKeySecurity: return ActivityKind::RegistryWrite;
    case DeleteKey:
    case DeleteValue: return ActivityKind::RegistryDelete;
    default: return ActivityKind::None;
    }
}

ActivityKind network_activity(procmon::NetworkOperation op)
{
    using enum procmon::NetworkOperation;
    switch (op) {
    case Send: return ActivityKind::NetSend;
    case Receive: return ActivityKind::NetReceive;
    case Accept: return ActivityKind::NetAccept;
    case Connect: return ActivityKind::NetConnect;
    case Disconnect: return ActivityKind::NetDisconnect;
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
            const auto n = e.number(procmon::DetailKey::Length);
            if (n && *n >= 0 && !a.failed) a.bytes = static_cast<uint64_t>(*n);
            a.offset = e.number(procmon::DetailKey::Offset);
        }
        break;
    case procmon::EventClass::Registry:
        a.kind = registry_activity(e.registry_operation());
        a.path = names_value(e.registry_operation()) ? key_of_value(e.path) : e.path;
        break;
    case procmon::EventClass::Network: {
        a.kind = network_activity(e.network_operation());
        if (!e.network) break;
        a.protocol = e.network->tcp ? "tcp" : "udp";
        // The addresses and ports as numbers, as the other formats give them (the Path's names depend on the
        // log's name tables): the same connection text across formats, and the key packets are linked by.
        const procmon::NetworkEndpoints& ends = *e.network;
        a.local = endpoint_text(std::span(ends.source.data(), ends.source_ipv4 ? 4 : 16), ends.source_port);
        a.remote = endpoint_text(std::span(ends.destination.data(), ends.destination_ipv4 ? 4 : 16), ends.destination_port);
        if (auto n = e.number(procmon::DetailKey::Length); n && *n >= 0) a.bytes = static_cast<uint64_t>(*n);
        break;
    }
    default: break;
    }
    return a;
}

}  // namespace

Activity ProcmonMapper::activity(const procmon::Event& e)
{
    return e.event_class == procmon::EventClass::Process ? Activity{} : activity_of(e);
}

NormalizedEvent ProcmonMapper::map(const procmon::Event& e, uint32_t machine)
{
    NormalizedEvent n;
    n.machine = machine;
    n.ts = common::filetime_to_unix_ns(e.filetime);
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
    using enum procmon::ProcessOperation;
    switch (e.process_operation()) {
    case ProcessCreate:
        n.kind = EventKind::ProcessStart;
        n.child = as_int(e.number(procmon::DetailKey::Pid));
        n.path = e.path;
        n.name = base_name(e.path);
        if (const procmon::DetailItem* cmd = e.detail(procmon::DetailKey::CommandLine)) n.command_line = cmd->value;
        else n.command_line.clear();
        if (e.created_process) {
            if (const procmon::Process* child = tables_.process(*e.created_process))
                n.parent = static_cast<int>(child->parent_pid);
        }
        break;
    case ThreadCreate:
        n.kind = EventKind::ThreadStart;
        n.child = as_int(e.number(procmon::DetailKey::ThreadId));
        break;
    case ThreadExit:
        n.kind = EventKind::ThreadExit;
        n.child = n.tid;
        break;
    case ProcessExit:
        n.kind = EventKind::ProcessExit;
        if (auto code = e.number(procmon::DetailKey::ExitStatus)) n.code = static_cast<int>(*code);
        break;
    default: break;
    }
    return n;
}

}  // namespace traceshark::tracking
