#include "ws_compat.h"

#include "activity_context.hpp"
#include "tree_util.hpp"

#include <epan/proto.h>
#include <epan/tap.h>

#include <optional>
#include <string>

namespace traceshark::epan {

namespace {

namespace tk = traceshark::tracking;

int proto_activity = -1;
int hf_kind = -1, hf_path = -1, hf_target = -1, hf_protocol = -1, hf_local = -1, hf_remote = -1, hf_bytes = -1, hf_offset = -1,
    hf_failed = -1, hf_open_frame = -1, hf_close_frame = -1, hf_object_events = -1, hf_partial = -1,
    hf_bytes_read = -1, hf_address = -1, hf_bytes_written = -1, hf_bytes_sent = -1, hf_bytes_received = -1,
    hf_first_packet = -1, hf_packets = -1, hf_file = -1, hf_socket = -1;
int tap_activity = -1;
int ett_activity = -1, ett_object = -1;

void add_frame(proto_tree* t, int hf, tvbuff_t* tvb, std::optional<tk::EventSeq> seq, const ChunkedVector<uint32_t>& frames)
{
    if (seq && *seq < frames.size()) proto_item_set_generated(proto_tree_add_uint(t, hf, tvb, 0, 0, frames[*seq]));
}

void add_u64(proto_tree* t, int hf, tvbuff_t* tvb, uint64_t v)
{
    proto_item_set_generated(proto_tree_add_uint64(t, hf, tvb, 0, 0, v));
}

void add_socket(proto_tree* at, tvbuff_t* tvb, const tk::Socket* s, const SeqFrames& frame_of_seq,
                const std::vector<LinkedPackets>* links)
{
    proto_item* oi = proto_tree_add_uint(at, hf_object_events, tvb, 0, 0, static_cast<guint32>(s->events));
    proto_item_set_generated(oi);
    proto_tree* ot = proto_item_add_subtree(oi, ett_object);
    proto_item_set_generated(proto_tree_add_uint(ot, hf_socket, tvb, 0, 0, s->id));
    add_frame(ot, hf_open_frame, tvb, s->connect_seq ? s->connect_seq : s->accept_seq, frame_of_seq);
    add_frame(ot, hf_close_frame, tvb, s->close_seq, frame_of_seq);
    proto_item_set_generated(proto_tree_add_boolean(ot, hf_partial, tvb, 0, 0, s->partial));
    add_u64(ot, hf_bytes_sent, tvb, s->bytes_sent);
    add_u64(ot, hf_bytes_received, tvb, s->bytes_received);
    // The packets of the connection the capture holds, linked to its events both ways: the trace's own packet
    // events (ETW NDIS, PktMon) and the packets of the capture's other interfaces (`links`, after the first pass).
    std::optional<uint32_t> first;
    if (s->first_packet_seq && *s->first_packet_seq < frame_of_seq.size()) first = frame_of_seq[*s->first_packet_seq];
    uint64_t count = s->packets;
    if (links && s->id < links->size() && (*links)[s->id].count) {
        const LinkedPackets& l = (*links)[s->id];
        first = first ? std::min(*first, l.first_frame) : l.first_frame;
        count += l.count;
    }
    if (first) proto_item_set_generated(proto_tree_add_uint(ot, hf_first_packet, tvb, 0, 0, *first));
    proto_item_set_generated(proto_tree_add_uint(ot, hf_packets, tvb, 0, 0, static_cast<guint32>(count)));
}

// The activity on the "traceshark_activity" tap (the follow view), if a listener wants it.
bool activity_tap_wanted() { return have_tap_listener(tap_activity); }

// The caller checked activity_tap_wanted().
void queue_activity(packet_info* pinfo, const tk::Engine& engine, const tk::Activity& a, tk::InstanceId process,
                    const tk::FileObject* file, const tk::Socket* socket)
{
    auto* r = wmem_new0(pinfo->pool, ActivityTapRecord);
    r->engine = &engine;
    r->process = process;
    r->kind = a.kind;
    r->path = wmem_strdup(pinfo->pool, a.path.c_str());
    r->target = wmem_strdup(pinfo->pool, a.target.c_str());
    r->local = wmem_strdup(pinfo->pool, a.local.c_str());
    r->remote = wmem_strdup(pinfo->pool, a.remote.c_str());
    r->has_bytes = a.bytes.has_value();
    r->bytes = a.bytes.value_or(0);
    r->has_offset = a.offset.has_value();
    r->offset = a.offset.value_or(0);
    r->failed = a.failed;
    r->file = file ? file->id : ActivityTapRecord::kNoObject;
    r->socket = socket ? socket->id : ActivityTapRecord::kNoObject;
    tap_queue_packet(tap_activity, pinfo, r);
}

proto_tree* add_activity(proto_tree* tree, tvbuff_t* tvb, const tk::Activity& a)
{
    proto_item* ai = proto_tree_add_item(tree, proto_activity, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ai);
    proto_item_append_text(ai, ", %s", tk::activity_name(a.kind));
    proto_tree* at = proto_item_add_subtree(ai, ett_activity);
    add_generated_string(at, hf_kind, tvb, tk::activity_name(a.kind));
    if (!a.path.empty()) add_generated_string(at, hf_path, tvb, a.path);  // absent: the trace does not say
    if (!a.target.empty()) add_generated_string(at, hf_target, tvb, a.target);
    if (!a.protocol.empty()) {
        add_generated_string(at, hf_protocol, tvb, a.protocol);
        add_generated_string(at, hf_local, tvb, a.local);
        add_generated_string(at, hf_remote, tvb, a.remote);
    }
    return at;
}

}  // namespace

void activity_context_dissect_packet(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const tk::Engine& engine,
                                     const tk::Socket& s, const SeqFrames& frame_of_seq,
                                     const std::vector<LinkedPackets>& links)
{
    if (!tree) return;
    tk::Activity a;
    a.kind = tk::ActivityKind::NetPacket;
    a.protocol = s.protocol;
    a.local = s.local;
    a.remote = s.remote;
    if (activity_tap_wanted()) queue_activity(pinfo, engine, a, s.process, nullptr, &s);
    proto_tree* at = add_activity(tree, tvb, a);
    add_socket(at, tvb, &s, frame_of_seq, &links);
}

void activity_context_dissect(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const tk::Engine& engine,
                              const tk::Activity& a, const ProcessTracker::FrameEntry& event,
                              const SeqFrames& frame_of_seq, const std::vector<LinkedPackets>* links)
{
    if (!tree || a.kind == tk::ActivityKind::None) return;
    const tk::EventSeq seq = event.seq;
    if (activity_tap_wanted()) {
        const tk::Process* p = engine.process_of(event.machine, event.tid, seq, event.pid);
        queue_activity(pinfo, engine, a, p ? p->id : tk::kNoInstance, engine.file_of(seq), engine.socket_of(seq));
    }
    proto_tree* at = add_activity(tree, tvb, a);
    if (a.bytes) add_u64(at, hf_bytes, tvb, *a.bytes);
    if (a.address) proto_item_set_generated(proto_tree_add_uint64(at, hf_address, tvb, 0, 0, *a.address));
    if (a.offset) proto_item_set_generated(proto_tree_add_int64(at, hf_offset, tvb, 0, 0, *a.offset));
    proto_item_set_generated(proto_tree_add_boolean(at, hf_failed, tvb, 0, 0, a.failed));

    if (const tk::FileObject* f = engine.file_of(seq)) {
        proto_item* oi = proto_tree_add_uint(at, hf_object_events, tvb, 0, 0, static_cast<guint32>(f->events));
        proto_item_set_generated(oi);
        proto_tree* ot = proto_item_add_subtree(oi, ett_object);
        proto_item_set_generated(proto_tree_add_uint(ot, hf_file, tvb, 0, 0, f->id));
        add_frame(ot, hf_open_frame, tvb, f->open_seq, frame_of_seq);
        add_frame(ot, hf_close_frame, tvb, f->close_seq, frame_of_seq);
        proto_item_set_generated(proto_tree_add_boolean(ot, hf_partial, tvb, 0, 0, f->partial));
        if (f->kind == tk::FileObject::Kind::File) {
            add_u64(ot, hf_bytes_read, tvb, f->bytes_read);
            add_u64(ot, hf_bytes_written, tvb, f->bytes_written);
        }
    } else if (const tk::Socket* s = engine.socket_of(seq)) {
        add_socket(at, tvb, s, frame_of_seq, links);
    } else if (const tk::Module* m = engine.module_of(seq)) {
        // An image has no event count: its load and unload frames go straight under the activity.
        add_frame(at, hf_open_frame, tvb, m->load_seq, frame_of_seq);
        add_frame(at, hf_close_frame, tvb, m->unload_seq, frame_of_seq);
        proto_item_set_generated(proto_tree_add_boolean(at, hf_partial, tvb, 0, 0, m->partial));
    }
}

void activity_context_register()
{
    static hf_register_info hf[] = {
        {&hf_kind, {"Activity", "activity.kind", FT_STRING, BASE_NONE, nullptr, 0,
                    "file open/read/write/close/delete/metadata, registry open/read/write/delete/close, "
                    "net connect/accept/send/receive/disconnect/packet, image load/unload", HFILL}},
        {&hf_path, {"Path", "activity.path", FT_STRING, BASE_NONE, nullptr, 0, "File path or registry key", HFILL}},
        {&hf_target, {"New path", "activity.target", FT_STRING, BASE_NONE, nullptr, 0, "A rename's new path", HFILL}},
        {&hf_protocol, {"Protocol", "activity.protocol", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_local, {"Local endpoint", "activity.local", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_remote, {"Remote endpoint", "activity.remote", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_bytes, {"Bytes", "activity.bytes", FT_UINT64, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_address, {"Address", "activity.address", FT_UINT64, BASE_HEX, nullptr, 0,
                       "Image load/unload: the image's base address (bytes: its size)", HFILL}},
        {&hf_offset, {"Offset", "activity.offset", FT_INT64, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_failed, {"Failed", "activity.failed", FT_BOOLEAN, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_object_events, {"Events on this object", "activity.object.events", FT_UINT32, BASE_DEC, nullptr, 0,
                             "The file, key or socket this event used, over its whole life", HFILL}},
        {&hf_file, {"File object", "activity.object.file", FT_UINT32, BASE_DEC, nullptr, 0,
                    "The number of the file or registry-key object (one open to its close), as tcp.stream numbers "
                    "connections: -z traceshark,follow,file,N lists its events", HFILL}},
        {&hf_socket, {"Socket", "activity.object.socket", FT_UINT32, BASE_DEC, nullptr, 0,
                      "The number of the connection or flow: -z traceshark,follow,socket,N lists its events "
                      "(and its packets)", HFILL}},
        {&hf_open_frame, {"Opened in frame", "activity.object.open_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0,
                          "Open, or connect/accept, or image load", HFILL}},
        {&hf_close_frame, {"Closed in frame", "activity.object.close_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0,
                           "Close, or disconnect, or image unload", HFILL}},
        {&hf_partial, {"Opened before the capture", "activity.object.partial", FT_BOOLEAN, BASE_NONE, nullptr, 0,
                       nullptr, HFILL}},
        {&hf_bytes_read, {"Bytes read", "activity.object.bytes_read", FT_UINT64, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_bytes_written, {"Bytes written", "activity.object.bytes_written", FT_UINT64, BASE_DEC, nullptr, 0, nullptr,
                             HFILL}},
        {&hf_bytes_sent, {"Bytes sent", "activity.object.bytes_sent", FT_UINT64, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_bytes_received, {"Bytes received", "activity.object.bytes_received", FT_UINT64, BASE_DEC, nullptr, 0,
                              nullptr, HFILL}},
        {&hf_first_packet, {"First packet in frame", "activity.object.first_packet", FT_FRAMENUM, BASE_NONE, nullptr,
                            0, "The first captured packet of the connection (ETW NDIS packet capture; Linux: a packet interface captured "
                            "with the trace)", HFILL}},
        {&hf_packets, {"Packets", "activity.object.packets", FT_UINT32, BASE_DEC, nullptr, 0,
                       "Captured packets of the connection while it was live", HFILL}},
    };
    static gint* ett[] = {&ett_activity, &ett_object};
    proto_activity = proto_register_protocol("File, registry and network activity", "Activity", "activity");
    proto_register_field_array(proto_activity, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    tap_activity = register_tap("traceshark_activity");
}

}  // namespace traceshark::epan
