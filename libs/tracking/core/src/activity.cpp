// The file, registry-key and socket side of the engine: objects from open to close, the bytes moved through
// them, and which object every event used.
#include <algorithm>

#include "traceshark/tracking/engine.hpp"

namespace traceshark::tracking {

const char* activity_name(ActivityKind k)
{
    switch (k) {
    case ActivityKind::None: return "";
    case ActivityKind::FileOpen: return "file open";
    case ActivityKind::FileRead: return "file read";
    case ActivityKind::FileWrite: return "file write";
    case ActivityKind::FileClose: return "file close";
    case ActivityKind::FileDelete: return "file delete";
    case ActivityKind::FileMetadata: return "file metadata";
    case ActivityKind::RegistryOpen: return "registry open";
    case ActivityKind::RegistryRead: return "registry read";
    case ActivityKind::RegistryWrite: return "registry write";
    case ActivityKind::RegistryDelete: return "registry delete";
    case ActivityKind::RegistryClose: return "registry close";
    case ActivityKind::NetConnect: return "net connect";
    case ActivityKind::NetAccept: return "net accept";
    case ActivityKind::NetSend: return "net send";
    case ActivityKind::NetReceive: return "net receive";
    case ActivityKind::NetDisconnect: return "net disconnect";
    case ActivityKind::NetPacket: return "net packet";
    case ActivityKind::ImageLoad: return "image load";
    case ActivityKind::ImageUnload: return "image unload";
    }
    return "";
}

namespace {

bool is_network(ActivityKind k) { return k >= ActivityKind::NetConnect && k <= ActivityKind::NetPacket; }
bool is_image(ActivityKind k) { return k == ActivityKind::ImageLoad || k == ActivityKind::ImageUnload; }
bool is_registry(ActivityKind k) { return k >= ActivityKind::RegistryOpen && k <= ActivityKind::RegistryClose; }

template <typename T>
const T* used_at(const std::vector<std::pair<EventSeq, uint32_t>>& uses, const std::vector<T>& objects, EventSeq seq)
{
    auto it = std::lower_bound(uses.begin(), uses.end(), seq, [](const auto& u, EventSeq s) { return u.first < s; });
    return it != uses.end() && it->first == seq ? &objects[it->second] : nullptr;
}

// The operation `a` in its process's totals.
void count_io(ProcessIo& io, const Activity& a)
{
    if (a.kind == ActivityKind::NetPacket) return;  // a packet is not an operation of the process
    if (a.failed) ++io.failed;
    const uint64_t bytes = a.failed ? 0 : a.bytes.value_or(0);
    if (is_network(a.kind)) {
        ++io.net_ops;
        if (!a.failed && (a.kind == ActivityKind::NetConnect || a.kind == ActivityKind::NetAccept)) ++io.connections;
        if (a.kind == ActivityKind::NetSend) io.bytes_sent += bytes;
        if (a.kind == ActivityKind::NetReceive) io.bytes_received += bytes;
    } else if (is_registry(a.kind)) {
        ++io.registry_ops;
    } else {
        ++io.file_ops;
        if (!a.failed && a.kind == ActivityKind::FileOpen) ++io.files_opened;
        if (a.kind == ActivityKind::FileRead) io.file_bytes_read += bytes;
        if (a.kind == ActivityKind::FileWrite) io.file_bytes_written += bytes;
    }
}

}  // namespace

const ProcessIo& Engine::io_of(InstanceId process) const
{
    static const ProcessIo none;
    return process < io_.size() ? io_[process] : none;
}

const FileObject* Engine::file_of(EventSeq seq) const { return used_at(file_uses_, files_, seq); }
const Socket* Engine::socket_of(EventSeq seq) const { return used_at(socket_uses_, sockets_, seq); }
const Module* Engine::module_of(EventSeq seq) const { return used_at(module_uses_, modules_, seq); }

void Engine::track_module(const NormalizedEvent& e, InstanceId process, EventSeq seq)
{
    const Activity& a = e.activity;
    const auto key = std::make_pair(process, a.address.value_or(0));
    auto it = latest_modules_.find(key);
    // A load after the unload is a new mapping; an unload told again (two providers) is the same one's.
    const bool unloaded = it != latest_modules_.end() && modules_[it->second].unload_seq;
    if (it == latest_modules_.end() || (unloaded && a.kind == ActivityKind::ImageLoad)) {
        Module m;
        m.id = static_cast<uint32_t>(modules_.size());
        m.machine = e.machine;
        m.path = a.path;
        m.base = a.address.value_or(0);
        m.size = a.bytes.value_or(0);
        m.process = process;
        m.partial = a.rundown || a.kind == ActivityKind::ImageUnload;
        if (!m.partial) m.load_seq = seq;
        modules_.push_back(std::move(m));
        it = latest_modules_.insert_or_assign(key, modules_.back().id).first;
    }
    module_uses_.emplace_back(seq, it->second);
    if (a.kind == ActivityKind::ImageUnload && !modules_[it->second].unload_seq) modules_[it->second].unload_seq = seq;
}

void Engine::end_socket(LiveSockets::iterator live, EventSeq seq)
{
    sockets_[live->second].close_seq = seq;
    ended_sockets_.insert_or_assign(live->first, live->second);
    live_sockets_.erase(live);
}

void Engine::close_handle(InstanceId process, uint64_t handle, EventSeq seq)
{
    if (auto s = socket_handles_.find({process, handle}); s != socket_handles_.end()) {
        Socket& sock = sockets_[s->second];
        socket_handles_.erase(s);
        auto live = live_sockets_.find(std::make_tuple(process, sock.protocol, sock.local, sock.remote));
        if (live != live_sockets_.end() && live->second == sock.id) end_socket(live, seq);
        return;
    }
    auto it = live_files_.find(std::make_tuple(process, FileObject::Kind::File, std::string(), handle + 1));
    if (it == live_files_.end()) return;  // never used by this process in the capture: no object
    files_[it->second].close_seq = seq;
    live_files_.erase(it);
}

Engine::LiveSockets::iterator Engine::socket_by_handle(InstanceId process, const Activity& a)
{
    auto h = socket_handles_.find({process, *a.handle});
    if (h == socket_handles_.end()) return live_sockets_.end();
    Socket& s = sockets_[h->second];
    auto live = live_sockets_.find(std::make_tuple(process, s.protocol, s.local, s.remote));
    auto fits = [](const std::string& known, const std::string& told) { return known.empty() || told.empty() || known == told; };
    if (live == live_sockets_.end() || live->second != s.id || s.protocol != a.protocol || !fits(s.local, a.local) ||
        !fits(s.remote, a.remote))
        return live_sockets_.end();
    // The same socket, with an end the trace tells only now (Linux: a TCP client's local port, when the state
    // change that names it ran in another task's context and only the close's is recorded).
    if ((s.local.empty() && !a.local.empty()) || (s.remote.empty() && !a.remote.empty())) {
        if (s.local.empty()) s.local = a.local;
        if (s.remote.empty()) s.remote = a.remote;
        live_sockets_.erase(live);
        live = live_sockets_.emplace(std::make_tuple(process, s.protocol, s.local, s.remote), s.id).first;
    }
    return live;
}

void Engine::track_activity(const NormalizedEvent& e, InstanceId process, EventSeq seq)
{
    const Activity& a = e.activity;
    if (process == kNoInstance) return;
    for (uint64_t h : e.closed_handles) close_handle(process, h, seq);
    if (a.kind == ActivityKind::None) return;
    if (is_image(a.kind)) {
        track_module(e, process, seq);
        return;
    }
    if (io_.size() <= process) io_.resize(processes_.size());
    count_io(io_[process], a);
    if (is_network(a.kind)) {
        if (a.failed) return;
        const auto key = std::make_tuple(process, a.protocol, a.local, a.remote);
        auto it = live_sockets_.find(key);
        if (a.kind == ActivityKind::NetPacket) {
            // A packet belongs to a connection its process's events made known (the live one, else the one that
            // ended last); it makes none.
            const auto ended = ended_sockets_.find(key);
            if (it == live_sockets_.end() && ended == ended_sockets_.end()) return;
            Socket& s = sockets_[it != live_sockets_.end() ? it->second : ended->second];
            if (!s.first_packet_seq) s.first_packet_seq = seq;
            ++s.packets;
            socket_uses_.emplace_back(seq, s.id);
            return;
        }
        if (it == live_sockets_.end() && a.handle) it = socket_by_handle(process, a);
        if (it == live_sockets_.end()) {
            Socket s;
            s.id = static_cast<uint32_t>(sockets_.size());
            s.machine = e.machine;
            s.protocol = a.protocol;
            s.local = a.local;
            s.remote = a.remote;
            s.process = process;
            s.partial = a.kind != ActivityKind::NetConnect && a.kind != ActivityKind::NetAccept;
            sockets_.push_back(std::move(s));
            it = live_sockets_.emplace(key, sockets_.back().id).first;
        }
        Socket& s = sockets_[it->second];
        ++s.events;
        if (a.kind == ActivityKind::NetConnect && !s.connect_seq) s.connect_seq = seq;
        if (a.kind == ActivityKind::NetAccept && !s.accept_seq) s.accept_seq = seq;
        if (a.kind == ActivityKind::NetSend) s.bytes_sent += a.bytes.value_or(0);
        if (a.kind == ActivityKind::NetReceive) s.bytes_received += a.bytes.value_or(0);
        socket_uses_.emplace_back(seq, s.id);
        if (a.kind == ActivityKind::NetDisconnect) {
            end_socket(it, seq);
            if (a.handle) socket_handles_.erase({process, *a.handle});
        } else if (a.handle) {
            socket_handles_[{process, *a.handle}] = s.id;
        }
        return;
    }

    const FileObject::Kind kind = is_registry(a.kind) ? FileObject::Kind::RegistryKey : FileObject::Kind::File;
    const bool opening = a.kind == ActivityKind::FileOpen || a.kind == ActivityKind::RegistryOpen;
    const bool closing = a.kind == ActivityKind::FileClose || a.kind == ActivityKind::RegistryClose;
    // Keyed on the handle when the format gives one (+1: 0 means "by path"), else on the path.
    const auto key = a.handle ? std::make_tuple(process, kind, std::string(), *a.handle + 1)
                              : std::make_tuple(process, kind, a.path, uint64_t{0});
    auto it = live_files_.find(key);
    if (it == live_files_.end()) {
        // A failed open, or a metadata query of something not open (Procmon's QueryOpen needs no handle), or an
        // operation on a path alone (Linux unlink): no object.
        if (a.failed || a.path_only || a.kind == ActivityKind::FileMetadata) return;
        FileObject f;
        f.id = static_cast<uint32_t>(files_.size());
        f.kind = kind;
        f.machine = e.machine;
        f.path = a.path;
        f.process = process;
        f.partial = !opening;
        if (opening) f.open_seq = seq;
        files_.push_back(std::move(f));
        open_handles_.push_back(opening ? 0 : 1);  // a partial object: one handle opened before the capture
        it = live_files_.emplace(key, files_.back().id).first;
    }
    FileObject& f = files_[it->second];
    ++f.events;
    file_uses_.emplace_back(seq, f.id);
    if (a.failed) return;
    if (opening) ++open_handles_[f.id];
    if (a.kind == ActivityKind::FileRead) f.bytes_read += a.bytes.value_or(0);
    if (a.kind == ActivityKind::FileWrite) f.bytes_written += a.bytes.value_or(0);
    // A handle's references are counted by the format (Linux: descriptors of one open file description).
    const bool last = a.handle ? !a.keeps_open : open_handles_[f.id] == 0 || --open_handles_[f.id] == 0;
    if (closing && last) {
        f.close_seq = seq;
        live_files_.erase(it);
    }
}

}  // namespace traceshark::tracking
