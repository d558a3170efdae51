#include "tracedat_metadata.hpp"

#include "traceshark/wsmeta/ftrace_machine.hpp"
#include "traceshark/wsmeta/guest_link.hpp"

namespace traceshark::wiretap {

using tracecmd::Metadata;
namespace wm = traceshark::wsmeta;

namespace {

// The views point into `file` and into `trace_id`, which the caller keeps.
wm::FtraceMachine ftrace_machine(tracecmd::TraceFile& file, const std::string& trace_id)
{
    const Metadata& m = file.metadata();
    wm::FtraceMachine fm;
    fm.hostname = m.machine.hostname;
    fm.uname = m.machine.uname;
    fm.trace_id = trace_id;
    fm.params.big_endian = m.big_endian;
    fm.params.user_long_size = m.user_long_size;
    fm.params.kernel_long_size = m.kernel_long_size;
    fm.params.page_size = m.page_size;
    fm.params.cpus = m.cpu_count;
    fm.params.clock_in_ns = m.clock_in_ns;
    fm.params.file_version = m.file_version;
    fm.header_page = m.header_page;
    fm.header_event = m.header_event;
    for (const auto& s : file.formats().sources()) fm.formats.push_back({s.system, s.text});
    fm.kallsyms = m.kallsyms;
    fm.printk_formats = m.printk_formats;
    fm.saved_cmdlines = m.saved_cmdlines;
    return fm;
}

std::string trace_id_text(tracecmd::TraceFile& file)
{
    const Metadata& m = file.metadata();
    return m.trace_id ? std::to_string(*m.trace_id) : std::string();
}

}  // namespace

uint64_t machine_key(tracecmd::TraceFile& file)
{
    const std::string id = trace_id_text(file);
    return wm::ftrace_machine_key(ftrace_machine(file, id));
}

std::string formats_blob(tracecmd::TraceFile& file)
{
    const std::string id = trace_id_text(file);
    return wm::ftrace_formats_blob(ftrace_machine(file, id));
}

std::optional<std::string> guest_link_blob(tracecmd::TraceFile& file)
{
    const Metadata& m = file.metadata();
    // Only hosts (GUEST options) and guests (TIME_SHIFT): a plain file's trace id links nothing.
    if (m.guests.empty() && m.time_shifts.empty()) return std::nullopt;
    wm::GuestLink link;
    link.trace_id = m.trace_id;
    // The applied TIME_SHIFT (the last one) names the host.
    if (!m.time_shifts.empty()) link.host_trace_id = m.time_shifts.back().peer_trace_id;
    for (const tracecmd::Guest& g : m.guests) link.guests.push_back({g.name, g.trace_id, g.vcpu_to_host_pid});
    return wm::encode_guest_link(link);
}

CapturePlan plan_interfaces(tracecmd::TraceFile& file)
{
    const Metadata& m = file.metadata();
    const std::string id = trace_id_text(file);
    const wm::FtraceMachine fm = ftrace_machine(file, id);
    CapturePlan plan;
    plan.key = wm::ftrace_machine_key(fm);
    for (const auto& b : file.buffers()) {
        wm::MachineInfo mi;
        mi.key = plan.key;
        mi.host = m.machine.hostname;
        mi.release = m.machine.kernel_release;
        mi.version = m.machine.kernel_version;
        mi.arch = m.machine.arch;
        mi.cpus = m.cpu_count;
        mi.clock = b.clock.empty() ? m.trace_clock : b.clock;
        mi.buffer = b.name.empty() ? "top" : b.name;
        std::string os = m.machine.system.empty() ? "Linux" : m.machine.system;
        if (!m.machine.kernel_release.empty()) os += " " + m.machine.kernel_release;
        plan.record_interfaces.push_back({wm::record_interface_name(mi), wm::record_interface_description(mi), os});
    }
    for (auto& c : wm::ftrace_meta_chunks(fm, plan.key))
        plan.meta_interfaces.push_back({std::move(c.name), std::move(c.description), {}});
    if (auto link = guest_link_blob(file))
        for (auto& c : wm::encode_metadata(plan.key, wm::kKindGuestLink, *link))
            plan.meta_interfaces.push_back({std::move(c.name), std::move(c.description), {}});
    return plan;
}

}  // namespace traceshark::wiretap
