// ETW events (libs/etl records with their decoded fields) as normalized tracking events. docs/architecture.md
// "ETW" has the rules; in short:
//   Process Start/End/DCStart/DCEnd/Defunct (kernel MOF) and Kernel-Process ProcessStart/Stop
//                    process start (child = ProcessID, recorded parent, name, command line, session, user SID),
//                    exit with ExitStatus, rundown descriptions of processes that existed before the capture
//   Thread ...       thread start / exit / rundown / SetName; they also keep the TID -> PID table
//   Image ...        image load / unload (rundowns: loaded before the capture)
//   FileIo / Kernel-File  open, read, write (IoSize), close, delete, metadata on a FileObject, named from the
//                    Create's OpenPath or the FileKey's Name/FileCreate/FileRundown, NT volume paths mapped to drive
//                    letters from SysConfig/VolumeMapping
//   TcpIp / UdpIp / Kernel-Network  connect, accept, send, receive (size), disconnect with both endpoints
//   Registry         open, read, write, delete, close on the key, named from the KCB rundown / KCBCreate
//   NDIS packet capture  Ethernet frames whose TCP/UDP endpoints are those of a connection the TcpIp/UdpIp/
//                    Kernel-Network events made known (either direction): that connection's process, as a
//                    "net packet" on it; otherwise the header's process when it is a real one (not Idle, System)
// Every event gets its process and thread: the header's PID/TID, the payload's ProcessID where the event is
// about a process (as PerfView shows it), and for headers without a PID (0xFFFFFFFF) the thread's process from
// the Thread events. The name tables hold one entry per distinct object of the trace (they never grow beyond).
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/record.hpp"
#include "traceshark/tracking/event.hpp"

namespace traceshark::tracking {

class EtlMapper {
public:
    // Events must come in time order (EventReader): rundowns and creates name the objects later events use.
    // `decoded`: the record as the caller's decoders decoded it (etl::DecoderSet::decode); manifest events
    // (Kernel-Process, Kernel-File) need their manifest there, Kernel-Network events are decoded here.
    NormalizedEvent map(const etl::EventRecord& record, const etl::DecodedEvent& decoded, uint32_t machine);
    // What one event did, resolved with the tables as they are now, without changing them: for random access
    // after the pass (exact only while an object address was not reused; Engine::file_of(seq) is always exact).
    Activity activity(const etl::EventRecord& record, const etl::DecodedEvent& decoded) const;

    // NT path -> DOS path as SysConfig/VolumeMapping gave them ("\Device\HarddiskVolume2\x" -> "C:\x"); the
    // redirector's "\Device\Mup\x" -> "\\x"; "\Windows\x" (no device) on the system drive of SysConfig/SystemPaths.
    std::string dos_path(const std::string& nt_path) const;
    // Entries in the name tables (FileObject, FileKey, KCB, TID): bounded by the distinct objects of the trace.
    size_t table_entries() const;

private:
    Activity activity_of(const etl::EventRecord& r, const etl::DecodedEvent& d) const;
    void learn(const etl::EventRecord& r, const etl::DecodedEvent& d);  // names, TIDs, volumes
    int pid_of_thread(uint32_t tid) const;
    void once(NormalizedEvent& n);  // a start told twice describes the second time
    // The network activity of a packet-capture event: its endpoints as the connection it belongs to names them
    // (local first), and that connection's process (-1: none known).
    Activity packet_activity(const etl::EventRecord& r, int* owner) const;
    void learn_connection(const Activity& a, int pid);

    std::unordered_map<uint64_t, std::string> file_names_;    // FileKey (or FileObject, Vista/7) -> name
    std::unordered_map<uint64_t, std::string> file_objects_;  // FileObject -> the path its Create opened
    std::unordered_map<uint64_t, std::string> keys_;          // KCB -> registry key name
    std::unordered_map<uint32_t, uint32_t> thread_process_;   // TID -> PID
    // Processes and threads whose start was mapped and that have not ended: a trace with both the kernel's MOF
    // events and Kernel-Process reports each start twice; the second only describes. A thread's entry holds its
    // process and how many ends of that pid were mapped before (a later instance of the pid is another thread).
    std::unordered_set<uint32_t> started_processes_;
    std::unordered_map<uint32_t, std::pair<int, uint32_t>> started_threads_;
    std::unordered_map<int, uint32_t> process_ends_;  // PID -> ends mapped
    std::vector<std::pair<std::string, std::string>> volumes_;  // NT prefix -> DOS prefix, longest first
    std::string system_drive_;                                   // "C:", from SysConfig/SystemPaths
    // Connections and flows the kernel network events named, (protocol, local, remote) -> PID; TCP ones leave
    // at their disconnect for `ended_connections_` (the latest of each endpoint pair: a packet after the close,
    // the peer's FIN or last ACK, is still that connection's, as packet_link.hpp's rule has it).
    using ConnectionKey = std::tuple<std::string, std::string, std::string>;
    std::map<ConnectionKey, int> connections_, ended_connections_;
};

}  // namespace traceshark::tracking
