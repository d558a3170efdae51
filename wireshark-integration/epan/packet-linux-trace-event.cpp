// "linux_trace_event" dissector: every field of a Linux ftrace event, typed from the event's libtraceevent
// format, which comes from the capture's own metadata interface blocks (docs/wireshark-integration.md), and the
// event's trace-cmd report text (Info) and process context.
//
// Filter names
//   linux_trace_event.system / .name / .id / .cpu
//   linux_trace_event.data.<system>.<event>.<field>      common_* fields included (linux_field_type.hpp)
// Field registration and the field cache: linux_field_registry.hpp; the first run: linux_field_discovery.hpp.
// Every offset and length is bounded by the record; a field outside it gets an expert item, never a read.
#include "ws_compat.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include <traceevent/event-parse.h>

#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "capture_state.hpp"
#include "family.hpp"
#include "linux_field_discovery.hpp"
#include "linux_field_registry.hpp"
#include "linux_trace_event.hpp"
#include "process_context.hpp"
#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

namespace {

namespace wm = traceshark::wsmeta;
namespace tc = traceshark::tracecmd;
using namespace traceshark::epan;

constexpr uint16_t kFamilyLinux = static_cast<uint16_t>(wm::Family::LinuxFtrace);

int proto_lte = -1;
int hf_system = -1, hf_name = -1, hf_id = -1, hf_cpu = -1, hf_data = -1, hf_raw = -1;
int ett_lte = -1, ett_data = -1;
expert_field ei_bounds = EI_INIT, ei_type_conflict = EI_INIT, ei_no_format = EI_INIT, ei_no_metadata = EI_INIT,
             ei_no_header = EI_INIT, ei_internal = EI_INIT;

// Process-lifetime: the dynamic fields outlive every capture (linux_field_registry.hpp).
std::unique_ptr<LinuxFieldRegistry> g_registry;

void shutdown_registry() { g_registry.reset(); }

void prefix_initializer(const char* match)
{
    if (g_registry) discover_linux_fields(*g_registry, match);
}

std::string cache_path()
{
    gchar* p = g_build_filename(g_get_user_cache_dir(), "traceshark", "linux-fields.txt", nullptr);
    std::string s = p;
    g_free(p);
    return s;
}

// The fields of an event, registered on first sight.
const std::vector<FieldPlan>& plan_event(std::map<int, std::vector<FieldPlan>>& plans, tep_event* ev)
{
    auto it = plans.find(ev->id);
    if (it != plans.end()) return it->second;
    return plans.emplace(ev->id, g_registry->register_event(ev)).first->second;
}

// ---------------------------------------------------------------------------------------------------------
// Dissection

uint64_t load(const uint8_t* p, int size, bool big_endian)
{
    uint64_t v = 0;
    for (int i = 0; i < size; ++i) v |= uint64_t{p[big_endian ? size - 1 - i : i]} << (8 * i);
    return v;
}

int64_t sign_extend(uint64_t v, int size)
{
    if (size >= 8) return static_cast<int64_t>(v);
    const uint64_t sign = uint64_t{1} << (size * 8 - 1);
    return static_cast<int64_t>((v ^ sign) - sign);
}

void add_int(proto_tree* tree, const Registered* r, tvbuff_t* tvb, int off, int len, uint64_t raw, int64_t sval,
             bool is_signed)
{
    switch (r->ft) {
    case FieldFt::Int8:
    case FieldFt::Int16:
    case FieldFt::Int32:
        proto_tree_add_int(tree, r->hf, tvb, off, len, static_cast<gint32>(is_signed ? sval : static_cast<int64_t>(raw)));
        break;
    case FieldFt::Int64:
        proto_tree_add_int64(tree, r->hf, tvb, off, len, is_signed ? sval : static_cast<int64_t>(raw));
        break;
    case FieldFt::Uint8:
    case FieldFt::Uint16:
    case FieldFt::Uint32:
        proto_tree_add_uint(tree, r->hf, tvb, off, len, static_cast<guint32>(raw));
        break;
    default:
        proto_tree_add_uint64(tree, r->hf, tvb, off, len, is_signed ? static_cast<uint64_t>(sval) : raw);
        break;
    }
}

void dissect_field(const FieldPlan& p, tvbuff_t* tvb, packet_info* pinfo, proto_tree* dt, proto_item* parent,
                   const uint8_t* data, guint len, bool be)
{
    const tep_format_field* f = p.field;
    const char* fname = f->name ? f->name : "?";
    const auto bad = [&](proto_item* at, const char* what) {
        expert_add_info_format(pinfo, at ? at : parent, &ei_bounds, "Field %s: %s (record is %u bytes)", fname, what, len);
    };
    if (f->offset < 0 || f->size < 0 || static_cast<guint64>(f->offset) + static_cast<guint64>(f->size) > len) {
        bad(nullptr, "lies outside the record");
        return;
    }
    const int off = f->offset, size = f->size;
    proto_item* item = nullptr;
    const Registered* r = p.reg;
    if (p.type.kind == FieldKind::Int) {
        const uint64_t raw = load(data + off, size, be);
        const int64_t sval = p.type.is_signed ? sign_extend(raw, size) : static_cast<int64_t>(raw);
        if (is_int_ft(r->ft)) {
            item = nullptr;
            add_int(dt, r, tvb, off, size, raw, sval, p.type.is_signed);
        } else {
            item = proto_tree_add_bytes_format(dt, hf_raw, tvb, off, size, nullptr, "%s: %lld", fname,
                                               static_cast<long long>(sval));
        }
    } else {
        int doff = off, dlen = size;
        if (p.type.dynamic) {
            if (size < 4) {
                bad(nullptr, "dynamic field word shorter than 4 bytes");
                return;
            }
            const uint32_t word = static_cast<uint32_t>(load(data + off, 4, be));
            doff = static_cast<int>(word & 0xffff);
            dlen = static_cast<int>(word >> 16);
            if (p.type.relative) doff += off + size;
            if (static_cast<guint64>(doff) + static_cast<guint64>(dlen) > len) {
                item = proto_tree_add_bytes_format(dt, hf_raw, tvb, off, size, nullptr,
                                                   "%s: [data at %d, %d bytes: outside the record]", fname, doff, dlen);
                bad(item, "dynamic data lies outside the record");
                return;
            }
        }
        if (p.type.kind == FieldKind::String && r->ft == FieldFt::String) {
            const auto* s = reinterpret_cast<const char*>(data + doff);
            const int n = static_cast<int>(strnlen(s, static_cast<size_t>(dlen)));
            char* text = reinterpret_cast<char*>(tvb_get_string_enc(pinfo->pool, tvb, doff, n, ENC_UTF_8));
            proto_tree_add_string(dt, r->hf, tvb, doff, dlen, text);
        } else if (r->ft == FieldFt::Bytes) {
            proto_tree_add_item(dt, r->hf, tvb, doff, dlen, ENC_NA);
        } else if (r->ft == FieldFt::String) {  // registered as text by another machine, bytes here
            proto_tree_add_string(dt, r->hf, tvb, doff, dlen,
                                  reinterpret_cast<char*>(tvb_get_string_enc(pinfo->pool, tvb, doff, dlen, ENC_UTF_8)));
        } else {
            item = proto_tree_add_bytes_format(dt, hf_raw, tvb, doff, dlen, nullptr, "%s: %s", fname,
                                               tvb_bytes_to_str(pinfo->pool, tvb, doff, dlen));
        }
    }
    if (p.conflict) {
        expert_add_info_format(pinfo, item ? item : parent, &ei_type_conflict,
                               "Field %s is %s in this machine's format but registered as %s (the first format seen, "
                               "or one remembered from an earlier run, decides)",
                               fname, ft_name(p.type.ft), ft_name(r->ft));
    }
}

// A host's kvm_entry is remembered (first pass); a guest's event gets its vCPU, host thread and host frame.
void link_guest(packet_info* pinfo, const FamilyData& family, CaptureState& state, const EventText& et, uint64_t ts)
{
    const wm::EventHeader& hdr = *family.header;
    const bool first_pass = !PINFO_FD_VISITED(pinfo);
    GuestVcpuLink& link = state.guests;
    if (first_pass && et.known && et.pid > 0 && et.system == "kvm" && et.name == "kvm_entry" &&
        link.is_host(state.machines, hdr.machine_key)) {
        link.note_kvm_entry(hdr.machine_key, et.pid, ts, pinfo->num);
        return;
    }
    const auto id = link.guest(state.machines, hdr.machine_key);
    if (!id) return;
    GuestSummary g;
    g.vcpu = hdr.cpu;
    if (id->guest) {
        g.name = id->guest->name;
        const int tid = id->guest->host_tid(static_cast<int>(hdr.cpu));
        if (tid >= 0) {
            g.host_tid = tid;
            g.host_frame = link.host_frame(pinfo->num, first_pass, id->host_key, tid, ts);
            // The host thread's process, as tracking knew it at the host frame (frames before this one).
            const ProcessTracker& tracker = state.tracker;
            if (const auto fe = g.host_frame ? tracker.entry(*g.host_frame) : std::nullopt) {
                if (const auto* p = tracker.engine.process_of(fe->machine, fe->tid, fe->seq, fe->pid)) g.host_pid = p->pid;
            }
        }
    }
    add_guest_fields(family, g);
}

// The event as trace-cmd report prints it (Info, traceshark.event.*) and its process context; nullptr (with the
// reason in `error`) without the machine's formats.
EventRenderer* render_event(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const FamilyData& family,
                            CaptureState& state, std::string& error)
{
    const wm::EventHeader& hdr = *family.header;
    const wm::MachineInfo* mi = family.machine;
    EventRenderer* r = mi ? state.machines.renderer(hdr.machine_key, &error) : nullptr;
    if (!r) {
        if (mi)
            add_common_problem(pinfo, family, CommonProblem::NoMetadata,
                               "Cannot decode events of machine " + wm::key_hex(hdr.machine_key) + ": " + error);
        return nullptr;
    }
    const guint len = tvb_captured_length(tvb);
    const auto* bytes = static_cast<const uint8_t*>(tvb_get_ptr(tvb, 0, static_cast<gint>(len)));
    EventText et;
    ProcessEventInput process;
    try {
        const uint64_t ts = static_cast<uint64_t>(pinfo->abs_ts.secs) * 1000000000u +
                            static_cast<uint64_t>(pinfo->abs_ts.nsecs);
        et = r->render({bytes, len}, static_cast<int>(hdr.cpu), ts, family.trailer);
        // Process context (libs/tracking): the "process" and "process_event" subtrees.
        process.machine_key = hdr.machine_key;
        process.buffer = hdr.buffer;
        process.buffer_name = mi->buffer;
        process.hostname = mi->host;
        process.release = mi->release;
        process.renderer = r;
        process.data = bytes;
        process.size = len;
        process.cpu = static_cast<int>(hdr.cpu);
        process.ts = ts;
        link_guest(pinfo, family, state, et, ts);
    } catch (const std::exception& e) {
        add_common_problem(pinfo, family, CommonProblem::Internal, e.what());
    }
    EventSummary summary;
    if (et.pid >= 0) {
        summary.pid = et.pid;
        summary.comm = et.comm;
    }
    if (et.id >= 0) summary.id = static_cast<uint32_t>(et.id);
    if (et.known) {
        summary.system = et.system;
        summary.name = et.name;
        summary.text = et.info;
    }
    add_common_event_fields(pinfo, family, summary);
    if (!et.known && et.id >= 0) {
        add_common_problem(pinfo, family, CommonProblem::UnknownEvent,
                           "No format for event id " + std::to_string(et.id) + " in the capture");
        col_add_fstr(pinfo->cinfo, COL_INFO, "[UNKNOWN EVENT %d]", et.id);
    }
    if (process.renderer && family.tracking) process_context_dissect(family.record_tvb, pinfo, tree, process);
    return r;
}

int dissect_lte(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data)
{
    const auto* family = static_cast<const FamilyData*>(data);
    const wm::EventHeader* hdr = family ? family->header : nullptr;
    CaptureState* state = capture_state();
    std::string error;
    EventRenderer* renderer = hdr && state ? render_event(tvb, pinfo, tree, *family, *state, error) : nullptr;
    proto_item* ti = proto_tree_add_item(tree, proto_lte, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(ti, ett_lte);
    const guint len = tvb_captured_length(tvb);
    if (!hdr || !state) {
        expert_add_info(pinfo, ti, &ei_no_header);
        return static_cast<int>(len);
    }
    proto_item_set_generated(proto_tree_add_uint(t, hf_cpu, tvb, 0, 0, hdr->cpu));
    if (!renderer) {
        expert_add_info_format(pinfo, ti, &ei_no_metadata, "No event formats for machine %s: %s",
                               wm::key_hex(hdr->machine_key).c_str(), error.c_str());
        proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
        return static_cast<int>(len);
    }
    const auto* bytes = static_cast<const uint8_t*>(tvb_get_ptr(tvb, 0, static_cast<gint>(len)));
    const bool be = (hdr->flags & wm::EventHeader::kFlagBigEndianData) != 0;
    try {
        tc::EventFormats& formats = renderer->formats();
        const tc::CommonLayout& c = formats.common_layout();
        if (!c.known || c.type_offset + c.type_size > len) {
            expert_add_info(pinfo, ti, &ei_no_format);
            proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
            return static_cast<int>(len);
        }
        const int id = static_cast<int>(load(bytes + c.type_offset, static_cast<int>(c.type_size), be));
        proto_item_set_generated(proto_tree_add_uint(t, hf_id, tvb, static_cast<gint>(c.type_offset),
                                                     static_cast<gint>(c.type_size), static_cast<guint32>(id)));
        tep_event* ev = formats.find(id);
        if (!ev) {
            expert_add_info_format(pinfo, ti, &ei_no_format, "No format for event id %d in the capture", id);
            proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
            return static_cast<int>(len);
        }
        const char* sys = ev->system ? ev->system : "";
        const char* name = ev->name ? ev->name : "";
        proto_item_set_generated(proto_tree_add_string(t, hf_system, tvb, 0, 0, sys));
        proto_item_set_generated(proto_tree_add_string(t, hf_name, tvb, 0, 0, name));
        proto_item_append_text(ti, ", %s:%s", sys, name);
        const auto& plan = plan_event(state->linux_plans[hdr->machine_key], ev);
        proto_item* di = proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
        proto_item_set_text(di, "Fields of %s:%s", sys, name);
        proto_tree* dt = proto_item_add_subtree(di, ett_data);
        for (const FieldPlan& p : plan) dissect_field(p, tvb, pinfo, dt, di, bytes, len, be);
    } catch (const std::exception& e) {
        expert_add_info_format(pinfo, ti, &ei_internal, "%s", e.what());
    }
    return static_cast<int>(len);
}

}  // namespace

extern "C" void proto_register_linux_trace_event(void)
{
    static hf_register_info hf[] = {
        {&hf_system, {"System", "linux_trace_event.system", FT_STRING, BASE_NONE, nullptr, 0, "Event system", HFILL}},
        {&hf_name, {"Name", "linux_trace_event.name", FT_STRING, BASE_NONE, nullptr, 0, "Event name", HFILL}},
        {&hf_id, {"Id", "linux_trace_event.id", FT_UINT32, BASE_DEC, nullptr, 0, "Event id (common_type)", HFILL}},
        {&hf_cpu, {"CPU", "linux_trace_event.cpu", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_data, {"Event data", "linux_trace_event.event_data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_raw, {"Field", "linux_trace_event.field_raw", FT_BYTES, BASE_NONE, nullptr, 0,
                   "A field that cannot be shown with its registered type", HFILL}},
    };
    static gint* ett[] = {&ett_lte, &ett_data};
    static ei_register_info ei[] = {
        {&ei_bounds, {"linux_trace_event.out_of_bounds", PI_MALFORMED, PI_ERROR, "Field lies outside the event record", EXPFILL}},
        {&ei_type_conflict, {"linux_trace_event.type_conflict", PI_PROTOCOL, PI_NOTE,
                             "Field registered with another type by an earlier format", EXPFILL}},
        {&ei_no_format, {"linux_trace_event.no_format", PI_UNDECODED, PI_WARN, "No format for this event", EXPFILL}},
        {&ei_no_metadata, {"linux_trace_event.no_metadata", PI_UNDECODED, PI_WARN, "No event formats for this machine", EXPFILL}},
        {&ei_no_header, {"linux_trace_event.no_header", PI_UNDECODED, PI_WARN,
                         "Called without a Traceshark event header", EXPFILL}},
        {&ei_internal, {"linux_trace_event.internal_error", PI_MALFORMED, PI_ERROR, "Internal error", EXPFILL}},
    };
    proto_lte = proto_register_protocol("Linux trace event", "Linux trace event", kLinuxProtoAbbrev);
    proto_register_field_array(proto_lte, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t* em = expert_register_protocol(proto_lte);
    expert_register_field_array(em, ei, array_length(ei));
    g_registry = std::make_unique<LinuxFieldRegistry>(proto_lte, cache_path());
    register_shutdown_routine(shutdown_registry);
    g_registry->load_cache();
    proto_register_prefix(kLinuxProtoAbbrev, prefix_initializer);
}

extern "C" void proto_reg_handoff_linux_trace_event(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_lte, proto_lte);
    dissector_add_uint("traceshark.family", kFamilyLinux, h);
}
