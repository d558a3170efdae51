#include "ws_compat.h"

#include "etw_field_registry.hpp"
#include "runtime_fields.hpp"

#include <epan/proto.h>

namespace traceshark::epan {

namespace {

void ws_type(EtwFt ft, ftenum_t& type, int& display)
{
    display = BASE_NONE;
    switch (ft) {
    case EtwFt::Int64: type = FT_INT64; display = BASE_DEC; return;
    case EtwFt::Uint64: type = FT_UINT64; display = BASE_DEC; return;
    case EtwFt::Hex64: type = FT_UINT64; display = BASE_HEX; return;
    case EtwFt::Double: type = FT_DOUBLE; return;
    case EtwFt::Boolean: type = FT_BOOLEAN; return;
    case EtwFt::Guid: type = FT_GUID; return;
    case EtwFt::Ipv4: type = FT_IPv4; return;
    case EtwFt::Ipv6: type = FT_IPv6; return;
    case EtwFt::Bytes: type = FT_BYTES; return;
    case EtwFt::String: type = FT_STRING; return;
    }
    type = FT_STRING;
}

}  // namespace

EtwFieldRegistry::EtwFieldRegistry(int proto) : hfs_(std::make_unique<RuntimeFields>(proto)) {}

EtwFieldRegistry::~EtwFieldRegistry() = default;

const EtwRegistered& EtwFieldRegistry::field(const std::string& abbrev, const std::string& display, EtwFt ft,
                                             const std::string& blurb)
{
    auto it = fields_.find(abbrev);
    if (it != fields_.end()) return *it->second;
    auto r = std::make_unique<EtwRegistered>(EtwRegistered{-1, ft});
    ftenum_t type;
    int base;
    ws_type(ft, type, base);
    hfs_->add(&r->hf, display, abbrev, blurb, type, base);
    return *fields_.emplace(abbrev, std::move(r)).first->second;
}

const EtwRegistered& EtwFieldRegistry::field_of(const std::string& provider, const std::string& path,
                                                const std::string& display, EtwFt ft)
{
    auto& paths = by_path_[provider];
    if (const auto it = paths.find(path); it != paths.end()) return *it->second;
    const EtwRegistered& r = field(etw_filter_name(provider, path), display, ft, provider + " " + path);
    paths.emplace(path, &r);
    return r;
}

void EtwFieldRegistry::register_fields(const std::string& provider, const std::vector<etl::Field>& fields)
{
    struct Walk {
        EtwFieldRegistry& reg;
        const std::string& provider;
        void operator()(const std::string& path, const etl::Field& f)
        {
            const std::string p = path.empty() ? f.name : path + "." + f.name;
            reg.field_of(provider, p, f.name, etw_ft_of(f.value));
            const etl::Value* structure = &f.value;
            if (f.value.kind == etl::ValueKind::Array && !f.value.items.empty()) structure = &f.value.items.front();
            if (structure->kind == etl::ValueKind::Struct)
                for (const etl::Field& m : structure->fields) (*this)(p, m);
        }
    } walk{*this, provider};
    for (const etl::Field& f : fields) walk("", f);
}

}  // namespace traceshark::epan
