#include "traceshark/wsmeta/ftrace_machine.hpp"

#include "traceshark/wsmeta/tracedat_formats.hpp"

namespace traceshark::wsmeta {

uint64_t ftrace_machine_key(const FtraceMachine& m)
{
    KeyHasher h;
    h.add(m.hostname);
    h.add(m.uname);
    h.add(m.trace_id);
    h.add(m.header_page);
    h.add(m.header_event);
    for (const auto& f : m.formats) {
        h.add(f.system);
        h.add(f.text);
    }
    h.add(m.kallsyms);
    h.add(m.printk_formats);
    h.add(m.saved_cmdlines);
    return h.value();
}

std::string ftrace_formats_blob(const FtraceMachine& m)
{
    TraceDatFormats f;
    f.params = m.params;
    f.header_page = m.header_page;
    f.header_event = m.header_event;
    f.events.reserve(m.formats.size());
    for (const auto& e : m.formats) f.events.push_back({std::string(e.system), std::string(e.text)});
    return encode_formats(f);
}

std::vector<MetaChunk> ftrace_meta_chunks(const FtraceMachine& m, uint64_t key)
{
    std::vector<MetaChunk> out;
    auto add = [&](std::string_view kind, std::string_view blob) {
        for (auto& c : encode_metadata(key, kind, blob)) out.push_back(std::move(c));
    };
    add(kKindFormats, ftrace_formats_blob(m));
    if (!m.kallsyms.empty()) add(kKindKallsyms, m.kallsyms);
    if (!m.printk_formats.empty()) add(kKindPrintk, m.printk_formats);
    if (!m.saved_cmdlines.empty()) add(kKindCmdlines, m.saved_cmdlines);
    return out;
}

}  // namespace traceshark::wsmeta
