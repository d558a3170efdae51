#include "tracedat_metadata.hpp"

#include "traceshark/wsmeta/tracedat_formats.hpp"

namespace traceshark::wiretap {

using tracecmd::Metadata;
namespace wm = traceshark::wsmeta;

uint64_t machine_key(tracecmd::TraceFile& file)
{
    const Metadata& m = file.metadata();
    wm::KeyHasher h;
    h.add(m.machine.hostname);
    h.add(m.machine.uname);
    h.add(m.trace_id ? std::to_string(*m.trace_id) : std::string());
    h.add(m.header_page);
    h.add(m.header_event);
    for (const auto& s : file.formats().sources()) {
        h.add(s.system);
        h.add(s.text);
    }
    h.add(m.kallsyms);
    h.add(m.printk_formats);
    h.add(m.saved_cmdlines);
    return h.value();
}

std::string formats_blob(tracecmd::TraceFile& file)
{
    const Metadata& m = file.metadata();
    wm::TraceDatFormats f;
    f.params.big_endian = m.big_endian;
    f.params.user_long_size = m.user_long_size;
    f.params.kernel_long_size = m.kernel_long_size;
    f.params.page_size = m.page_size;
    f.params.cpus = m.cpu_count;
    f.params.clock_in_ns = m.clock_in_ns;
    f.params.file_version = m.file_version;
    f.header_page = m.header_page;
    f.header_event = m.header_event;
    for (const auto& s : file.formats().sources()) f.events.push_back({s.system, std::string(s.text)});
    return wm::encode_formats(f);
}

CapturePlan plan_interfaces(tracecmd::TraceFile& file)
{
    const Metadata& m = file.metadata();
    CapturePlan plan;
    plan.key = machine_key(file);
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
    auto add = [&](std::string_view kind, std::string_view blob) {
        for (auto& c : wm::encode_metadata(plan.key, kind, blob)) plan.meta_interfaces.push_back({c.name, c.description, {}});
    };
    add(wm::kKindFormats, formats_blob(file));
    if (!m.kallsyms.empty()) add(wm::kKindKallsyms, m.kallsyms);
    if (!m.printk_formats.empty()) add(wm::kKindPrintk, m.printk_formats);
    if (!m.saved_cmdlines.empty()) add(wm::kKindCmdlines, m.saved_cmdlines);
    return plan;
}

}  // namespace traceshark::wiretap
