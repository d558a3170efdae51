#include "ws_compat.h"

#include "connections_tree.hpp"
#include "activity_context.hpp"
#include "process_context.hpp"
#include "tree_util.hpp"

#include <epan/stats_tree.h>
#include <epan/tap.h>

#include <algorithm>

#include "traceshark/tracking/process_connections.hpp"

namespace traceshark::epan {

namespace {

namespace tk = traceshark::tracking;

int connections_root = -1;  // the stats-tree idiom: node ids the init callback makes, the packet callback uses

void connections_tree_init(stats_tree* st)
{
    connections_root = stats_tree_create_node(st, "Process Connections", 0, STAT_DT_INT, TRUE);
}

tap_packet_status connections_tree_packet(stats_tree* st, packet_info*, epan_dissect_t*, const void* data, tap_flags_t)
{
    const auto* r = static_cast<const ActivityTapRecord*>(data);
    if (!r || !r->engine || r->socket == ActivityTapRecord::kNoObject) return TAP_PACKET_DONT_REDRAW;
    const tk::Engine& e = *r->engine;
    if (r->socket >= e.sockets().size()) return TAP_PACKET_DONT_REDRAW;
    const tk::Socket& s = e.sockets()[r->socket];
    // A socket's process is the one that used it; a frame whose own process is unknown still counts on it.
    const tk::InstanceId pid = s.process != tk::kNoInstance ? s.process : r->process;
    if (pid == tk::kNoInstance || pid >= e.processes().size()) return TAP_PACKET_DONT_REDRAW;
    const tk::Process& p = e.processes()[pid];
    tick_stat_node(st, "Process Connections", 0, TRUE);
    const int machine = tick_stat_node(st, e.machines()[p.machine].hostname.c_str(), connections_root, TRUE);
    const int process = tick_stat_node(st, process_node_label(p).c_str(), machine, TRUE);
    // The socket number makes two connections with the same endpoints (port reuse) two nodes.
    const std::string label = tk::connection_label(s) + " (socket " + std::to_string(s.id) + ")";
    const int conn = tick_stat_node(st, label.c_str(), process, TRUE);
    if (r->kind == tk::ActivityKind::NetPacket) {
        tick_stat_node(st, "packets", conn, FALSE);
        return TAP_PACKET_REDRAW;
    }
    tick_stat_node(st, "events", conn, FALSE);
    // Bytes of the frames that pass the filter (a packet's length is not counted a second time).
    if (r->has_bytes && !r->failed && (r->kind == tk::ActivityKind::NetSend || r->kind == tk::ActivityKind::NetReceive)) {
        const char* what = r->kind == tk::ActivityKind::NetSend ? "bytes sent" : "bytes received";
        increase_stat_node(st, what, conn, FALSE, stats_int(r->bytes));
    }
    return TAP_PACKET_REDRAW;
}

}  // namespace

void connections_tree_register()
{
    // The activity is worked out with the tree: the tap asks for it (as the follow view does).
    stats_tree_register_plugin("traceshark_activity", "traceshark_connections", "Traceshark/Process Connections",
                               TL_REQUIRES_PROTO_TREE, connections_tree_packet, connections_tree_init, nullptr);
}

}  // namespace traceshark::epan
