#include "ws_compat.h"

#include "process_context.hpp"
#include "activity_context.hpp"
#include "packet_link_context.hpp"
#include "capture_state.hpp"
#include "connections_tree.hpp"
#include "follow_table.hpp"
#include "follow_view.hpp"
#include "tree_util.hpp"

#include <epan/expert.h>
#include <epan/proto.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "traceshark/tracecmd/metadata.hpp"
#include "traceshark/tracecmd/record.hpp"
#include "traceshark/tracking/process_connections.hpp"
#include "traceshark/tracking/process_io.hpp"
#include "traceshark/tracking/process_tree.hpp"

namespace traceshark::epan {

std::string process_node_label(const traceshark::tracking::Process& p)
{
    std::string label = std::to_string(p.pid) + " " + traceshark::tracking::last_name(p);
    if (p.exit_code) label += " (exit " + std::to_string(*p.exit_code) + ")";
    if (p.partial) label += " (before the capture)";
    return label;
}

namespace {

namespace tk = traceshark::tracking;

int proto_process = -1, proto_process_event = -1;
int hf_pid = -1, hf_tid = -1, hf_name = -1, hf_exec_file = -1, hf_exit_code = -1, hf_parent_pid = -1,
    hf_parent_name = -1, hf_start_frame = -1, hf_exit_frame = -1, hf_partial = -1;
int hf_ev_event = -1, hf_ev_child_pid = -1, hf_ev_exec_file = -1, hf_ev_exit_code = -1, hf_ev_name = -1;
int ett_process = -1, ett_parent = -1, ett_process_event = -1;
expert_field ei_out_of_order = EI_INIT, ei_tracking_error = EI_INIT;

using Tracker = ProcessTracker;

const char* event_label(tk::EventKind k)
{
    switch (k) {
    case tk::EventKind::ProcessStart: return "process start";
    case tk::EventKind::ThreadStart: return "thread start";
    case tk::EventKind::Exec: return "exec";
    case tk::EventKind::Rename: return "rename";
    case tk::EventKind::ThreadExit: return "thread exit";
    case tk::EventKind::ProcessExit: return "process exit";
    case tk::EventKind::ProcessInfo: return "process info";  // a rundown or a second report of a start
    default: return nullptr;  // Activity; ProcessFree (the pid may be reused) has no process_event
    }
}

// Consumes a mapped event and remembers it with its frame; a socket event extends its socket's known life
// (captured packets are linked by it after the first pass).
Tracker::SocketLife* record(Tracker& t, packet_info* pinfo, const tk::NormalizedEvent& e)
{
    const tk::EventSeq seq = t.engine.consume(e);
    t.add_entry(pinfo->num, seq, e.machine, e.tid, e.pid);
    if (e.kind != tk::EventKind::Activity) t.changes.emplace(pinfo->num, e);
    t.last_frame = pinfo->num;
    if (e.activity.protocol.empty() || e.activity.kind == tk::ActivityKind::NetPacket) return nullptr;
    const tk::Socket* s = t.engine.socket_of(seq);
    if (!s) return nullptr;
    auto [it, added] = t.socket_lives.try_emplace(s->id);
    if (added) it->second.first_ts = e.ts;
    it->second.last_ts = e.ts;
    it->second.closed = s->close_seq.has_value();
    return &it->second;
}

// First pass: map and consume the event of this frame.
void consume(Tracker& t, packet_info* pinfo, const ProcessEventInput& in)
{
    if (pinfo->num <= t.last_frame && t.last_frame != 0) return;  // not in order: never consume twice
    const auto where = std::make_pair(in.machine_key, in.buffer);
    auto it = t.machines.find(where);
    if (it == t.machines.end()) {
        Tracker::Machine m;
        const std::string host = in.buffer_name.empty() || in.buffer_name == "top" ? in.hostname : in.hostname + "/" + in.buffer_name;
        m.id = t.engine.add_machine({host, "Linux " + in.release});
        const std::string& cmdlines = in.renderer->cmdlines();
        if (!cmdlines.empty()) t.engine.set_known_names(m.id, traceshark::tracecmd::parse_saved_cmdlines(cmdlines));
        it = t.machines.emplace(where, std::move(m)).first;
    }
    Tracker::Machine& m = it->second;
    if (m.renderer != in.renderer) {  // first use, or the directory rebuilt the renderer
        m.mapper = std::make_unique<tk::LinuxMapper>(in.renderer->formats());
        m.renderer = in.renderer;
    }
    tracecmd::Record rec;
    rec.ts = in.ts;
    rec.raw_ts = in.ts;
    rec.cpu = in.cpu;
    rec.data = in.data;
    rec.size = static_cast<uint32_t>(in.size);
    tk::NormalizedEvent e = m.mapper->map(rec, m.id);
    if (e.activity.kind != tk::ActivityKind::None) t.keep_linux_activity(pinfo->num, e.activity);
    Tracker::SocketLife* life = record(t, pinfo, e);
    if (life && !life->mapper && e.activity.handle) {
        life->machine = where;
        life->mapper = m.mapper.get();
        life->handle = *e.activity.handle;
    }
}

// First pass, Procmon: map with the log's tables and consume.
void consume_pml(Tracker& t, packet_info* pinfo, const PmlEventInput& in)
{
    if (pinfo->num <= t.last_frame && t.last_frame != 0) return;
    auto it = t.pml_machines.find(in.machine_key);
    if (it == t.pml_machines.end()) {
        Tracker::PmlMachine m;
        m.id = t.engine.add_machine({in.hostname, in.os});
        it = t.pml_machines.emplace(in.machine_key, std::move(m)).first;
    }
    Tracker::PmlMachine& m = it->second;
    if (m.tables != in.tables) {
        m.mapper = std::make_unique<tk::ProcmonMapper>(*in.tables);
        m.tables = in.tables;
    }
    record(t, pinfo, m.mapper->map(*in.event, m.id));
}

// First pass, ETW: map with the trace's name tables (learned in time order, the reader's order) and consume.
void consume_etl(Tracker& t, packet_info* pinfo, const EtlEventInput& in)
{
    if (pinfo->num <= t.last_frame && t.last_frame != 0) return;
    auto it = t.etl_machines.find(in.machine_key);
    if (it == t.etl_machines.end()) {
        it = t.etl_machines.try_emplace(in.machine_key).first;
        auto [hostname, os] = in.describe_machine();
        it->second.id = t.engine.add_machine({std::move(hostname), std::move(os)});
    }
    record(t, pinfo, it->second.mapper.map(*in.record, *in.decoded, it->second.id));
}

// The captured packets linked to the sockets, for a socket event after the first pass (they are linked then,
// with the whole trace known).
const std::vector<LinkedPackets>* packet_links(Tracker& t, packet_info* pinfo, const tk::Activity& a)
{
    if (!pinfo->fd->visited || a.protocol.empty()) return nullptr;
    link_packets(t);
    return &t.socket_packets;
}

// -z traceshark,proctree: the process tree of every machine, printed when the capture has been read.
int tap_tracking = -1;
int proctree_listener;  // its address identifies the listener

tap_packet_status proctree_packet(void*, packet_info*, epan_dissect_t*, const void*, tap_flags_t)
{
    return TAP_PACKET_DONT_REDRAW;  // the engine already has everything
}

void proctree_draw(void*)
{
    const CaptureState* state = capture_state();
    if (!state) return;
    const Tracker& t = state->tracker;
    std::map<tk::InstanceId, uint64_t> events;
    for (tk::EventSeq seq = 0; seq < t.seq_entries.size(); ++seq) {
        const Tracker::SeqEntry& f = t.seq_entries[seq];
        if (const tk::Process* p = t.engine.process_of(f.machine, f.tid, seq, f.pid)) ++events[p->id];
    }
    std::printf("\n=== Traceshark process tree ===\n");
    for (uint32_t m = 0; m < t.engine.machines().size(); ++m) std::printf("%s", tk::process_tree_text(t.engine, m, events).c_str());
    if (!t.engine.advice().empty()) std::printf("%s\n", t.engine.advice().c_str());
    std::printf("===============================\n");
}

// The same tree as a stats tree, which the GUI lists under Statistics > Traceshark > Processes: a node per process
// instance under its parent, counting its events. Node names must stay the same for a whole tap run, so they use
// what the engine knows after the first pass (the GUI and tshark -2 tap after it; a one-pass tshark run would see
// names change as it goes: use -z traceshark,proctree there).
struct TapRecord {
    const tk::Engine* engine;
    tk::InstanceId process;
};

int process_node(stats_tree* st, const tk::Engine& e, const tk::Process& p, int root)
{
    const int parent = p.parent == tk::kNoInstance ? root : process_node(st, e, e.processes()[p.parent], root);
    return stats_tree_manip_node_int(MN_INCREASE, st, process_node_label(p).c_str(), parent, TRUE, 0);
}

int processes_root = -1;

void processes_tree_init(stats_tree* st)
{
    processes_root = stats_tree_create_node(st, "Processes", 0, STAT_DT_INT, TRUE);
}

tap_packet_status processes_tree_packet(stats_tree* st, packet_info*, epan_dissect_t*, const void* data, tap_flags_t)
{
    const auto* r = static_cast<const TapRecord*>(data);
    if (!r || !r->engine || r->process == tk::kNoInstance) return TAP_PACKET_DONT_REDRAW;
    const tk::Engine& e = *r->engine;
    const tk::Process& p = e.processes()[r->process];
    const int machine = stats_tree_manip_node_int(MN_INCREASE, st, e.machines()[p.machine].hostname.c_str(), processes_root, TRUE, 1);
    const int parent = p.parent == tk::kNoInstance ? machine : process_node(st, e, e.processes()[p.parent], machine);
    stats_tree_manip_node_int(MN_INCREASE, st, process_node_label(p).c_str(), parent, TRUE, 1);
    tick_stat_node(st, "Processes", 0, TRUE);
    return TAP_PACKET_REDRAW;
}

// -z traceshark,io: per-process file, registry and network totals of every machine, printed at the end.
int io_listener;  // its address identifies the listener

void io_draw(void*)
{
    const CaptureState* state = capture_state();
    if (!state) return;
    const tk::Engine& e = state->tracker.engine;
    std::printf("\n=== Traceshark process I/O ===\n");
    for (uint32_t m = 0; m < e.machines().size(); ++m) std::printf("%s", tk::process_io_text(e, m).c_str());
    std::printf("==============================\n");
}

// -z traceshark,connections: every connection and flow of every process, with bytes and captured packets (the
// trace's own packet events, and the packets of another interface linked to Linux sockets).
int connections_listener;  // its address identifies the listener

void connections_draw(void*)
{
    CaptureState* state = capture_state();
    if (!state) return;
    Tracker& t = state->tracker;
    link_packets(t);  // the whole capture has been read: what a second pass would link
    const tk::Engine& e = t.engine;
    std::vector<uint64_t> packets(e.sockets().size());
    for (const tk::Socket& s : e.sockets())
        packets[s.id] = s.packets + (s.id < t.socket_packets.size() ? t.socket_packets[s.id].count : 0);
    std::printf("\n=== Traceshark process connections ===\n");
    for (uint32_t m = 0; m < e.machines().size(); ++m) std::printf("%s", tk::process_connections_text(e, m, &packets).c_str());
    std::printf("======================================\n");
}

// A -z view printed once the capture has been read: a listener on the tracking tap that only draws.
void register_end_of_capture_view(void* listener, tap_draw_cb draw, const char* what)
{
    GString* error = register_tap_listener("traceshark_tracking", listener, nullptr, TL_REQUIRES_NOTHING, nullptr,
                                           proctree_packet, draw, nullptr);
    if (error) {
        std::fprintf(stderr, "traceshark: cannot register the %s tap: %s\n", what, error->str);
        g_string_free(error, TRUE);
    }
}

void io_init(const char*, void*) { register_end_of_capture_view(&io_listener, io_draw, "io"); }
void connections_init(const char*, void*)
{
    register_end_of_capture_view(&connections_listener, connections_draw, "connections");
}

// The same totals as a stats tree (Statistics > Traceshark > Process Activity; a "/" in the name would open a
// submenu): a node per process that used files, registry keys or sockets, under its machine, its totals as
// children. They are set, not summed, from the engine's totals, which are final once the first pass is over (the
// GUI and tshark -2 tap after it).
int io_root = -1;

void io_tree_init(stats_tree* st)
{
    io_root = stats_tree_create_node(st, "Process Activity", 0, STAT_DT_INT, TRUE);
    // A new tree (the GUI makes one for each Apply): nothing set yet, whatever a freed tree at this address set.
    if (CaptureState* state = capture_state()) state->io_trees.erase(st);
}

// Whether this tree has set process `process`'s totals in this pass already. After the first pass the totals are
// final, so each process's are set once a pass (not on each of its frames: 21.4 M instructions in io_tree_packet
// on the 6 661 frames of files-uprobes.dat before, 1.2 M after, callgrind); a pass starts again when the frame
// number goes back (a retap of the same tree). In a one-pass tshark the totals grow: they are set on every frame.
bool io_totals_set(stats_tree* st, const packet_info* pinfo, tk::InstanceId process)
{
    CaptureState* state = capture_state();
    if (!state || !pinfo->fd->visited) return false;
    CaptureState::IoTreePass& pass = state->io_trees[st];
    if (pinfo->num <= pass.last_frame) pass.set.clear();
    pass.last_frame = pinfo->num;
    if (pass.set.size() <= process) pass.set.resize(process + 1);
    if (pass.set[process]) return true;
    pass.set[process] = true;
    return false;
}

void io_tree_cleanup(stats_tree* st)
{
    if (CaptureState* state = capture_state()) state->io_trees.erase(st);
}

tap_packet_status io_tree_packet(stats_tree* st, packet_info* pinfo, epan_dissect_t*, const void* data, tap_flags_t)
{
    const auto* r = static_cast<const TapRecord*>(data);
    if (!r || !r->engine || r->process == tk::kNoInstance) return TAP_PACKET_DONT_REDRAW;
    const tk::Engine& e = *r->engine;
    const tk::ProcessIo& io = e.io_of(r->process);
    if (io.file_ops + io.net_ops + io.registry_ops == 0) return TAP_PACKET_DONT_REDRAW;
    if (io_totals_set(st, pinfo, r->process)) return TAP_PACKET_DONT_REDRAW;
    const tk::Process& p = e.processes()[r->process];
    const int machine = stats_tree_manip_node_int(MN_INCREASE, st, e.machines()[p.machine].hostname.c_str(), io_root, TRUE, 0);
    const int node = stats_tree_manip_node_int(MN_SET, st, process_node_label(p).c_str(), machine, TRUE,
                                               static_cast<gint>(io.file_ops + io.net_ops + io.registry_ops));
    const std::pair<const char*, uint64_t> totals[] = {
        {"file operations", io.file_ops},       {"files opened", io.files_opened},
        {"file bytes read", io.file_bytes_read}, {"file bytes written", io.file_bytes_written},
        {"network operations", io.net_ops},     {"connections", io.connections},
        {"bytes sent", io.bytes_sent},           {"bytes received", io.bytes_received},
        {"registry operations", io.registry_ops}, {"failed operations", io.failed},
    };
    for (const auto& [label, value] : totals)
        if (value) stats_tree_manip_node_int(MN_SET, st, label, node, FALSE, stats_int(value));
    return TAP_PACKET_REDRAW;
}

void proctree_init(const char*, void*) { register_end_of_capture_view(&proctree_listener, proctree_draw, "proctree"); }

void show_context(Tracker& t, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree);
proto_item* add_process_tree(tvbuff_t* tvb, proto_tree* tree, const Tracker& t, const tk::Context& c);

void add_frame(proto_tree* tree, int hf, tvbuff_t* tvb, std::optional<guint32> frame)
{
    if (frame) proto_item_set_generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, *frame));
}

}  // namespace

void process_context_dissect(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const ProcessEventInput& in)
{
    CaptureState* state = capture_state();
    if (!state) return;
    Tracker& t = state->tracker;
    if (!pinfo->fd->visited && in.renderer) {
        try {
            consume(t, pinfo, in);
        } catch (const std::exception& e) {
            expert_add_info_format(pinfo, nullptr, &ei_tracking_error, "Process tracking: %s", e.what());
        }
    }
    show_context(t, tvb, pinfo, tree);
    if (!tree) return;
    const auto fe = t.entry(pinfo->num);
    if (!fe) return;
    if (const auto a = t.linux_activity(pinfo->num))
        activity_context_dissect(tvb, pinfo, tree, t.engine, *a, *fe, t.frame_of_seq, packet_links(t, pinfo, *a));
}

void process_context_dissect_pml(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const PmlEventInput& in)
{
    CaptureState* state = capture_state();
    if (!state) return;
    Tracker& t = state->tracker;
    if (!pinfo->fd->visited && in.tables && in.event) {
        try {
            consume_pml(t, pinfo, in);
        } catch (const std::exception& e) {
            expert_add_info_format(pinfo, nullptr, &ei_tracking_error, "Process tracking: %s", e.what());
        }
    }
    show_context(t, tvb, pinfo, tree);
    // The activity is not kept per frame: it is mapped again from the event (cheap), the engine has the objects.
    const auto fe = t.entry(pinfo->num);
    if (!tree || !fe || !in.tables || !in.event) return;
    const tk::Activity a = tk::ProcmonMapper::activity(*in.event);
    activity_context_dissect(tvb, pinfo, tree, t.engine, a, *fe, t.frame_of_seq, packet_links(t, pinfo, a));
}

std::string process_context_dissect_etl(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const EtlEventInput& in)
{
    CaptureState* state = capture_state();
    if (!state || !in.record || !in.decoded) return {};
    Tracker& t = state->tracker;
    if (!pinfo->fd->visited) {
        try {
            consume_etl(t, pinfo, in);
        } catch (const std::exception& e) {
            expert_add_info_format(pinfo, nullptr, &ei_tracking_error, "Process tracking: %s", e.what());
        }
    }
    show_context(t, tvb, pinfo, tree);
    const auto fe = t.entry(pinfo->num);
    if (!fe) return {};
    const Tracker::FrameEntry& f = *fe;
    const tk::Context c = t.engine.context(f.machine, f.tid, f.seq, f.pid);
    auto m = t.etl_machines.find(in.machine_key);
    if (tree && m != t.etl_machines.end()) {
        // As for Procmon, the activity is mapped again (the tables as they are now); the engine has the objects.
        tk::Activity a = m->second.mapper.activity(*in.record, *in.decoded);
        // A packet's connection is exact in the engine (the mapper's table has moved on): its endpoints.
        const tk::Socket* s = a.kind == tk::ActivityKind::NetPacket ? t.engine.socket_of(f.seq) : nullptr;
        if (s) {
            a.local = s->local;
            a.remote = s->remote;
        }
        activity_context_dissect(tvb, pinfo, tree, t.engine, a, f, t.frame_of_seq, packet_links(t, pinfo, a));
    }
    return c.process ? c.process_name : std::string();
}

void process_context_dissect_packet(tvbuff_t* tvb, proto_tree* tree, const ProcessTracker& t, const tk::Process& p)
{
    tk::Context c;
    c.process = &p;
    if (!p.names.empty()) c.process_name = p.names.back().value;
    if (!p.exec_files.empty()) c.exec_file = p.exec_files.back().value;
    if (p.parent != tk::kNoInstance) {
        c.parent = &t.engine.processes()[p.parent];
        if (!c.parent->names.empty()) c.parent_name = c.parent->names.back().value;
    }
    add_process_tree(tvb, tree, t, c);
}

namespace {

// The process subtree of context `c` (process.*).
proto_item* add_process_tree(tvbuff_t* tvb, proto_tree* tree, const Tracker& t, const tk::Context& c)
{
    proto_item* pi = proto_tree_add_item(tree, proto_process, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(pi);
    proto_tree* pt = proto_item_add_subtree(pi, ett_process);
    if (c.process) {
        const tk::Process& p = *c.process;
        // A process already running when the recording began may have no name yet: its pid alone, not ",  (pid)".
        if (c.process_name.empty()) proto_item_append_text(pi, ", PID %d", p.pid);
        else proto_item_append_text(pi, ", %s (%d)", c.process_name.c_str(), p.pid);
        proto_item_set_generated(proto_tree_add_int(pt, hf_pid, tvb, 0, 0, p.pid));
        if (c.thread) proto_item_set_generated(proto_tree_add_int(pt, hf_tid, tvb, 0, 0, c.thread->tid));
        add_generated_string(pt, hf_name, tvb, c.process_name);
        if (!c.exec_file.empty()) add_generated_string(pt, hf_exec_file, tvb, c.exec_file);
        if (p.exit_code) proto_item_set_generated(proto_tree_add_int(pt, hf_exit_code, tvb, 0, 0, *p.exit_code));
        if (c.parent) {
            proto_item* par = proto_tree_add_int(pt, hf_parent_pid, tvb, 0, 0, c.parent->pid);
            proto_item_set_generated(par);
            proto_tree* part = proto_item_add_subtree(par, ett_parent);
            add_generated_string(part, hf_parent_name, tvb, c.parent_name);
        }
        add_frame(pt, hf_start_frame, tvb, t.frame(p.start_seq));
        add_frame(pt, hf_exit_frame, tvb, t.frame(p.exit_seq));
        proto_item_set_generated(proto_tree_add_boolean(pt, hf_partial, tvb, 0, 0, p.partial));
    }
    return pi;
}

// The process and process_event subtrees of this frame, from what the engine knows.
void show_context(Tracker& t, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree)
{
    // Nothing asks for the items or the tap (tshark without -V, filters, process columns or -z): no work.
    if (!tree && !have_tap_listener(tap_tracking)) return;
    const auto fe = t.entry(pinfo->num);
    if (!fe) return;
    const Tracker::FrameEntry& f = *fe;
    if (!tree) {
        auto* rec = wmem_new(pinfo->pool, TapRecord);
        rec->engine = &t.engine;
        const tk::Process* p = t.engine.process_of(f.machine, f.tid, f.seq, f.pid);
        rec->process = p ? p->id : tk::kNoInstance;
        tap_queue_packet(tap_tracking, pinfo, rec);
        return;
    }
    const tk::Context c = t.engine.context(f.machine, f.tid, f.seq, f.pid);
    auto* rec = wmem_new(pinfo->pool, TapRecord);
    rec->engine = &t.engine;
    rec->process = c.process ? c.process->id : tk::kNoInstance;
    tap_queue_packet(tap_tracking, pinfo, rec);

    proto_item* pi = add_process_tree(tvb, tree, t, c);
    for (const tk::OrderProblem& op : t.engine.order_problems()) {
        if (op.seq == f.seq) {
            expert_add_info_format(pinfo, pi, &ei_out_of_order, "%s", t.engine.advice().c_str());
            break;
        }
    }

    auto ch = t.changes.find(pinfo->num);
    if (ch == t.changes.end()) return;
    const tk::NormalizedEvent& e = ch->second;
    const char* label = event_label(e.kind);
    if (!label) return;
    proto_item* ei = proto_tree_add_item(tree, proto_process_event, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ei);
    proto_item_append_text(ei, ", %s", label);
    proto_tree* et = proto_item_add_subtree(ei, ett_process_event);
    proto_item_set_generated(proto_tree_add_string(et, hf_ev_event, tvb, 0, 0, label));
    if ((e.kind == tk::EventKind::ProcessStart || e.kind == tk::EventKind::ThreadStart ||
         e.kind == tk::EventKind::ProcessInfo) && e.child >= 0)
        proto_item_set_generated(proto_tree_add_int(et, hf_ev_child_pid, tvb, 0, 0, e.child));
    if (e.kind == tk::EventKind::Exec && !e.path.empty()) add_generated_string(et, hf_ev_exec_file, tvb, e.path);
    if (e.kind == tk::EventKind::ProcessExit && e.code)
        proto_item_set_generated(proto_tree_add_int(et, hf_ev_exit_code, tvb, 0, 0, *e.code));
    if (!e.name.empty()) add_generated_string(et, hf_ev_name, tvb, e.name);
}

}  // namespace

void process_context_register()
{
    static hf_register_info hf[] = {
        {&hf_pid, {"PID", "process.pid", FT_INT32, BASE_DEC, nullptr, 0, "Process id", HFILL}},
        {&hf_tid, {"TID", "process.tid", FT_INT32, BASE_DEC, nullptr, 0, "Thread id", HFILL}},
        {&hf_name, {"Name", "process.name", FT_STRING, BASE_NONE, nullptr, 0,
                    "The process name as of this event", HFILL}},
        {&hf_exec_file, {"Executable", "process.exec_file", FT_STRING, BASE_NONE, nullptr, 0,
                         "The executable as of this event (from the last exec seen)", HFILL}},
        {&hf_exit_code, {"Exit code", "process.exit_code", FT_INT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_parent_pid, {"Parent PID", "process.parent.pid", FT_INT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_parent_name, {"Parent name", "process.parent.name", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_start_frame, {"Start frame", "process.start_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0,
                           "The event that started the process", HFILL}},
        {&hf_exit_frame, {"Exit frame", "process.exit_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0,
                          "The event that ended the process", HFILL}},
        {&hf_partial, {"Partial", "process.partial", FT_BOOLEAN, BASE_NONE, nullptr, 0,
                       "The process existed before the capture started (its start is unknown)", HFILL}},
    };
    static hf_register_info hf_ev[] = {
        {&hf_ev_event, {"Event", "process_event.event", FT_STRING, BASE_NONE, nullptr, 0,
                        "process start, thread start, exec, rename, thread exit, process exit, process info", HFILL}},
        {&hf_ev_child_pid, {"Child PID", "process_event.child_pid", FT_INT32, BASE_DEC, nullptr, 0,
                            "The process or thread started (process info: the process described)", HFILL}},
        {&hf_ev_exec_file, {"Executable", "process_event.exec_file", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_ev_exit_code, {"Exit code", "process_event.exit_code", FT_INT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_ev_name, {"Name", "process_event.name", FT_STRING, BASE_NONE, nullptr, 0,
                       "The new name (rename) or the child's name (start)", HFILL}},
    };
    static gint* ett[] = {&ett_process, &ett_parent, &ett_process_event};
    static ei_register_info ei[] = {
        {&ei_out_of_order, {"process.out_of_order", PI_SEQUENCE, PI_WARN, "Events out of time order", EXPFILL}},
        {&ei_tracking_error, {"process.tracking_error", PI_MALFORMED, PI_ERROR, "Process tracking failed", EXPFILL}},
    };
    proto_process = proto_register_protocol("Process context", "Process", "process");
    proto_register_field_array(proto_process, hf, array_length(hf));
    proto_process_event = proto_register_protocol("Process event", "Process event", "process_event");
    proto_register_field_array(proto_process_event, hf_ev, array_length(hf_ev));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t* em = expert_register_protocol(proto_process);
    expert_register_field_array(em, ei, array_length(ei));
    activity_context_register();
    follow_view_register();
    follow_table_register();
    connections_tree_register();
    packet_link_register();
    tap_tracking = register_tap("traceshark_tracking");
    static stat_tap_ui proctree_ui = {REGISTER_STAT_GROUP_GENERIC, "Traceshark process tree", "traceshark,proctree",
                                      proctree_init, 0, nullptr};
    register_stat_tap_ui(&proctree_ui, nullptr);
    static stat_tap_ui io_ui = {REGISTER_STAT_GROUP_GENERIC, "Traceshark process I/O", "traceshark,io", io_init, 0,
                                nullptr};
    register_stat_tap_ui(&io_ui, nullptr);
    static stat_tap_ui connections_ui = {REGISTER_STAT_GROUP_GENERIC, "Traceshark process connections",
                                         "traceshark,connections", connections_init, 0, nullptr};
    register_stat_tap_ui(&connections_ui, nullptr);
    stats_tree_register_plugin("traceshark_tracking", "traceshark_processes", "Traceshark/Processes", 0,
                               processes_tree_packet, processes_tree_init, nullptr);
    stats_tree_register_plugin("traceshark_tracking", "traceshark_io", "Traceshark/Process Activity", 0, io_tree_packet,
                               io_tree_init, io_tree_cleanup);
}

}  // namespace traceshark::epan
