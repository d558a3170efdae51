#include "ws_compat.h"

#include "packet_link_context.hpp"

#include <epan/address.h>
#include <epan/proto.h>

#include <algorithm>
#include <span>

#include "activity_context.hpp"
#include "capture_state.hpp"
#include "process_context.hpp"
#include "traceshark_dissector.hpp"
#include "traceshark/tracking/packet_link.hpp"

namespace traceshark::epan {

namespace {

namespace tk = traceshark::tracking;

int proto_packet_link = -1;

std::string endpoint(const address& a, guint32 port)
{
    if ((a.type != AT_IPv4 || a.len != 4) && (a.type != AT_IPv6 || a.len != 16)) return {};
    return tk::endpoint_text({static_cast<const uint8_t*>(a.data), static_cast<size_t>(a.len)},
                             static_cast<uint16_t>(port));
}

uint32_t intern(ProcessTracker& t, const std::string& s)
{
    auto [it, added] = t.linux_path_index.try_emplace(s, static_cast<uint32_t>(t.linux_paths.size()));
    if (added) t.linux_paths.push_back(s);
    return it->second;
}

const ProcessTracker::Packet* packet_at(const ProcessTracker& t, uint32_t frame)
{
    auto it = std::lower_bound(t.packets.begin(), t.packets.end(), frame,
                               [](const ProcessTracker::Packet& p, uint32_t f) { return p.frame < f; });
    return it != t.packets.end() && it->frame == frame ? &*it : nullptr;
}

int dissect_packet_link(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*)
{
    CaptureState* state = capture_state();
    if (!state || !traceshark_tracking_enabled()) return 0;
    ProcessTracker& t = state->tracker;
    if (!pinfo->fd->visited) {
        if (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP) return 0;
        // An ICMP error quoting a packet: the ports are the quoted packet's; it is the kernel's own.
        if (proto_is_frame_protocol(pinfo->layers, "icmp") || proto_is_frame_protocol(pinfo->layers, "icmpv6")) return 0;
        if (t.entry(pinfo->num)) return 0;  // a trace event (ETW NDIS): its mapper links it
        if (!capture_has_machines(*state, pinfo)) return 0;  // a plain network capture: nothing to link to
        if (!t.packets.empty() && t.packets.back().frame >= pinfo->num) return 0;
        const std::string src = endpoint(pinfo->net_src, pinfo->srcport), dst = endpoint(pinfo->net_dst, pinfo->destport);
        if (src.empty() || dst.empty()) return 0;
        const uint64_t ts = static_cast<uint64_t>(pinfo->abs_ts.secs) * 1000000000u + static_cast<uint64_t>(pinfo->abs_ts.nsecs);
        t.packets.push_back({pinfo->num, ts, intern(t, pinfo->ptype == PT_TCP ? "tcp" : "udp"), intern(t, src),
                             intern(t, dst), std::nullopt});
        return 0;
    }
    if (t.packets.empty()) return 0;
    link_packets(t);
    const ProcessTracker::Packet* p = packet_at(t, pinfo->num);
    if (!p || !p->socket || !tree) return 0;
    const tk::Socket& s = t.engine.sockets()[*p->socket];
    if (s.process == tk::kNoInstance) return 0;
    process_context_dissect_packet(tvb, tree, t, t.engine.processes()[s.process]);
    activity_context_dissect_packet(tvb, pinfo, tree, t.engine, s, t.frame_of_seq, t.socket_packets);
    return 0;
}

}  // namespace

void link_packets(ProcessTracker& t)
{
    if (t.packets_linked) return;
    t.packets_linked = true;
    t.socket_packets.assign(t.engine.sockets().size(), LinkedPackets{});
    if (t.socket_lives.empty() || t.packets.empty()) return;
    tk::PacketLinker linker;
    for (const auto& [id, ls] : t.socket_lives) {
        const tk::Socket& s = t.engine.sockets()[id];
        tk::Timestamp start = ls.first_ts, end = ls.closed ? ls.last_ts : tk::PacketLinker::kOpen;
        auto m = t.machines.find(ls.machine);
        if (ls.mapper && m != t.machines.end() && m->second.mapper.get() == ls.mapper) {  // the Linux mapper that made it
            if (const auto* info = ls.mapper->sockets().info(ls.handle)) {
                start = std::min(start, info->created);
                if (info->ended != tk::SocketTracker::kNotEnded) end = std::max(info->ended, ls.last_ts);
            }
        }
        linker.add(id, s.protocol, s.local, s.remote, start, end);
        // A flow whose local end is unknown (an autobound UDP port): matched by its remote end alone.
        if (s.local.empty()) linker.add(id, s.protocol, "", s.remote, start, end);
    }
    for (ProcessTracker::Packet& p : t.packets) {
        const std::string& protocol = t.linux_paths[p.protocol];
        const std::string& src = t.linux_paths[p.source];
        const std::string& dst = t.linux_paths[p.destination];
        p.socket = linker.link(protocol, src, dst, p.ts);  // packets in frame (time) order
        if (!p.socket) continue;
        LinkedPackets& l = t.socket_packets[*p.socket];
        if (!l.count) l.first_frame = p.frame;
        ++l.count;
    }
}

void packet_link_register()
{
    proto_packet_link = proto_register_protocol("Traceshark packet-process link", "Traceshark packet link",
                                                "traceshark_packet_link");
    register_postdissector(create_dissector_handle(dissect_packet_link, proto_packet_link));
}

}  // namespace traceshark::epan
