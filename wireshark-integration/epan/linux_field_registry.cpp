#include "ws_compat.h"

#include "linux_field_registry.hpp"
#include "runtime_fields.hpp"

#include <epan/proto.h>

#include <traceevent/event-parse.h>

#include "tracefs_format.hpp"

namespace traceshark::epan {

namespace {

ftenum_t to_ftenum(FieldFt ft)
{
    switch (ft) {
    case FieldFt::Int8: return FT_INT8;
    case FieldFt::Int16: return FT_INT16;
    case FieldFt::Int32: return FT_INT32;
    case FieldFt::Int64: return FT_INT64;
    case FieldFt::Uint8: return FT_UINT8;
    case FieldFt::Uint16: return FT_UINT16;
    case FieldFt::Uint32: return FT_UINT32;
    case FieldFt::Uint64: return FT_UINT64;
    case FieldFt::String: return FT_STRING;
    case FieldFt::Bytes: return FT_BYTES;
    case FieldFt::None: break;
    }
    return FT_NONE;
}

int to_base(FieldBase base) { return base == FieldBase::Hex ? BASE_HEX : base == FieldBase::Dec ? BASE_DEC : BASE_NONE; }

}  // namespace

LinuxFieldRegistry::LinuxFieldRegistry(int proto, std::string cache_path)
    : cache_(std::move(cache_path)), hfs_(std::make_unique<RuntimeFields>(proto))
{
}

LinuxFieldRegistry::~LinuxFieldRegistry() = default;

Registered* LinuxFieldRegistry::field(const std::string& abbrev, std::string_view display, FieldFt ft, FieldBase base,
                                      std::string_view blurb)
{
    auto it = fields_.find(abbrev);
    if (it != fields_.end()) return it->second.get();
    auto r = std::make_unique<Registered>(Registered{-1, ft, base});
    hfs_->add(&r->hf, std::string(display), abbrev, std::string(blurb), to_ftenum(ft), to_base(base));
    return fields_.emplace(abbrev, std::move(r)).first->second.get();
}

void LinuxFieldRegistry::load_cache()
{
    for (const CachedField& c : cache_.load())
        field(filter_name(c.system, c.event, c.field), c.field, c.ft, c.base, c.system + ":" + c.event + " (remembered)");
}

std::vector<FieldPlan> LinuxFieldRegistry::register_event(tep_event* ev)
{
    std::vector<FieldPlan> plan;
    std::vector<std::string> lines;
    const std::string sys = ev->system ? ev->system : "", name = ev->name ? ev->name : "";
    for (tep_format_field* list : {ev->format.common_fields, ev->format.fields}) {
        for (tep_format_field* f = list; f; f = f->next) {
            FieldPlan p;
            p.field = f;
            const std::string fname = f->name ? f->name : "";
            p.type = classify(f->type ? f->type : "", f->size, (f->flags & TEP_FIELD_IS_SIGNED) != 0);
            const std::string blurb = sys + ":" + name + " " + (f->type ? f->type : "");
            p.reg = field(filter_name(sys, name, fname), fname, p.type.ft, p.type.base, blurb);
            p.conflict = p.reg->ft != p.type.ft || p.reg->base != p.type.base;
            if (!p.conflict) lines.push_back(cache_line(sys, name, fname, p.type.ft, p.type.base));
            plan.push_back(p);
        }
    }
    cache_.append(lines);
    return plan;
}

void LinuxFieldRegistry::register_text_format(const std::string& sys, const std::string& ev, std::string_view text)
{
    for (const TextField& f : parse_format_fields(text)) {
        const FieldType t = classify(f.type, f.size, f.is_signed);
        field(filter_name(sys, ev, f.name), f.name, t.ft, t.base, sys + ":" + ev + " " + f.type + " (running kernel)");
    }
}

}  // namespace traceshark::epan
