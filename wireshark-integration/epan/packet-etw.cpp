// "etl" dissector: every field of an ETW event (family 3 of "traceshark.family"): the record header, extended data
// (related activity, SID, session, stacks with the module each address falls in), the payload decoded by libs/etl
// (kernel MOF classes, TraceLogging, EventSource, manifests of the preference traceshark.etw_manifests) as
// etl.<provider>.<field>, the process and activity context (libs/tracking/etl, process_context.hpp), and NDIS packet-capture fragments as Ethernet frames. The protocol is "etl", not "etw":
// Wireshark's own ETW dissector owns the etw.* names (docs/wireshark-integration.md, "ETW traces").
#include "ws_compat.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "capture_state.hpp"
#include "etw_dissector.hpp"
#include "etw_field_discovery.hpp"
#include "etw_field_registry.hpp"
#include "family.hpp"
#include "process_context.hpp"
#include "traceshark_dissector.hpp"
#include "tree_util.hpp"
#include "traceshark/etl/captured_packet.hpp"
#include "traceshark/etl/metadata.hpp"
#include "traceshark/etl/record_parser.hpp"

namespace {

namespace etl = traceshark::etl;
namespace tse = traceshark::epan;
namespace wm = traceshark::wsmeta;
using tse::add_generated_string;

int proto_etl = -1;
int hf_header_type = -1, hf_provider_guid = -1, hf_provider = -1, hf_task = -1, hf_opcode_name = -1, hf_event = -1,
    hf_id = -1, hf_version = -1, hf_channel = -1, hf_level = -1, hf_opcode = -1, hf_task_id = -1, hf_keyword = -1,
    hf_hook_id = -1, hf_pid = -1, hf_tid = -1, hf_cpu = -1, hf_flags = -1, hf_event_property = -1,
    hf_activity_id = -1, hf_kernel_time = -1, hf_user_time = -1, hf_pointer_size = -1, hf_record_size = -1,
    hf_message_sequence = -1, hf_instance_id = -1, hf_parent_instance_id = -1;
int hf_ext_type = -1, hf_ext_data = -1, hf_related_activity_id = -1, hf_sid = -1, hf_ts_id = -1,
    hf_stack_match_id = -1, hf_stack_frame = -1, hf_stack_location = -1, hf_process_start_key = -1,
    hf_event_key = -1;
int hf_decoded = -1, hf_message = -1, hf_problem = -1, hf_payload = -1, hf_field = -1, hf_text = -1;
int hf_trace_session = -1, hf_trace_log_file = -1, hf_trace_os = -1, hf_trace_pointer_size = -1,
    hf_trace_clock = -1, hf_trace_perf_freq = -1, hf_trace_tz_bias = -1, hf_trace_tz_name = -1,
    hf_trace_events_lost = -1, hf_trace_buffers_lost = -1, hf_trace_cpu_mhz = -1;
int ett_etl = -1, ett_header = -1, ett_extended = -1, ett_stack = -1, ett_payload = -1, ett_value = -1,
    ett_trace = -1;
expert_field ei_bad_record = EI_INIT, ei_undecoded = EI_INIT, ei_problem = EI_INIT, ei_lost = EI_INIT,
             ei_session_lost = EI_INIT, ei_type_conflict = EI_INIT, ei_manifests = EI_INIT, ei_no_header = EI_INIT,
             ei_internal = EI_INIT, ei_packet_dropped = EI_INIT;
dissector_handle_t eth_handle, ip_handle, wlan_handle;

// Process-lifetime: the dynamic etl.<provider>.<field> fields outlive every capture (etw_field_registry.hpp).
std::unique_ptr<tse::EtwFieldRegistry> g_registry;

void shutdown_registry() { g_registry.reset(); }

void prefix_initializer(const char*)
{
    if (g_registry) tse::discover_etw_fields(*g_registry, tse::split_manifest_paths(tse::etw_manifest_preference()));
}

const value_string header_type_names[] = {
    {0x01, "SYSTEM32"},       {0x02, "SYSTEM64"},       {0x03, "COMPACT32"},  {0x04, "COMPACT64"},
    {0x0A, "FULL32"},         {0x0B, "INSTANCE32"},     {0x0C, "TIMED"},      {0x0D, "ERROR"},
    {0x0E, "WNODE"},          {0x10, "PERFINFO32"},     {0x11, "PERFINFO64"}, {0x12, "EVENT_HEADER32"},
    {0x13, "EVENT_HEADER64"}, {0x14, "FULL64"},         {0x15, "INSTANCE64"}, {0xFF, "MESSAGE"},
    {0, nullptr},
};

const value_string ext_type_names[] = {
    {1, "Related activity id"}, {2, "SID"}, {3, "Terminal session id"}, {4, "Instance info"},
    {5, "Stack trace (32-bit)"}, {6, "Stack trace (64-bit)"}, {7, "PEBS index"}, {8, "PMC counters"},
    {9, "PSM key"}, {10, "Event key"}, {11, "TraceLogging schema"}, {12, "Provider traits"},
    {13, "Process start key"}, {14, "Control GUID"}, {15, "QPC delta"}, {16, "Container id"},
    {17, "Stack key (32-bit)"}, {18, "Stack key (64-bit)"}, {0, nullptr},
};

e_guid_t ws_guid(const etl::Guid& g)
{
    e_guid_t w;
    w.data1 = g.data1;
    w.data2 = g.data2;
    w.data3 = g.data3;
    std::memcpy(w.data4, g.data4.data(), 8);
    return w;
}

void add_guid(proto_tree* t, int hf, tvbuff_t* tvb, const etl::Guid& g)
{
    const e_guid_t w = ws_guid(g);
    proto_item_set_generated(proto_tree_add_guid(t, hf, tvb, 0, 0, &w));
}

uint64_t load_le(const uint8_t* p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
}

// One payload value under the field `path` of `provider` (arrays: one item per element; structs: their members).
void add_value(proto_tree* t, tvbuff_t* tvb, packet_info* pinfo, const std::string& provider, const std::string& path,
               const std::string& name, const etl::Value& v)
{
    using K = etl::ValueKind;
    if (v.kind == K::Array) {
        for (const etl::Value& item : v.items) add_value(t, tvb, pinfo, provider, path, name, item);
        if (!v.items.empty()) return;
    }
    const tse::EtwFt want = tse::etw_ft_of(v);
    const tse::EtwRegistered& reg = g_registry->field_of(provider, path, name, want);
    const bool numeric_ok = (reg.ft == tse::EtwFt::Uint64 || reg.ft == tse::EtwFt::Hex64) &&
                            (want == tse::EtwFt::Uint64 || want == tse::EtwFt::Hex64);
    proto_item* item = nullptr;
    if (reg.ft != want && !numeric_ok && reg.ft != tse::EtwFt::String) {
        // The name has another type from an earlier event: keep the value as text.
        item = add_generated_string(t, hf_field, tvb, name + "=" + v.to_string());
        expert_add_info_format(pinfo, item, &ei_type_conflict, "%s is registered with another type", path.c_str());
        return;
    }
    const auto* u = std::get_if<uint64_t>(&v.scalar);
    const auto* i = std::get_if<int64_t>(&v.scalar);
    switch (reg.ft) {
    case tse::EtwFt::Int64:
        item = proto_tree_add_int64(t, reg.hf, tvb, 0, 0, i ? *i : u ? static_cast<int64_t>(*u) : 0);
        break;
    case tse::EtwFt::Uint64:
    case tse::EtwFt::Hex64:
        item = proto_tree_add_uint64(t, reg.hf, tvb, 0, 0, u ? *u : i ? static_cast<uint64_t>(*i) : 0);
        break;
    case tse::EtwFt::Double: {
        const auto* d = std::get_if<double>(&v.scalar);
        item = proto_tree_add_double(t, reg.hf, tvb, 0, 0, d ? *d : 0.0);
        break;
    }
    case tse::EtwFt::Boolean: {
        const auto* b = std::get_if<bool>(&v.scalar);
        item = proto_tree_add_boolean(t, reg.hf, tvb, 0, 0, b && *b ? 1 : 0);
        break;
    }
    case tse::EtwFt::Guid: {
        const auto* g = std::get_if<etl::Guid>(&v.scalar);
        const e_guid_t w = ws_guid(g ? *g : etl::Guid{});
        item = proto_tree_add_guid(t, reg.hf, tvb, 0, 0, &w);
        break;
    }
    case tse::EtwFt::Ipv4: {
        ws_in4_addr a = 0;
        std::memcpy(&a, v.bytes.data(), 4);
        item = proto_tree_add_ipv4(t, reg.hf, tvb, 0, 0, a);
        break;
    }
    case tse::EtwFt::Ipv6: {
        ws_in6_addr a;
        std::memcpy(a.bytes, v.bytes.data(), 16);
        item = proto_tree_add_ipv6(t, reg.hf, tvb, 0, 0, &a);
        break;
    }
    case tse::EtwFt::Bytes:
        item = proto_tree_add_bytes_with_length(t, reg.hf, tvb, 0, 0, v.bytes.data(), static_cast<gint>(v.bytes.size()));
        break;
    case tse::EtwFt::String:
        item = add_generated_string(t, reg.hf, tvb, v.to_string());
        break;
    }
    proto_item_set_generated(item);
    if (v.kind == K::Struct) {
        proto_tree* st = proto_item_add_subtree(item, ett_value);
        for (const etl::Field& m : v.fields) add_value(st, tvb, pinfo, provider, path + "." + m.name, m.name, m.value);
    }
}

void add_stack(proto_tree* t, tvbuff_t* tvb, const etl::ExtendedItem& x, gint at, const tse::EtwCapture& etw,
               uint64_t key, uint32_t pid)
{
    const size_t width = x.type == etl::ExtendedType::StackTrace64 ? 8 : 4;
    if (x.data.size() < 8) return;
    proto_item* mi = proto_tree_add_uint64(t, hf_stack_match_id, tvb, at, 8, load_le(x.data.data(), 8));
    proto_tree* st = proto_item_add_subtree(mi, ett_stack);
    for (size_t off = 8; off + width <= x.data.size(); off += width) {
        const uint64_t address = load_le(x.data.data() + off, width);
        proto_item* fi = proto_tree_add_uint64(st, hf_stack_frame, tvb, at + static_cast<gint>(off),
                                               static_cast<gint>(width), address);
        if (auto where = etw.location(key, pid, address)) {
            proto_item_append_text(fi, " %s", where->c_str());
            add_generated_string(st, hf_stack_location, tvb, *where);
        }
    }
}

void add_extended(proto_tree* t, tvbuff_t* tvb, const etl::EventRecord& rec, const uint8_t* base,
                  const tse::EtwCapture& etw, uint64_t key)
{
    if (rec.extended.empty()) return;
    proto_item* xi = proto_tree_add_item(t, proto_etl, tvb, 0, 0, ENC_NA);
    proto_item_set_text(xi, "Extended data (%zu items)", rec.extended.size());
    proto_tree* xt = proto_item_add_subtree(xi, ett_extended);
    for (const etl::ExtendedItem& x : rec.extended) {
        const gint at = static_cast<gint>(x.data.data() - base);
        const gint len = static_cast<gint>(x.data.size());
        proto_item_set_generated(proto_tree_add_uint(xt, hf_ext_type, tvb, at, 0, static_cast<guint32>(x.type)));
        switch (x.type) {
        case etl::ExtendedType::RelatedActivityId:
            if (x.data.size() >= 16) {
                const e_guid_t g = ws_guid(etl::Guid::from_bytes(x.data.data()));
                proto_tree_add_guid(xt, hf_related_activity_id, tvb, at, 16, &g);
            }
            break;
        case etl::ExtendedType::Sid: {
            etl::Value sid;
            sid.kind = etl::ValueKind::Sid;
            sid.bytes.assign(x.data.begin(), x.data.end());
            proto_tree_add_string(xt, hf_sid, tvb, at, len, sid.to_string().c_str());
            break;
        }
        case etl::ExtendedType::TsId:
            if (len >= 4) proto_tree_add_item(xt, hf_ts_id, tvb, at, 4, ENC_LITTLE_ENDIAN);
            break;
        case etl::ExtendedType::StackTrace32:
        case etl::ExtendedType::StackTrace64:
            add_stack(xt, tvb, x, at, etw, key, rec.pid);
            break;
        case etl::ExtendedType::ProcessStartKey:
            if (len >= 8) proto_tree_add_item(xt, hf_process_start_key, tvb, at, 8, ENC_LITTLE_ENDIAN);
            break;
        case etl::ExtendedType::EventKey:
            if (len >= 8) proto_tree_add_item(xt, hf_event_key, tvb, at, 8, ENC_LITTLE_ENDIAN);
            break;
        default:
            proto_tree_add_item(xt, hf_ext_data, tvb, at, len, ENC_NA);
            break;
        }
    }
}

void add_header(proto_tree* t, tvbuff_t* tvb, const etl::EventRecord& rec, const etl::DecodedEvent& e)
{
    proto_item* hi = proto_tree_add_item(t, proto_etl, tvb, 0, static_cast<gint>(rec.bytes.size() - rec.payload.size()), ENC_NA);
    proto_item_set_text(hi, "Header: %s", val_to_str_const(static_cast<guint32>(rec.header_type), header_type_names, "?"));
    proto_tree* ht = proto_item_add_subtree(hi, ett_header);
    auto uint = [&](int hf, uint32_t v) { proto_item_set_generated(proto_tree_add_uint(ht, hf, tvb, 0, 0, v)); };
    uint(hf_header_type, static_cast<uint32_t>(rec.header_type));
    uint(hf_record_size, static_cast<uint32_t>(rec.bytes.size()));
    add_guid(ht, hf_provider_guid, tvb, rec.provider);
    add_generated_string(ht, hf_provider, tvb, e.provider);
    if (!e.task.empty()) add_generated_string(ht, hf_task, tvb, e.task);
    if (!e.opcode.empty()) add_generated_string(ht, hf_opcode_name, tvb, e.opcode);
    add_generated_string(ht, hf_event, tvb, e.name());
    uint(hf_id, rec.descriptor.id);
    uint(hf_version, rec.descriptor.version);
    uint(hf_channel, rec.descriptor.channel);
    uint(hf_level, rec.descriptor.level);
    uint(hf_opcode, rec.descriptor.opcode);
    uint(hf_task_id, rec.descriptor.task);
    proto_item_set_generated(proto_tree_add_uint64(ht, hf_keyword, tvb, 0, 0, rec.descriptor.keyword));
    if (rec.is_kernel()) uint(hf_hook_id, rec.hook_id);
    if (rec.pid != etl::kNoId) uint(hf_pid, rec.pid);
    if (rec.tid != etl::kNoId) uint(hf_tid, rec.tid);
    uint(hf_cpu, rec.cpu);
    uint(hf_pointer_size, rec.pointer_size);
    if (rec.is_event_header() || rec.header_type == etl::HeaderType::Message) uint(hf_flags, rec.event_flags);
    if (rec.is_event_header()) uint(hf_event_property, rec.event_property);
    if (!rec.activity_id.is_null()) add_guid(ht, hf_activity_id, tvb, rec.activity_id);
    if (rec.kernel_time || rec.user_time) {
        uint(hf_kernel_time, rec.kernel_time);
        uint(hf_user_time, rec.user_time);
    }
    if (rec.header_type == etl::HeaderType::Message) uint(hf_message_sequence, rec.message_sequence);
    if (rec.header_type == etl::HeaderType::Instance32 || rec.header_type == etl::HeaderType::Instance64) {
        uint(hf_instance_id, rec.instance_id);
        uint(hf_parent_instance_id, rec.parent_instance_id);
    }
}

void add_trace(proto_tree* t, tvbuff_t* tvb, const wm::EtlMachine& m)
{
    proto_item* ti = add_generated_string(t, hf_trace_session, tvb, m.session);
    proto_tree* tt = proto_item_add_subtree(ti, ett_trace);
    add_generated_string(tt, hf_trace_log_file, tvb, m.log_file);
    add_generated_string(tt, hf_trace_os, tvb, traceshark::etl::windows_version_text(m.os_major, m.os_minor, m.os_build));
    proto_item_set_generated(proto_tree_add_uint(tt, hf_trace_pointer_size, tvb, 0, 0, m.pointer_size));
    proto_item_set_generated(proto_tree_add_uint(tt, hf_trace_cpu_mhz, tvb, 0, 0, m.cpu_mhz));
    add_generated_string(tt, hf_trace_clock, tvb, m.clock);
    proto_item_set_generated(proto_tree_add_uint64(tt, hf_trace_perf_freq, tvb, 0, 0, m.perf_freq));
    proto_item_set_generated(proto_tree_add_int(tt, hf_trace_tz_bias, tvb, 0, 0, m.tz_bias));
    add_generated_string(tt, hf_trace_tz_name, tvb, m.tz_standard_name);
    proto_item_set_generated(proto_tree_add_uint(tt, hf_trace_events_lost, tvb, 0, 0, m.events_lost));
    proto_item_set_generated(proto_tree_add_uint(tt, hf_trace_buffers_lost, tvb, 0, 0, m.buffers_lost));
}

int dissect_etl(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data)
{
    const auto* family = static_cast<const tse::FamilyData*>(data);
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "ETW");
    proto_item* ti = proto_tree_add_item(tree, proto_etl, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(ti, ett_etl);
    tse::CaptureState* state = tse::capture_state();
    if (!family || !family->header || !state) {
        expert_add_info(pinfo, ti, &ei_no_header);
        return static_cast<int>(tvb_captured_length(tvb));
    }
    const wm::EventHeader& hdr = *family->header;
    const guint len = tvb_captured_length(tvb);
    const auto* bytes = static_cast<const uint8_t*>(tvb_get_ptr(tvb, 0, static_cast<gint>(len)));
    try {
        etl::EventRecord rec;
        const uint8_t default_p = hdr.flags & wm::EventHeader::kFlagPointer32 ? 4 : 8;
        const etl::ParseResult parsed = etl::parse_record({bytes, len}, len, 0, default_p, rec);
        if (parsed.status != etl::ParseStatus::Record) {
            expert_add_info_format(pinfo, ti, &ei_bad_record, "Damaged ETW record: %s",
                                   parsed.problem.empty() ? "no record" : parsed.problem.c_str());
            col_set_str(pinfo->cinfo, COL_INFO, "Damaged ETW record");
            return static_cast<int>(len);
        }
        rec.ref = etl::RecordRef::unpack(hdr.record_ref);
        rec.cpu = static_cast<uint16_t>(hdr.cpu);
        rec.time_ns = static_cast<uint64_t>(pinfo->abs_ts.secs) * 1000000000u + static_cast<uint64_t>(pinfo->abs_ts.nsecs);

        std::string manifest_error;
        etl::DecoderSet& decoders =
            state->etw.decoders(tse::split_manifest_paths(tse::etw_manifest_preference()), &manifest_error);
        const etl::DecodedEvent e = decoders.decode(rec);
        if (!pinfo->fd->visited) state->etw.note_image(hdr.machine_key, e);

        const std::string text = e.text(rec.payload.size());
        const std::string name = e.name();
        std::string why;
        const wm::EtlMachine* machine =
            family->machine ? state->machines.etl_machine(hdr.machine_key, &why) : nullptr;
        // The process context first: its process name is the Process column (traceshark.comm).
        std::string process_name;
        if (family->tracking && family->machine) {
            tse::EtlEventInput in;
            in.machine_key = hdr.machine_key;
            in.describe_machine = [family, machine] {
                // an ETL names no host: the session, as the profile's Machine column shows it
                std::string host = !family->machine->host.empty() || !machine ? family->machine->host : machine->session;
                std::string os = machine ? traceshark::etl::windows_version_text(machine->os_major, machine->os_minor,
                                                                                 machine->os_build)
                                         : family->machine->release;
                return std::pair{std::move(host), std::move(os)};
            };
            in.record = &rec;
            in.decoded = &e;
            process_name = tse::process_context_dissect_etl(family->record_tvb, pinfo, tree, in);
        }
        tse::EventSummary s;
        if (rec.tid != etl::kNoId) s.pid = static_cast<int32_t>(rec.tid);  // traceshark.pid is the task (thread) id
        s.comm = process_name;
        s.id = rec.descriptor.id;
        s.system = e.provider;
        s.name = name;
        std::string info = text;
        for (char& ch : info) {  // one line: multi-line strings (scripts, messages) spread over spaces
            if (ch == '\r' || ch == '\n' || ch == '\t') ch = ' ';
        }
        s.text = info;
        tse::add_common_event_fields(pinfo, *family, s);
        proto_item_append_text(ti, ", %s", name.c_str());

        if (!manifest_error.empty()) expert_add_info_format(pinfo, ti, &ei_manifests, "%s", manifest_error.c_str());
        if (hdr.flags & wm::EventHeader::kFlagLostEvents)
            expert_add_info_format(pinfo, ti, &ei_lost, "The buffer of this event says events were lost before it");
        if (rec.is_kernel() && e.task == "EventTrace" && e.opcode.find("Lost") != std::string::npos)
            expert_add_info_format(pinfo, ti, &ei_lost, "The session reports lost events: %s", name.c_str());

        if (machine && rec.is_kernel() && rec.hook_id == 0 && (machine->events_lost || machine->buffers_lost))
            expert_add_info_format(pinfo, ti, &ei_session_lost, "The session lost %u events and %u buffers",
                                   machine->events_lost, machine->buffers_lost);

        add_generated_string(t, hf_text, tvb, text);
        if (machine) add_trace(t, tvb, *machine);
        add_header(t, tvb, rec, e);
        add_extended(t, tvb, rec, bytes, state->etw, hdr.machine_key);

        const gint payload_at = static_cast<gint>(rec.payload.data() - bytes);
        const gint payload_len = static_cast<gint>(rec.payload.size());
        proto_item* pi = proto_tree_add_item(t, hf_payload, tvb, payload_at, payload_len, ENC_NA);
        proto_tree* pt = proto_item_add_subtree(pi, ett_payload);
        proto_item_set_generated(proto_tree_add_boolean(pt, hf_decoded, tvb, 0, 0, e.decoded ? 1 : 0));
        if (!e.message.empty()) add_generated_string(pt, hf_message, tvb, e.message);
        for (const etl::Field& f : e.fields) add_value(pt, tvb, pinfo, e.provider, f.name, f.name, f.value);
        if (!e.problem.empty()) {
            proto_item* p = add_generated_string(pt, hf_problem, tvb, e.problem);
            expert_add_info_format(pinfo, p ? p : pi, &ei_problem, "%s", e.problem.c_str());
        }
        if (!e.decoded) expert_add_info_format(pinfo, pi, &ei_undecoded, "No decoder knows this event");

        // A packet the event carries (libs/etl captured_packet.hpp: NDIS fragments, PktMon packets and drops) goes
        // to the dissector of what it starts with, as Wireshark's own ETW reader hands NDIS fragments on.
        if (const auto packet = etl::captured_packet(rec)) {
            dissector_handle_t next = packet->medium == etl::PacketMedium::Ethernet ? eth_handle
                                    : packet->medium == etl::PacketMedium::Ip       ? ip_handle
                                    : packet->medium == etl::PacketMedium::Wifi     ? wlan_handle
                                                                                    : nullptr;
            if (packet->dropped) expert_add_info(pinfo, pi, &ei_packet_dropped);
            if (next) {
                tvbuff_t* frame = tvb_new_subset_length(tvb, payload_at + static_cast<gint>(packet->payload_offset),
                                                        static_cast<gint>(packet->bytes.size()));
                call_dissector(next, frame, pinfo, tree);
            }
        }
    } catch (const std::exception& ex) {
        expert_add_info_format(pinfo, ti, &ei_internal, "%s", ex.what());
    }
    return static_cast<int>(len);
}

}  // namespace

extern "C" void proto_register_etl(void)
{
    static hf_register_info hf[] = {
        {&hf_text, {"Event text", "etl.text", FT_STRING, BASE_NONE, nullptr, 0, "The event as traceshark-dump prints it", HFILL}},
        {&hf_header_type, {"Header type", "etl.header_type", FT_UINT8, BASE_HEX, VALS(header_type_names), 0, nullptr, HFILL}},
        {&hf_record_size, {"Record size", "etl.record_size", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_provider_guid, {"Provider GUID", "etl.provider_guid", FT_GUID, BASE_NONE, nullptr, 0,
                             "Provider id (kernel and classic records: the event class GUID)", HFILL}},
        {&hf_provider, {"Provider", "etl.provider", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_task, {"Task", "etl.task", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_opcode_name, {"Opcode name", "etl.opcode_name", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_event, {"Event", "etl.event", FT_STRING, BASE_NONE, nullptr, 0, "Provider/Task/Opcode as PerfView names it", HFILL}},
        {&hf_id, {"Event id", "etl.id", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_version, {"Version", "etl.version", FT_UINT8, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_channel, {"Channel", "etl.channel", FT_UINT8, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_level, {"Level", "etl.level", FT_UINT8, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_opcode, {"Opcode", "etl.opcode", FT_UINT8, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_task_id, {"Task id", "etl.task_id", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_keyword, {"Keyword", "etl.keyword", FT_UINT64, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_hook_id, {"Hook id", "etl.hook_id", FT_UINT16, BASE_HEX, nullptr, 0, "Kernel records: group << 8 | opcode", HFILL}},
        {&hf_pid, {"Process id", "etl.pid", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_tid, {"Thread id", "etl.tid", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_cpu, {"CPU", "etl.cpu", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_pointer_size, {"Pointer size", "etl.pointer_size", FT_UINT8, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_flags, {"Flags", "etl.flags", FT_UINT16, BASE_HEX, nullptr, 0, "EVENT_HEADER Flags (MESSAGE: OptionFlags)", HFILL}},
        {&hf_event_property, {"Event property", "etl.event_property", FT_UINT16, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_activity_id, {"Activity id", "etl.activity_id", FT_GUID, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_kernel_time, {"Kernel time", "etl.kernel_time", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_user_time, {"User time", "etl.user_time", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_message_sequence, {"Message sequence", "etl.message_sequence", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_instance_id, {"Instance id", "etl.instance_id", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_parent_instance_id, {"Parent instance id", "etl.parent_instance_id", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_ext_type, {"Extended item", "etl.extended.type", FT_UINT16, BASE_DEC, VALS(ext_type_names), 0, nullptr, HFILL}},
        {&hf_ext_data, {"Extended data", "etl.extended.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_related_activity_id, {"Related activity id", "etl.related_activity_id", FT_GUID, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_sid, {"User SID", "etl.sid", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_ts_id, {"Terminal session id", "etl.session_id", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_stack_match_id, {"Stack (match id)", "etl.stack.match_id", FT_UINT64, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_stack_frame, {"Frame", "etl.stack.frame", FT_UINT64, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_stack_location, {"Frame location", "etl.stack.location", FT_STRING, BASE_NONE, nullptr, 0,
                              "module+offset (from the image loads of the trace)", HFILL}},
        {&hf_process_start_key, {"Process start key", "etl.process_start_key", FT_UINT64, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_event_key, {"Event key", "etl.event_key", FT_UINT64, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_payload, {"Payload", "etl.payload", FT_BYTES, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_decoded, {"Decoded", "etl.decoded", FT_BOOLEAN, BASE_NONE, nullptr, 0, "The payload's fields are known", HFILL}},
        {&hf_message, {"Message", "etl.message", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_problem, {"Decoding problem", "etl.problem", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_field, {"Field", "etl.field", FT_STRING, BASE_NONE, nullptr, 0,
                     "A payload field whose name was registered with another type", HFILL}},
        {&hf_trace_session, {"Session", "etl.trace.session", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_log_file, {"Log file", "etl.trace.log_file", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_os, {"Operating system", "etl.trace.os", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_pointer_size, {"Pointer size", "etl.trace.pointer_size", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_cpu_mhz, {"CPU speed (MHz)", "etl.trace.cpu_mhz", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_clock, {"Clock", "etl.trace.clock", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_perf_freq, {"Performance counter frequency", "etl.trace.perf_freq", FT_UINT64, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_tz_bias, {"Time zone bias (minutes)", "etl.trace.tz_bias", FT_INT32, BASE_DEC, nullptr, 0,
                             "UTC = local time + bias", HFILL}},
        {&hf_trace_tz_name, {"Time zone", "etl.trace.tz_name", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_events_lost, {"Events lost", "etl.trace.events_lost", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_trace_buffers_lost, {"Buffers lost", "etl.trace.buffers_lost", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
    };
    static gint* ett[] = {&ett_etl, &ett_header, &ett_extended, &ett_stack, &ett_payload, &ett_value, &ett_trace};
    static ei_register_info ei[] = {
        {&ei_bad_record, {"etl.bad_record", PI_MALFORMED, PI_ERROR, "Damaged ETW record", EXPFILL}},
        {&ei_undecoded, {"etl.undecoded", PI_UNDECODED, PI_NOTE, "No decoder knows this event", EXPFILL}},
        {&ei_problem, {"etl.decoding_problem", PI_MALFORMED, PI_WARN, "The payload does not fit its layout", EXPFILL}},
        {&ei_lost, {"etl.lost_events", PI_SEQUENCE, PI_WARN, "Events lost before this one", EXPFILL}},
        {&ei_session_lost, {"etl.session_lost_events", PI_SEQUENCE, PI_WARN, "The session lost events", EXPFILL}},
        {&ei_type_conflict, {"etl.type_conflict", PI_PROTOCOL, PI_NOTE, "Field registered with another type", EXPFILL}},
        {&ei_manifests, {"etl.manifests", PI_UNDECODED, PI_WARN, "The manifests of the preference cannot be read", EXPFILL}},
        {&ei_no_header, {"etl.no_header", PI_UNDECODED, PI_WARN, "Called without a Traceshark event header", EXPFILL}},
        {&ei_internal, {"etl.internal_error", PI_MALFORMED, PI_ERROR, "Internal error", EXPFILL}},
        {&ei_packet_dropped, {"etl.packet_dropped", PI_SEQUENCE, PI_WARN, "PktMon: the packet was dropped here (DropReason, DropLocation)", EXPFILL}},
    };
    proto_etl = proto_register_protocol("Windows ETW event (Traceshark)", "ETL", tse::kEtwProtoAbbrev);
    proto_register_field_array(proto_etl, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t* em = expert_register_protocol(proto_etl);
    expert_register_field_array(em, ei, array_length(ei));
    g_registry = std::make_unique<tse::EtwFieldRegistry>(proto_etl);
    register_shutdown_routine(shutdown_registry);
    proto_register_prefix(tse::kEtwProtoAbbrev, prefix_initializer);
}

extern "C" void proto_reg_handoff_etl(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_etl, proto_etl);
    dissector_add_uint("traceshark.family", static_cast<guint32>(wm::Family::Etw), h);
    eth_handle = find_dissector("eth_withoutfcs");
    ip_handle = find_dissector("raw_ip");
    wlan_handle = find_dissector("wlan_withoutfcs");
}
