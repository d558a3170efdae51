// "procmon" dissector: every field of a Process Monitor event (family 2 of "traceshark.family"): the event
// header, the process it ran in, the operation, path, result, duration, each detail item (filterable by name,
// with numeric values), network endpoints and the stack trace resolved to module+offset.
#include "ws_compat.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "capture_state.hpp"
#include "family.hpp"
#include "process_context.hpp"
#include "procmon_dissector.hpp"
#include "tree_util.hpp"
#include "traceshark/common/filetime.hpp"
#include "traceshark/procmon/detail_keys.hpp"
#include "traceshark/procmon/event_decoder.hpp"
#include "traceshark/procmon/layout.hpp"

namespace {

namespace pm = traceshark::procmon;
namespace tse = traceshark::epan;

int proto_procmon = -1;
int hf_index = -1, hf_class = -1, hf_operation = -1, hf_operation_code = -1, hf_sub_operation = -1, hf_path = -1,
    hf_result = -1, hf_result_name = -1, hf_detail = -1, hf_category = -1, hf_duration = -1, hf_tid = -1,
    hf_pid = -1, hf_process_index = -1, hf_process_name = -1, hf_image_path = -1, hf_command_line = -1,
    hf_user = -1, hf_integrity = -1, hf_session = -1, hf_parent_pid = -1, hf_company = -1, hf_version = -1,
    hf_description = -1, hf_auth_id = -1, hf_arch = -1, hf_virtualized = -1;
int hf_net_proto = -1, hf_net_src_ip = -1, hf_net_dst_ip = -1, hf_net_src_ip6 = -1, hf_net_dst_ip6 = -1,
    hf_net_src_port = -1, hf_net_dst_port = -1, hf_net_src_host = -1, hf_net_dst_host = -1;
int hf_stack_depth = -1, hf_frame = -1, hf_frame_module = -1, hf_detail_other = -1, hf_detail_entry = -1;
int ett_procmon = -1, ett_process = -1, ett_details = -1, ett_network = -1, ett_stack = -1;
expert_field ei_no_tables = EI_INIT, ei_damaged = EI_INIT, ei_failed = EI_INIT;

// Detail items with a field of their own (libs/procmon's key table): procmon.detail.<filter_name> (text as
// Procmon shows it) and, where the value is a number, procmon.value.<filter_name>.
int hf_detail_text[pm::kNamedDetailKeyCount];
int hf_detail_value[pm::kNamedDetailKeyCount];

using traceshark::epan::add_generated_string;

// Kernel frames resolve through the modules of the System process.
const pm::Process* system_process(const pm::Tables& tables)
{
    for (const pm::Process& s : tables.processes()) {
        if (s.pid == pm::kSystemPid) return &s;
    }
    return nullptr;
}

const pm::Module* module_of(const pm::Process* process, const pm::Process* system, uint64_t address)
{
    const pm::Module* m = process ? process->module_at(address) : nullptr;
    return m || !system ? m : system->module_at(address);
}

std::string base_name(const std::string& path)
{
    const size_t slash = path.find_last_of("\\/");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What dissecting one event needs from the log: its tables and the decoded event.
struct Decoded {
    const pm::Tables* tables = nullptr;
    std::optional<pm::Event> event;
    std::string detail;  // the event's Detail text (built once, for Info and the detail field)
    std::string error;   // why there are no tables, or no event
};

// The event with its Info, the common traceshark.* items and its process context, before the procmon tree (the
// order the items always had).
Decoded decode(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const tse::FamilyData& family)
{
    Decoded d;
    const traceshark::wsmeta::EventHeader& hdr = *family.header;
    const traceshark::wsmeta::MachineInfo* mi = family.machine;
    tse::CaptureState* state = tse::capture_state();
    d.tables = mi && state ? state->machines.pml_tables(hdr.machine_key, &d.error) : nullptr;
    if (!d.tables) {
        if (mi)
            tse::add_common_problem(pinfo, family, tse::CommonProblem::NoMetadata,
                                    "Cannot decode events of log " + traceshark::wsmeta::key_hex(hdr.machine_key) +
                                        ": " + d.error);
        return d;
    }
    try {
        const guint len = tvb_captured_length(tvb);
        pm::RecordBytes rb;
        rb.record = {static_cast<const uint8_t*>(tvb_get_ptr(tvb, 0, static_cast<gint>(len))), len};
        rb.extra = family.trailer;
        pm::DecodeOptions options;
        options.stack = tree != nullptr;  // only the procmon tree shows the frames
        d.event = pm::decode_event(*d.tables, rb, 0, static_cast<uint32_t>(hdr.record_ref), options);
        const pm::Event& e = *d.event;
        tse::EventSummary s;
        if (const auto* p = d.tables->process(e.process_index)) {
            s.pid = static_cast<int32_t>(e.tid);
            s.comm = p->name;
        }
        s.system = pm::event_class_name(e.event_class);
        s.name = e.operation_name;
        // Info: Procmon's Operation, Path, Result and Detail columns.
        std::string info = e.operation_name + "  " + e.path + "  " + pm::result_name(e.result);
        d.detail = e.detail_text();
        if (!d.detail.empty()) info += "  " + d.detail;
        // One line: multi-line details (a process environment) are spread over spaces.
        for (char& ch : info) {
            if (ch == '\r' || ch == '\n' || ch == '\t') ch = ' ';
        }
        s.text = info;
        tse::add_common_event_fields(pinfo, family, s);
        if (family.tracking) {
            tse::PmlEventInput in;
            in.machine_key = hdr.machine_key;
            in.hostname = mi->host;
            in.os = mi->release;
            in.tables = d.tables;
            in.event = &e;
            tse::process_context_dissect_pml(family.record_tvb, pinfo, tree, in);
        }
    } catch (const std::exception& ex) {
        d.error = ex.what();
        tse::add_common_problem(pinfo, family, tse::CommonProblem::Internal, ex.what());
    }
    return d;
}

int dissect_procmon(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data)
{
    const auto* family = static_cast<const tse::FamilyData*>(data);
    const Decoded decoded = family && family->header ? decode(tvb, pinfo, tree, *family) : Decoded{};
    proto_item* ti = proto_tree_add_item(tree, proto_procmon, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(ti, ett_procmon);
    if (!family || !family->header || !decoded.tables) {
        expert_add_info_format(pinfo, ti, &ei_no_tables, "Cannot decode: %s",
                               family && family->header ? decoded.error.c_str() : "no Traceshark header");
        return tvb_captured_length(tvb);
    }
    if (!decoded.event) {
        expert_add_info_format(pinfo, ti, &ei_failed, "%s", decoded.error.c_str());
        return tvb_captured_length(tvb);
    }
    if (!tree) return tvb_captured_length(tvb);
    const pm::Tables& tables = *decoded.tables;
    const pm::Event& e = *decoded.event;
    const pm::Process* p = tables.process(e.process_index);

    proto_item_set_generated(proto_tree_add_uint(t, hf_index, tvb, 0, 0, e.index));
    add_generated_string(t, hf_class, tvb, std::string(pm::event_class_name(e.event_class)));
    add_generated_string(t, hf_operation, tvb, e.operation_name);
    proto_tree_add_item(t, hf_operation_code, tvb, pm::event_header::kOperation, 2, ENC_LITTLE_ENDIAN);
    if (e.event_class == pm::EventClass::FileSystem && e.sub_operation)
        proto_item_set_generated(proto_tree_add_uint(t, hf_sub_operation, tvb, 0, 0, e.sub_operation));
    add_generated_string(t, hf_path, tvb, e.path);
    proto_tree_add_item(t, hf_result, tvb, pm::event_header::kResult, 4, ENC_LITTLE_ENDIAN);
    add_generated_string(t, hf_result_name, tvb, pm::result_name(e.result));
    nstime_t duration;
    duration.secs = static_cast<time_t>(e.duration / traceshark::common::kFiletimeTicksPerSecond);
    duration.nsecs = static_cast<int>(e.duration % traceshark::common::kFiletimeTicksPerSecond * 100u);
    proto_tree_add_time(t, hf_duration, tvb, pm::event_header::kDuration, 8, &duration);
    if (!e.category.empty()) add_generated_string(t, hf_category, tvb, e.category);
    proto_tree_add_item(t, hf_tid, tvb, pm::event_header::kThreadId, 4, ENC_LITTLE_ENDIAN);

    proto_item* pitem =
        proto_tree_add_item(t, hf_process_index, tvb, pm::event_header::kProcessIndex, 4, ENC_LITTLE_ENDIAN);
    if (p) {
        proto_item_append_text(pitem, " (%s, PID %u)", p->name.c_str(), p->pid);
        proto_tree* pt = proto_item_add_subtree(pitem, ett_process);
        proto_item_set_generated(proto_tree_add_uint(pt, hf_pid, tvb, 0, 0, p->pid));
        add_generated_string(pt, hf_process_name, tvb, p->name);
        add_generated_string(pt, hf_image_path, tvb, p->image_path);
        add_generated_string(pt, hf_command_line, tvb, p->command_line);
        add_generated_string(pt, hf_user, tvb, p->user);
        add_generated_string(pt, hf_integrity, tvb, p->integrity);
        proto_item_set_generated(proto_tree_add_uint(pt, hf_session, tvb, 0, 0, p->session));
        proto_item_set_generated(proto_tree_add_uint(pt, hf_parent_pid, tvb, 0, 0, p->parent_pid));
        add_generated_string(pt, hf_company, tvb, p->company);
        add_generated_string(pt, hf_version, tvb, p->version);
        add_generated_string(pt, hf_description, tvb, p->description);
        char auth[24];
        std::snprintf(auth, sizeof auth, "%08x:%08x", static_cast<unsigned>(p->authentication_id >> 32),
                      static_cast<unsigned>(p->authentication_id & 0xFFFFFFFF));
        add_generated_string(pt, hf_auth_id, tvb, auth);
        add_generated_string(pt, hf_arch, tvb, p->is_64bit ? "64-bit" : "32-bit");
        add_generated_string(pt, hf_virtualized, tvb, p->virtualized == 0 ? "False" : p->virtualized == 1 ? "True" : "n/a");
    }

    const std::string& detail = decoded.detail;
    proto_item* ditem = add_generated_string(t, hf_detail, tvb, detail);
    proto_tree* dt = proto_item_add_subtree(ditem, ett_details);
    for (const pm::DetailItem& d : e.details) {
        if (pm::detail_key_info(d.key)) {
            const auto slot = static_cast<size_t>(d.key);
            add_generated_string(dt, hf_detail_text[slot], tvb, d.value);
            if (d.number)
                proto_item_set_generated(proto_tree_add_int64(dt, hf_detail_value[slot], tvb, 0, 0, *d.number));
        } else if (d.key == pm::DetailKey::DirectoryEntry) {
            add_generated_string(dt, hf_detail_entry, tvb, d.value);  // a directory listing entry
        } else {
            add_generated_string(dt, hf_detail_other, tvb, d.name + ": " + d.value);
        }
        if (d.key == pm::DetailKey::Damaged) expert_add_info_format(pinfo, ti, &ei_damaged, "%s", d.value.c_str());
    }

    if (e.network) {
        const pm::NetworkEndpoints& n = *e.network;
        proto_item* nitem = proto_tree_add_string(t, hf_net_proto, tvb, 0, 0, n.tcp ? "TCP" : "UDP");
        proto_item_set_generated(nitem);
        proto_tree* nt = proto_item_add_subtree(nitem, ett_network);
        auto add_ip = [&](bool v4, const std::array<uint8_t, 16>& a, int hf4, int hf6) {
            if (v4) {
                guint32 ip;
                std::memcpy(&ip, a.data(), 4);
                proto_item_set_generated(proto_tree_add_ipv4(nt, hf4, tvb, 0, 0, ip));
            } else {
                ws_in6_addr ip6;
                std::memcpy(ip6.bytes, a.data(), 16);
                proto_item_set_generated(proto_tree_add_ipv6(nt, hf6, tvb, 0, 0, &ip6));
            }
        };
        add_ip(n.source_ipv4, n.source, hf_net_src_ip, hf_net_src_ip6);
        proto_item_set_generated(proto_tree_add_uint(nt, hf_net_src_port, tvb, 0, 0, n.source_port));
        add_generated_string(nt, hf_net_src_host, tvb, tables.host_name(n.source, n.source_ipv4));
        add_ip(n.destination_ipv4, n.destination, hf_net_dst_ip, hf_net_dst_ip6);
        proto_item_set_generated(proto_tree_add_uint(nt, hf_net_dst_port, tvb, 0, 0, n.destination_port));
        add_generated_string(nt, hf_net_dst_host, tvb, tables.host_name(n.destination, n.destination_ipv4));
    }

    proto_item* sitem =
        proto_tree_add_item(t, hf_stack_depth, tvb, pm::event_header::kStackDepth, 2, ENC_LITTLE_ENDIAN);
    proto_tree* st = proto_item_add_subtree(sitem, ett_stack);
    const unsigned psize = tables.pointer_size();
    const pm::Process* system = e.stack.empty() ? nullptr : system_process(tables);
    for (size_t i = 0; i < e.stack.size(); ++i) {
        const gint at = static_cast<gint>(pm::kEventHeaderSize + i * psize);
        proto_item* fi = proto_tree_add_uint64(st, hf_frame, tvb, at, static_cast<gint>(psize), e.stack[i]);
        const pm::Module* m = module_of(p, system, e.stack[i]);
        if (m) {
            char off[24];
            std::snprintf(off, sizeof off, "+0x%llx", static_cast<unsigned long long>(e.stack[i] - m->base));
            const std::string where = base_name(m->path) + off;
            proto_item_append_text(fi, " %s", where.c_str());
            add_generated_string(st, hf_frame_module, tvb, where);
        }
    }
    return tvb_captured_length(tvb);
}

}  // namespace

extern "C" void proto_register_procmon(void)
{
    static hf_register_info hf[] = {
        {&hf_index, {"Event index", "procmon.index", FT_UINT32, BASE_DEC, nullptr, 0, "Position in the PML log", HFILL}},
        {&hf_class, {"Event class", "procmon.class", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_operation, {"Operation", "procmon.operation", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_operation_code, {"Operation code", "procmon.operation_code", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_sub_operation, {"Sub-operation", "procmon.sub_operation", FT_UINT8, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_path, {"Path", "procmon.path", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_result, {"Result code", "procmon.result_code", FT_UINT32, BASE_HEX, nullptr, 0, "NTSTATUS", HFILL}},
        {&hf_result_name, {"Result", "procmon.result", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_detail, {"Detail", "procmon.detail", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_category, {"Category", "procmon.category", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_duration, {"Duration", "procmon.duration", FT_RELATIVE_TIME, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_tid, {"Thread ID", "procmon.tid", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_process_index, {"Process index", "procmon.process_index", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_pid, {"PID", "procmon.pid", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_process_name, {"Process name", "procmon.process_name", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_image_path, {"Image path", "procmon.image_path", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_command_line, {"Command line", "procmon.command_line", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_user, {"User", "procmon.user", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_integrity, {"Integrity", "procmon.integrity", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_session, {"Session", "procmon.session", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_parent_pid, {"Parent PID", "procmon.parent_pid", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_company, {"Company", "procmon.company", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_version, {"Version", "procmon.version", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_description, {"Description", "procmon.description", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_auth_id, {"Authentication ID", "procmon.auth_id", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_arch, {"Architecture", "procmon.architecture", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_virtualized, {"Virtualized", "procmon.virtualized", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_net_proto, {"Transport", "procmon.net.proto", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_net_src_ip, {"Source address", "procmon.net.src", FT_IPv4, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_net_dst_ip, {"Destination address", "procmon.net.dst", FT_IPv4, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_net_src_ip6, {"Source address", "procmon.net.src6", FT_IPv6, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_net_dst_ip6, {"Destination address", "procmon.net.dst6", FT_IPv6, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_net_src_port, {"Source port", "procmon.net.srcport", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_net_dst_port, {"Destination port", "procmon.net.dstport", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_net_src_host, {"Source host", "procmon.net.src_host", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_net_dst_host, {"Destination host", "procmon.net.dst_host", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_stack_depth, {"Stack depth", "procmon.stack.depth", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_frame, {"Frame", "procmon.stack.frame", FT_UINT64, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_frame_module, {"Frame location", "procmon.stack.location", FT_STRING, BASE_NONE, nullptr, 0,
                            "module+offset", HFILL}},
        {&hf_detail_other, {"Other detail", "procmon.detail.other", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_detail_entry, {"Directory entry", "procmon.detail.entry", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
    };
    static gint* ett[] = {&ett_procmon, &ett_process, &ett_details, &ett_network, &ett_stack};
    static ei_register_info ei[] = {
        {&ei_no_tables, {"procmon.no_tables", PI_UNDECODED, PI_WARN, "The capture lacks this log's tables", EXPFILL}},
        {&ei_damaged, {"procmon.damaged", PI_MALFORMED, PI_ERROR, "Damaged event details", EXPFILL}},
        {&ei_failed, {"procmon.bad_event", PI_MALFORMED, PI_ERROR, "Damaged event", EXPFILL}},
    };
    proto_procmon = proto_register_protocol("Process Monitor event", "Procmon", "procmon");
    proto_register_field_array(proto_procmon, hf, array_length(hf));

    // One text and one value field per named detail key; names and abbreviations live as long as the program.
    static hf_register_info detail_hf[2 * pm::kNamedDetailKeyCount];
    for (const pm::DetailKeyInfo& key : pm::kDetailKeys) {
        const auto i = static_cast<size_t>(key.key);
        const std::string name(key.name), filter(key.filter_name);
        hf_detail_text[i] = -1;
        hf_detail_value[i] = -1;
        detail_hf[2 * i] = {&hf_detail_text[i], {g_strdup(name.c_str()), g_strdup(("procmon.detail." + filter).c_str()),
                                                 FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}};
        detail_hf[2 * i + 1] = {&hf_detail_value[i], {g_strdup((name + " (value)").c_str()),
                                                      g_strdup(("procmon.value." + filter).c_str()), FT_INT64, BASE_DEC,
                                                      nullptr, 0, nullptr, HFILL}};
    }
    proto_register_field_array(proto_procmon, detail_hf, array_length(detail_hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t* em = expert_register_protocol(proto_procmon);
    expert_register_field_array(em, ei, array_length(ei));
}

extern "C" void proto_reg_handoff_procmon(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_procmon, proto_procmon);
    dissector_add_uint("traceshark.family", static_cast<guint32>(traceshark::wsmeta::Family::Procmon), h);
}
