// Providers from manifests by GUID, and the naming and decoding of their events.
#include <cstdio>

#include "traceshark/etl/manifest_decoder.hpp"

namespace traceshark::etl {
namespace {

std::string numbered(const char* what, unsigned n)
{
    char b[32];
    std::snprintf(b, sizeof b, "%s(%u)", what, n);
    return b;
}

}  // namespace

size_t ManifestSet::add(manifest::Manifest m)
{
    manifests_.push_back(std::move(m));
    size_t added = 0;
    for (const manifest::Provider& p : manifests_.back().providers) {
        if (providers_.count(p.guid)) continue;
        Entry e{&p, {}};
        for (const manifest::Event& ev : p.events) e.events.emplace(uint32_t{ev.id} << 8 | ev.version, &ev);
        providers_.emplace(p.guid, std::move(e));
        ++added;
    }
    return added;
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
    const manifest::Provider& p = *it->second.provider;
    const EventDescriptor& d = rec.descriptor;
    const auto ev_it = it->second.events.find(uint32_t{d.id} << 8 | d.version);
    const manifest::Event* ev = ev_it == it->second.events.end() ? nullptr : ev_it->second;

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
        if (o && o->message.empty()) {
            // PerfView: an opcode without a message is its name less a "win:" prefix, and less the task's name
            // where it starts with it ("GCBulkMovedObjectRanges" in task "GC" -> "BulkMovedObjectRanges").
            std::string_view n = o->name;
            if (n.rfind("win:", 0) == 0) n.remove_prefix(4);
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
    TemplateResult r =
        decode_template(p, p.templates[static_cast<size_t>(ev->template_index)], rec.payload, rec.pointer_size);
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
