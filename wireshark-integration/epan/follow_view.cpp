#include "ws_compat.h"

#include "follow_view.hpp"

#include <epan/packet_info.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "activity_context.hpp"
#include "follow_row.hpp"

namespace traceshark::epan {

namespace {

namespace tk = traceshark::tracking;

enum class FollowKind { File, Socket, Path, Pid };

// One -z traceshark,follow,... request: what it follows and the events seen so far (a retap starts again).
struct Follow {
    FollowKind kind = FollowKind::File;
    uint64_t number = 0;  // file/socket object number or pid
    std::string path;
    const tk::Engine* engine = nullptr;
    std::vector<FollowRow> rows;
};

bool wanted(const Follow& f, const ActivityTapRecord& r)
{
    switch (f.kind) {
    case FollowKind::File: return r.file == f.number;
    case FollowKind::Socket: return r.socket == f.number;
    case FollowKind::Path: return f.path == r.path || f.path == r.target;
    case FollowKind::Pid:
        return r.process != tk::kNoInstance && r.process < r.engine->processes().size() &&
               static_cast<uint64_t>(r.engine->processes()[r.process].pid) == f.number;
    }
    return false;
}

tap_packet_status follow_packet(void* data, packet_info* pinfo, epan_dissect_t*, const void* record, tap_flags_t)
{
    auto& f = *static_cast<Follow*>(data);
    const auto* r = static_cast<const ActivityTapRecord*>(record);
    if (!r || !r->engine || !wanted(f, *r)) return TAP_PACKET_DONT_REDRAW;
    f.engine = r->engine;
    f.rows.push_back(follow_row(pinfo, *r));
    return TAP_PACKET_REDRAW;
}

void follow_reset(void* data) { static_cast<Follow*>(data)->rows.clear(); }

std::string process_text(const tk::Engine& e, tk::InstanceId id)
{
    if (id == tk::kNoInstance || id >= e.processes().size()) return "an unknown process";
    const tk::Process& p = e.processes()[id];
    return "process " + std::to_string(p.pid) + " (" + tk::last_name(p) + ")";
}

// What is followed, and what the engine knows of it over its whole life.
std::string subject(const Follow& f)
{
    const tk::Engine* e = f.engine;
    switch (f.kind) {
    case FollowKind::File: {
        if (!e || f.number >= e->files().size()) return "file object " + std::to_string(f.number) + ": no event used it";
        const tk::FileObject& o = e->files()[f.number];
        const bool key = o.kind == tk::FileObject::Kind::RegistryKey;
        std::string s = (key ? "registry key object " : "file object ") + std::to_string(o.id) + ": " +
                        (o.path.empty() ? std::string("(path unknown)") : o.path) + ", " + process_text(*e, o.process);
        if (o.partial) s += ", opened before the capture";
        if (!key) s += ", " + std::to_string(o.bytes_read) + " bytes read, " + std::to_string(o.bytes_written) + " written";
        return s;
    }
    case FollowKind::Socket: {
        if (!e || f.number >= e->sockets().size()) return "socket " + std::to_string(f.number) + ": no event used it";
        const tk::Socket& s = e->sockets()[f.number];
        std::string t = "socket " + std::to_string(s.id) + ": " + s.protocol + " " + s.local + " -> " + s.remote + ", " +
                        process_text(*e, s.process) + ", " + std::to_string(s.bytes_sent) + " bytes sent, " +
                        std::to_string(s.bytes_received) + " received";
        if (s.partial) t += ", in use before the capture";
        return t;
    }
    case FollowKind::Path: return "path " + f.path;
    case FollowKind::Pid: return "pid " + std::to_string(f.number);
    }
    return {};
}

void follow_draw(void* data)
{
    const auto& f = *static_cast<const Follow*>(data);
    std::printf("\n=== Traceshark follow ===\n%s\n", subject(f).c_str());
    // Obj: the object number (f: activity.object.file, s: activity.object.socket), to follow it in turn.
    std::printf("%8s %16s %8s %-15s %12s %12s %-6s %-7s %s\n", "Frame", "Time", "PID", "Operation", "Bytes", "Offset",
                "Result", "Obj", "Object");
    uint64_t bytes = 0, packets = 0;
    for (const FollowRow& r : f.rows) {
        const FollowCells c = follow_cells(r);
        std::printf("%8u %16s %8s %-15s %12s %12s %-6s %-7s %s\n", r.frame, c.time.c_str(), c.pid.c_str(),
                    c.operation.c_str(), c.bytes.c_str(), c.offset.c_str(), c.result.c_str(), c.number.c_str(),
                    c.object.c_str());
        // A packet's length is not moved by the process a second time: its send or receive event counts.
        if (r.kind == tk::ActivityKind::NetPacket) ++packets;
        else if (!r.failed) bytes += r.bytes;
    }
    if (packets) std::printf("%zu events (%" PRIu64 " packets), %" PRIu64 " bytes moved\n", f.rows.size(), packets, bytes);
    else std::printf("%zu events, %" PRIu64 " bytes moved\n", f.rows.size(), bytes);
    std::printf("=========================\n");
}

void follow_finish(void* data) { delete static_cast<Follow*>(data); }

[[noreturn]] void bad_argument(const char* arg, const char* why)
{
    std::fprintf(stderr,
                 "tshark: -z %s: %s\n  usage: -z traceshark,follow,file,N | socket,N | path,PATH | pid,N\n", arg, why);
    std::exit(1);
}

bool parse_number(const char* text, uint64_t& out)
{
    if (!*text || *text == '-' || *text == '+') return false;
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (errno || *end) return false;
    out = v;
    return true;
}

void follow_init(const char* arg, void*)
{
    static const char prefix[] = "traceshark,follow,";
    if (std::strncmp(arg, prefix, sizeof prefix - 1) != 0) bad_argument(arg, "what to follow is missing");
    const char* what = arg + sizeof prefix - 1;
    const char* comma = std::strchr(what, ',');
    if (!comma) bad_argument(arg, "what to follow is missing");
    const std::string kind(what, comma);
    const char* value = comma + 1;  // a path is the rest, commas and all
    auto f = std::make_unique<Follow>();
    if (kind == "path") {
        if (!*value) bad_argument(arg, "the path is empty");
        f->kind = FollowKind::Path;
        f->path = value;
    } else {
        if (kind == "file") f->kind = FollowKind::File;
        else if (kind == "socket") f->kind = FollowKind::Socket;
        else if (kind == "pid") f->kind = FollowKind::Pid;
        else bad_argument(arg, "unknown kind (file, socket, path or pid)");
        if (!parse_number(value, f->number) || (f->kind != FollowKind::Pid && f->number >= ActivityTapRecord::kNoObject) ||
            (f->kind == FollowKind::Pid && f->number > INT32_MAX))
            bad_argument(arg, "not a number in range");
    }
    GString* error = register_tap_listener("traceshark_activity", f.get(), nullptr, TL_REQUIRES_PROTO_TREE,
                                           follow_reset, follow_packet, follow_draw, follow_finish);
    if (error) {
        std::fprintf(stderr, "traceshark: cannot register the follow tap: %s\n", error->str);
        g_string_free(error, TRUE);
        return;
    }
    f.release();  // follow_finish deletes it
}

}  // namespace

void follow_view_register()
{
    static stat_tap_ui ui = {REGISTER_STAT_GROUP_GENERIC, "Traceshark follow", "traceshark,follow", follow_init, 0,
                             nullptr};
    register_stat_tap_ui(&ui, nullptr);
}

}  // namespace traceshark::epan
