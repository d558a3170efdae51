#include "etw_field_type.hpp"

#include "linux_field_type.hpp"

namespace traceshark::epan {

EtwFt etw_ft_of(const etl::Value& v)
{
    using K = etl::ValueKind;
    switch (v.kind) {
    case K::Int: return EtwFt::Int64;
    case K::UInt:
    case K::Port: return EtwFt::Uint64;
    case K::HexInt: return EtwFt::Hex64;
    case K::Float: return EtwFt::Double;
    case K::Bool: return EtwFt::Boolean;
    case K::Guid: return EtwFt::Guid;
    case K::IPv4: return v.bytes.size() == 4 ? EtwFt::Ipv4 : EtwFt::String;
    case K::IPv6: return v.bytes.size() == 16 ? EtwFt::Ipv6 : EtwFt::String;
    case K::Binary: return EtwFt::Bytes;
    case K::Array: return v.items.empty() ? EtwFt::String : etw_ft_of(v.items.front());
    default: return EtwFt::String;
    }
}

std::string etw_filter_name(std::string_view provider, std::string_view field_path)
{
    std::string n = std::string(kEtwProtoAbbrev) + "." + sanitize(provider);
    size_t at = 0;
    while (true) {
        const size_t dot = field_path.find('.', at);
        n += "." + sanitize(field_path.substr(at, dot == std::string_view::npos ? std::string_view::npos : dot - at));
        if (dot == std::string_view::npos) break;
        at = dot + 1;
    }
    return n;
}

}  // namespace traceshark::epan
