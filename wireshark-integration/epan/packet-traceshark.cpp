// "traceshark" dissector: the common Traceshark event header that the readers (or any converted, merged or filtered
// pcapng made from their output) hand over through Exported PDU, and the machine, from the capture's interface
// blocks (docs/wireshark-integration.md); then the family dissector of the event (family.hpp).
#include "ws_compat.h"

#include <epan/epan.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <wiretap/wtap.h>

#include <cstring>
#include <optional>
#include <string>

#include "capture_state.hpp"
#include "family.hpp"
#include "tree_util.hpp"
#include "traceshark_dissector.hpp"
#include "traceshark/wsmeta/event_header.hpp"

namespace {

namespace wm = traceshark::wsmeta;
using traceshark::epan::CaptureState;

int proto_traceshark = -1;
dissector_table_t family_table;
traceshark_pref_bool pref_tracking = TRUE;  // preference traceshark.tracking
const char* pref_etw_manifests = "";        // preference traceshark.etw_manifests

int hf_version = -1, hf_header_length = -1, hf_family = -1, hf_flags = -1, hf_flags_be = -1, hf_flags_lost = -1,
    hf_flags_next = -1, hf_flags_p32 = -1,
    hf_cpu = -1, hf_buffer_index = -1, hf_missed = -1, hf_key = -1, hf_record_ref = -1;
int hf_machine = -1, hf_hostname = -1, hf_release = -1, hf_kernel_version = -1, hf_arch = -1, hf_cpus = -1, hf_clock = -1, hf_buffer = -1;
int hf_pid = -1, hf_comm = -1, hf_event_system = -1, hf_event_name = -1, hf_event_id = -1, hf_event_text = -1,
    hf_event_data = -1;
int hf_guest = -1, hf_guest_vcpu = -1, hf_guest_name = -1, hf_guest_host_tid = -1, hf_guest_host_frame = -1,
    hf_guest_host_pid = -1;
int ett_traceshark = -1, ett_flags = -1, ett_machine = -1, ett_guest = -1;
expert_field ei_bad_header = EI_INIT, ei_no_machine = EI_INIT, ei_no_metadata = EI_INIT, ei_lost_events = EI_INIT,
             ei_unknown_event = EI_INIT, ei_internal = EI_INIT;

const value_string family_names[] = {
    {1, "Linux ftrace"},
    {2, "Process Monitor"},
    {3, "Windows ETW"},
    {0, nullptr},
};

void scan_interfaces(CaptureState& state, packet_info* pinfo)
{
    const bool has_if = (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID) != 0;
    const guint32 record_if = has_if ? pinfo->rec->rec_header.packet_header.interface_id : 0;
    for (guint32 id = state.machines.interfaces_seen();; ++id) {
        const char* name = traceshark_interface_name(pinfo, id);
        // "unknown" past the end, and for an interface without name, description and hardware (a classic pcap's,
        // merged before a trace): the interfaces up to the record's own exist, so those are looked past.
        if (!name || std::strcmp(name, "unknown") == 0) {
            if (id > record_if) break;
            state.machines.add_interface(id, "", std::nullopt);
            continue;
        }
        const char* desc = traceshark_interface_description(pinfo, id);
        state.machines.add_interface(id, name, desc ? std::optional<std::string_view>(desc) : std::nullopt);
    }
    state.interfaces_scanned = true;
}

// Machine: by interface id when the record has one, else by key.
const wm::MachineInfo* find_machine(CaptureState& state, packet_info* pinfo, uint64_t key)
{
    if (!state.interfaces_scanned) scan_interfaces(state, pinfo);
    const bool has_if = (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID) != 0;
    const guint32 if_id = has_if ? pinfo->rec->rec_header.packet_header.interface_id : 0;
    const wm::MachineInfo* mi = has_if ? state.machines.interface_machine(if_id) : nullptr;
    if (mi && mi->key == key) return mi;
    mi = state.machines.machine(key);
    if (!mi) {
        scan_interfaces(state, pinfo);
        mi = state.machines.machine(key);
    }
    return mi;
}

void add_machine(proto_tree* t, tvbuff_t* tvb, const wm::MachineInfo& mi)
{
    proto_item* mitem = proto_tree_add_string_format_value(t, hf_machine, tvb, 0, 0, mi.host.c_str(), "%s (%s %s)",
                                                           mi.host.c_str(), mi.release.c_str(), mi.arch.c_str());
    proto_item_set_generated(mitem);
    proto_tree* mt = proto_item_add_subtree(mitem, ett_machine);
    // ETW traces name no computer: no hostname item (the Machine column then shows the ETW session).
    if (!mi.host.empty()) proto_item_set_generated(proto_tree_add_string(mt, hf_hostname, tvb, 0, 0, mi.host.c_str()));
    proto_item_set_generated(proto_tree_add_string(mt, hf_release, tvb, 0, 0, mi.release.c_str()));
    if (!mi.version.empty())
        proto_item_set_generated(proto_tree_add_string(mt, hf_kernel_version, tvb, 0, 0, mi.version.c_str()));
    proto_item_set_generated(proto_tree_add_string(mt, hf_arch, tvb, 0, 0, mi.arch.c_str()));
    proto_item_set_generated(proto_tree_add_uint(mt, hf_cpus, tvb, 0, 0, static_cast<guint32>(mi.cpus)));
    proto_item_set_generated(proto_tree_add_string(mt, hf_clock, tvb, 0, 0, mi.clock.c_str()));
    proto_item_set_generated(proto_tree_add_string(mt, hf_buffer, tvb, 0, 0, mi.buffer.c_str()));
}

int dissect_traceshark(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*)
{
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "Traceshark");
    col_clear(pinfo->cinfo, COL_INFO);
    proto_item* ti = proto_tree_add_item(tree, proto_traceshark, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(ti, ett_traceshark);

    const guint len = tvb_captured_length(tvb);
    const auto* bytes = static_cast<const uint8_t*>(tvb_get_ptr(tvb, 0, static_cast<gint>(len)));
    const auto hdr = wm::EventHeader::decode({bytes, len});
    if (!hdr) {
        expert_add_info(pinfo, ti, &ei_bad_header);
        col_set_str(pinfo->cinfo, COL_INFO, "Malformed Traceshark event header");
        return static_cast<int>(len);
    }
    proto_tree_add_item(t, hf_version, tvb, 4, 2, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(t, hf_header_length, tvb, 6, 2, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(t, hf_family, tvb, 8, 2, ENC_LITTLE_ENDIAN);
    static int* const flag_fields[] = {&hf_flags_be, &hf_flags_lost, &hf_flags_next, &hf_flags_p32, nullptr};
    proto_tree_add_bitmask(t, tvb, 10, hf_flags, ett_flags, flag_fields, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(t, hf_cpu, tvb, 12, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(t, hf_buffer_index, tvb, 16, 4, ENC_LITTLE_ENDIAN);
    proto_item* missed = proto_tree_add_item(t, hf_missed, tvb, 24, 8, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(t, hf_key, tvb, 32, 8, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(t, hf_record_ref, tvb, 40, 8, ENC_LITTLE_ENDIAN);
    if (hdr->missed_events > 0)
        expert_add_info_format(pinfo, missed, &ei_lost_events, "The kernel lost %lld events before this one",
                               static_cast<long long>(hdr->missed_events));
    else if (hdr->missed_events < 0)
        expert_add_info_format(pinfo, missed, &ei_lost_events, "The kernel lost events before this one");

    CaptureState* state = traceshark::epan::capture_state();
    if (!state) {  // Wireshark runs the init routine before it dissects: never expected
        expert_add_info_format(pinfo, ti, &ei_internal, "No capture state");
        return static_cast<int>(len);
    }
    const wm::MachineInfo* mi = find_machine(*state, pinfo, hdr->machine_key);
    if (mi) {
        add_machine(t, tvb, *mi);
    } else {
        expert_add_info_format(pinfo, ti, &ei_no_machine,
                               "No interface block describes machine %s (a pcap copy loses them: save as pcapng)",
                               wm::key_hex(hdr->machine_key).c_str());
    }

    const gint data_off = hdr->header_length;
    // The event itself; a function-graph entry may be followed by the next record of its buffer (see the header).
    const guint event_len = len - static_cast<guint>(data_off) - hdr->next_record_size;
    tvbuff_t* data_tvb = tvb_new_subset_length(tvb, data_off, static_cast<gint>(event_len));
    traceshark::epan::FamilyData family;
    family.header = &*hdr;
    family.machine = mi;
    family.trailer = {bytes + data_off + event_len, hdr->next_record_size};
    family.tracking = pref_tracking;
    family.record_tvb = tvb;
    family.common_item = ti;
    family.common_tree = t;
    if (!dissector_try_uint_new(family_table, hdr->family, data_tvb, pinfo, tree, FALSE, &family))
        proto_tree_add_item(t, hf_event_data, data_tvb, 0, -1, ENC_NA);
    return static_cast<int>(len);
}

void register_traceshark()
{
    static hf_register_info hf[] = {
        {&hf_version, {"Header version", "traceshark.version", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_header_length, {"Header length", "traceshark.header_length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_family, {"Format family", "traceshark.family", FT_UINT16, BASE_DEC, VALS(family_names), 0, nullptr, HFILL}},
        {&hf_flags, {"Flags", "traceshark.flags", FT_UINT16, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_flags_be, {"Event data big-endian", "traceshark.flags.big_endian", FT_BOOLEAN, 16, nullptr,
                        wm::EventHeader::kFlagBigEndianData, nullptr, HFILL}},
        {&hf_flags_lost, {"Events lost before this one", "traceshark.flags.lost_events", FT_BOOLEAN, 16, nullptr,
                          wm::EventHeader::kFlagLostEvents, nullptr, HFILL}},
        {&hf_flags_next, {"Trailing part follows the event", "traceshark.flags.next_record", FT_BOOLEAN, 16, nullptr,
                          wm::EventHeader::kFlagNextRecord, nullptr, HFILL}},
        {&hf_flags_p32, {"Trace with 32-bit pointers (ETW)", "traceshark.flags.pointer32", FT_BOOLEAN, 16, nullptr,
                         wm::EventHeader::kFlagPointer32, nullptr, HFILL}},
        {&hf_cpu, {"CPU", "traceshark.cpu", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_buffer_index, {"Buffer index", "traceshark.buffer_index", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_missed, {"Missed events", "traceshark.missed_events", FT_INT64, BASE_DEC, nullptr, 0,
                      "Events lost before this one (-1: count unknown)", HFILL}},
        {&hf_key, {"Machine key", "traceshark.key", FT_UINT64, BASE_HEX, nullptr, 0, nullptr, HFILL}},
        {&hf_record_ref, {"Record reference", "traceshark.record_ref", FT_UINT64, BASE_HEX, nullptr, 0,
                          "Position of the event in its original trace file", HFILL}},
        {&hf_machine, {"Machine", "traceshark.machine", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_hostname, {"Host name", "traceshark.machine.hostname", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_release, {"Kernel release", "traceshark.machine.release", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_kernel_version, {"Kernel version", "traceshark.machine.version", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_arch, {"Architecture", "traceshark.machine.arch", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_cpus, {"CPUs", "traceshark.machine.cpus", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_clock, {"Trace clock", "traceshark.machine.clock", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_buffer, {"Buffer", "traceshark.machine.buffer", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_pid, {"PID", "traceshark.pid", FT_INT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_comm, {"Command", "traceshark.comm", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_event_system, {"Event system", "traceshark.event.system", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_event_name, {"Event name", "traceshark.event.name", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_event_id, {"Event id", "traceshark.event.id", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_event_text, {"Event text", "traceshark.event.text", FT_STRING, BASE_NONE, nullptr, 0,
                          "The event as trace-cmd report prints it", HFILL}},
        {&hf_event_data, {"Event data", "traceshark.event.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_guest, {"Guest", "traceshark.guest", FT_NONE, BASE_NONE, nullptr, 0,
                     "Event of a virtual machine traced with its host (trace-cmd record -A)", HFILL}},
        {&hf_guest_vcpu, {"vCPU", "traceshark.guest.vcpu", FT_UINT32, BASE_DEC, nullptr, 0,
                          "The guest CPU the event ran on", HFILL}},
        {&hf_guest_name, {"Guest name", "traceshark.guest.name", FT_STRING, BASE_NONE, nullptr, 0,
                          "The name the host's GUEST option gives this guest", HFILL}},
        {&hf_guest_host_tid, {"Host thread", "traceshark.guest.host_tid", FT_INT32, BASE_DEC, nullptr, 0,
                              "The host thread that runs this vCPU (host's GUEST option)", HFILL}},
        {&hf_guest_host_frame, {"Host kvm_entry frame", "traceshark.guest.host_frame", FT_FRAMENUM, BASE_NONE,
                                FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0,
                                "The host thread's latest kvm:kvm_entry at or before this event", HFILL}},
        {&hf_guest_host_pid, {"Host process", "traceshark.guest.host_pid", FT_INT32, BASE_DEC, nullptr, 0,
                              "Process of the host thread at the host frame (process tracking)", HFILL}},
    };
    static gint* ett[] = {&ett_traceshark, &ett_flags, &ett_machine, &ett_guest};
    static ei_register_info ei[] = {
        {&ei_bad_header, {"traceshark.bad_header", PI_MALFORMED, PI_ERROR, "Malformed Traceshark event header", EXPFILL}},
        {&ei_no_machine, {"traceshark.no_machine", PI_UNDECODED, PI_WARN, "No interface block describes this machine", EXPFILL}},
        {&ei_no_metadata, {"traceshark.no_metadata", PI_UNDECODED, PI_WARN, "Machine metadata missing or damaged", EXPFILL}},
        {&ei_lost_events, {"traceshark.lost_events", PI_SEQUENCE, PI_WARN, "Events lost before this one", EXPFILL}},
        {&ei_unknown_event, {"traceshark.unknown_event", PI_UNDECODED, PI_NOTE, "No format for this event id", EXPFILL}},
        {&ei_internal, {"traceshark.internal_error", PI_MALFORMED, PI_ERROR, "Internal error", EXPFILL}},
    };
    proto_traceshark = proto_register_protocol("Traceshark system event", "Traceshark", "traceshark");
    module_t* prefs = prefs_register_protocol(proto_traceshark, nullptr);
    prefs_register_bool_preference(prefs, "tracking", "Track processes and threads",
                                   "Give every event its process context (process.*) and the process_event "
                                   "items; off saves the tracking work",
                                   &pref_tracking);
    prefs_register_string_preference(prefs, "etw_manifests", "ETW instrumentation manifests",
                                     "Manifest files (.man) or directories of them, separated by ';': the ETW "
                                     "providers they describe are decoded (as traceshark-dump --manifest does)",
                                     &pref_etw_manifests);
    proto_register_field_array(proto_traceshark, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t* em = expert_register_protocol(proto_traceshark);
    expert_register_field_array(em, ei, array_length(ei));
    family_table = register_dissector_table("traceshark.family", "Traceshark format family", proto_traceshark,
                                            FT_UINT16, BASE_DEC);
    register_dissector(wm::kDissectorName, dissect_traceshark, proto_traceshark);
    traceshark::epan::capture_state_register();
}

}  // namespace

namespace traceshark::epan {

bool traceshark_tracking_enabled() { return pref_tracking; }

bool capture_has_machines(CaptureState& state, packet_info* pinfo)
{
    const bool has_if = (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID) != 0;
    const guint32 if_id = has_if ? pinfo->rec->rec_header.packet_header.interface_id : 0;
    // Scanned again only when a record names an interface not seen yet (blocks met later in one-pass reading).
    if (!state.interfaces_scanned || if_id >= state.machines.interfaces_seen()) scan_interfaces(state, pinfo);
    return state.machines.has_machines();
}

std::string etw_manifest_preference() { return pref_etw_manifests ? pref_etw_manifests : ""; }

void add_common_event_fields(packet_info* pinfo, const FamilyData& family, const EventSummary& s)
{
    proto_tree* t = family.common_tree;
    tvbuff_t* tvb = family.record_tvb;
    if (s.pid) proto_item_set_generated(proto_tree_add_int(t, hf_pid, tvb, 0, 0, *s.pid));
    // ETW: an event without a thread id may still have a process (its payload's, or tracking's)
    if (s.pid || !s.comm.empty()) add_generated_string(t, hf_comm, tvb, s.comm);
    if (s.id) proto_item_set_generated(proto_tree_add_uint(t, hf_event_id, tvb, 0, 0, *s.id));
    if (s.system) add_generated_string(t, hf_event_system, tvb, *s.system);
    if (s.name) add_generated_string(t, hf_event_name, tvb, *s.name);
    if (s.text) {
        // Kernel strings need not be UTF-8; Wireshark's strings must be.
        gchar* text = g_utf8_make_valid(s.text->data(), static_cast<gssize>(s.text->size()));
        proto_item_set_generated(proto_tree_add_string(t, hf_event_text, tvb, 0, 0, text));
        col_add_str(pinfo->cinfo, COL_INFO, text);
        g_free(text);
    }
    if (s.system && s.name)
        proto_item_append_text(family.common_item, ", %.*s:%.*s", static_cast<int>(s.system->size()), s.system->data(),
                               static_cast<int>(s.name->size()), s.name->data());
}

void add_guest_fields(const FamilyData& family, const GuestSummary& g)
{
    tvbuff_t* tvb = family.record_tvb;
    proto_item* gi = proto_tree_add_item(family.common_tree, hf_guest, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(gi);
    proto_tree* gt = proto_item_add_subtree(gi, ett_guest);
    proto_item_set_generated(proto_tree_add_uint(gt, hf_guest_vcpu, tvb, 0, 0, g.vcpu));
    proto_item_append_text(gi, ": vCPU %u", g.vcpu);
    if (!g.name.empty()) {
        add_generated_string(gt, hf_guest_name, tvb, g.name);
        proto_item_append_text(gi, " of %.*s", static_cast<int>(g.name.size()), g.name.data());
    }
    if (g.host_tid) {
        proto_item_set_generated(proto_tree_add_int(gt, hf_guest_host_tid, tvb, 0, 0, *g.host_tid));
        proto_item_append_text(gi, ", host thread %d", *g.host_tid);
    }
    if (g.host_frame) proto_item_set_generated(proto_tree_add_uint(gt, hf_guest_host_frame, tvb, 0, 0, *g.host_frame));
    if (g.host_pid) proto_item_set_generated(proto_tree_add_int(gt, hf_guest_host_pid, tvb, 0, 0, *g.host_pid));
}

void add_common_problem(packet_info* pinfo, const FamilyData& family, CommonProblem problem, const std::string& text)
{
    expert_field* ei = problem == CommonProblem::NoMetadata     ? &ei_no_metadata
                       : problem == CommonProblem::UnknownEvent ? &ei_unknown_event
                                                                : &ei_internal;
    expert_add_info_format(pinfo, family.common_item, ei, "%s", text.c_str());
}

}  // namespace traceshark::epan

extern "C" void proto_register_traceshark(void) { register_traceshark(); }
extern "C" void proto_reg_handoff_traceshark(void) {}

