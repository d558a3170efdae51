// Providers from manifests by GUID, and the naming and decoding of their events.
#include <cstdio>

#include "../kernel/kernel_network.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_providers.hpp"
#include "traceshark/etl/manifest_decoder.hpp"

namespace traceshark::etl {
namespace {

std::string numbered(const char* what, unsigned n)
{
    char b[32];
    std::snprintf(b, sizeof b, "%s(%u)", what, n);
    return b;
}

// Kernel-Network payloads by their TcpIp/UdpIp layout where it fits under the template's names
// (kernel/kernel_network.hpp).
void take_kernel_network_layout(const EventRecord& rec, const manifest::Template& tmpl, TemplateResult& r)
{
    std::vector<Field> native;
    if (!kernel_detail::decode_kernel_network(rec.descriptor.id, rec.payload, rec.pointer_size, native)) return;
    if (native.size() != tmpl.items.size()) return;
    for (size_t i = 0; i < native.size(); ++i)
        if (native[i].name != tmpl.items[i].name) return;
    r.fields = std::move(native);
    r.problem.clear();
    r.consumed = rec.payload.size();
}

}  // namespace

size_t ManifestSet::add(manifest::Manifest m)
{
    manifests_.push_back(std::move(m));
    size_t added = 0;
    for (const manifest::Provider& p : manifests_.back().providers) {
        auto [it, is_new] = providers_.try_emplace(p.guid, Entry{&p, {}});
        added += is_new;
        for (const manifest::Event& ev : p.events)
            it->second.events[uint32_t{ev.id} << 8 | ev.version].push_back(EventEntry{&p, &ev});
    }
    return added;
}

const manifest::Provider* ManifestSet::find_event(const Guid& provider, uint16_t id, uint8_t version) const
{
    const auto it = providers_.find(provider);
    if (it == providers_.end()) return nullptr;
    const auto ev = it->second.events.find(uint32_t{id} << 8 | version);
    return ev == it->second.events.end() ? nullptr : ev->second.front().provider;
}

const manifest::Provider* ManifestSet::find(const Guid& provider) const
{
    const auto it = providers_.find(provider);
    return it == providers_.end() ? nullptr : it->second.provider;
}

bool ManifestSet::decode(const EventRecord& rec, DecodedEvent& out, const ValueFormatter& formatter) const
{
    const auto it = providers_.find(rec.provider);
    if (it == providers_.end()) return false;
    const EventDescriptor& d = rec.descriptor;
    const auto ev_it = it->second.events.find(uint32_t{d.id} << 8 | d.version);
    // The manifest whose template fits the payload exactly, among those with this version (else the first).
    const EventEntry* chosen = nullptr;
    TemplateResult decoded;
    if (ev_it != it->second.events.end()) {
        for (const EventEntry& c : ev_it->second) {
            TemplateResult r;
            bool fits = rec.payload.empty();
            if (c.event->template_index >= 0) {
                r = decode_template(*c.provider, c.provider->templates[static_cast<size_t>(c.event->template_index)],
                                    rec.payload, rec.pointer_size);
                fits = r.problem.empty() && r.consumed == rec.payload.size();
            }
            if (!chosen || fits) {
                chosen = &c;
                decoded = std::move(r);
            }
            if (fits) break;
        }
    }
    const manifest::Event* ev = chosen ? chosen->event : nullptr;
    // Names, maps and templates from the manifest chosen; the first one's for unknown versions.
    const manifest::Provider& p = chosen ? *chosen->provider : *it->second.provider;

    out.provider = p.name;
    if (const manifest::Task* t = p.find_task(d.task); t && d.task != 0) {
        out.task = t->display();
    } else {
        const manifest::Event* named = ev;
        if (!named)
            for (const manifest::Event& e : p.events)
                if (e.id == d.id) named = &e;
        out.task = named && !named->symbol.empty() ? named->symbol : numbered("EventID", d.id);
    }
    out.opcode.clear();
    if (d.opcode != 0) {
        const manifest::Named* o = p.find_opcode(d.task, d.opcode);
        out.opcode = o ? o->display() : numbered("Opcode", d.opcode);
        if (o) {
            // PerfView: an opcode is its message, or without one its name less a "win:" prefix; either loses the
            // task's name where it starts with it (ClrTraceEventParser: opcode "GCGenerationRange", message
            // "GCGenerationRange", in task "GC" -> "GC/GenerationRange").
            std::string_view n = o->message.empty() ? std::string_view(o->name) : std::string_view(o->message);
            if (o->message.empty() && n.rfind("win:", 0) == 0) n.remove_prefix(4);
            if (n.size() > out.task.size() && n.compare(0, out.task.size(), out.task) == 0) n.remove_prefix(out.task.size());
            out.opcode = std::string(n);
        }
    }
    if (!ev) return true;  // an id or version the manifest lacks: names only
    if (ev->template_index < 0) {
        out.decoded = true;
        if (!rec.payload.empty()) out.problem = std::to_string(rec.payload.size()) + " payload bytes, no template";
        out.message = ev->message;
        return true;
    }
    // Bytes after the template's last item are not a problem: TDH ignores them too (runtimes append fields
    // without a version bump).
    TemplateResult& r = decoded;
    const manifest::Template& tmpl = p.templates[static_cast<size_t>(ev->template_index)];
    if (rec.provider == kernel::kKernelNetworkGuid) take_kernel_network_layout(rec, tmpl, r);
    out.fields = std::move(r.fields);
    out.problem = std::move(r.problem);
    out.decoded = true;
    if (!ev->message.empty() && formatter) {
        std::vector<std::string> texts;
        texts.reserve(out.fields.size());
        for (const Field& f : out.fields) texts.push_back(formatter(f.value));
        out.message = manifest::render_message(ev->message, texts);
    }
    return true;
}

}  // namespace traceshark::etl
