#include "linux_field_type.hpp"

#include <cctype>

namespace traceshark::epan {

namespace {

bool has_word(std::string_view type, std::string_view word)
{
    size_t pos = 0;
    while ((pos = type.find(word, pos)) != std::string_view::npos) {
        auto is_id = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
        bool left = pos == 0 || !is_id(type[pos - 1]);
        bool right = pos + word.size() >= type.size() || !is_id(type[pos + word.size()]);
        if (left && right) return true;
        pos += word.size();
    }
    return false;
}

bool char_element(std::string_view t)
{
    // "char", "const char", "signed char" are text; "unsigned char" / u8 arrays are bytes.
    while (t.starts_with("const ")) t.remove_prefix(6);
    if (t.starts_with("signed ")) t.remove_prefix(7);
    return t.starts_with("char") && (t.size() == 4 || t[4] == '[' || t[4] == ' ');
}

FieldFt int_ft(int size, bool is_signed)
{
    switch (size) {
    case 1: return is_signed ? FieldFt::Int8 : FieldFt::Uint8;
    case 2: return is_signed ? FieldFt::Int16 : FieldFt::Uint16;
    case 4: return is_signed ? FieldFt::Int32 : FieldFt::Uint32;
    default: return is_signed ? FieldFt::Int64 : FieldFt::Uint64;
    }
}

struct TypeName {
    FieldFt ft;
    const char* name;
};
constexpr TypeName kTypeNames[] = {
    {FieldFt::Int8, "FT_INT8"},   {FieldFt::Int16, "FT_INT16"},   {FieldFt::Int32, "FT_INT32"},
    {FieldFt::Int64, "FT_INT64"}, {FieldFt::Uint8, "FT_UINT8"},   {FieldFt::Uint16, "FT_UINT16"},
    {FieldFt::Uint32, "FT_UINT32"}, {FieldFt::Uint64, "FT_UINT64"}, {FieldFt::String, "FT_STRING"},
    {FieldFt::Bytes, "FT_BYTES"},
};

}  // namespace

FieldType classify(std::string_view type, int size, bool is_signed)
{
    FieldType f;
    if (type.starts_with("__data_loc ") || type.starts_with("__rel_loc ")) {
        f.dynamic = true;
        f.relative = type.starts_with("__rel_loc ");
        std::string_view elem = type.substr(type.find(' ') + 1);
        f.kind = char_element(elem) ? FieldKind::String : FieldKind::Bytes;
        f.ft = f.kind == FieldKind::String ? FieldFt::String : FieldFt::Bytes;
        return f;
    }
    if (type.find('[') != std::string_view::npos) {
        f.kind = char_element(type) ? FieldKind::String : FieldKind::Bytes;
        f.ft = f.kind == FieldKind::String ? FieldFt::String : FieldFt::Bytes;
        return f;
    }
    if (size != 1 && size != 2 && size != 4 && size != 8) return f;  // bytes
    f.kind = FieldKind::Int;
    f.is_signed = is_signed;
    const bool pointer = type.find('*') != std::string_view::npos;
    const bool is_long = has_word(type, "long") && type.find("long long") == std::string_view::npos;
    if (pointer || is_long) {
        // Read (and sign-extended) as signed, shown as the unsigned hex pattern.
        f.ft = int_ft(size, false);
        f.base = FieldBase::Hex;
        return f;
    }
    f.ft = int_ft(size, is_signed);
    f.base = FieldBase::Dec;
    return f;
}

const char* ft_name(FieldFt ft)
{
    for (const auto& t : kTypeNames)
        if (t.ft == ft) return t.name;
    return nullptr;
}

std::optional<FieldFt> ft_from_name(std::string_view n)
{
    for (const auto& t : kTypeNames)
        if (n == t.name) return t.ft;
    return std::nullopt;
}

const char* base_name(FieldBase base)
{
    return base == FieldBase::Hex ? "BASE_HEX" : base == FieldBase::Dec ? "BASE_DEC" : "BASE_NONE";
}

std::optional<FieldBase> base_from_name(std::string_view n)
{
    if (n == "BASE_HEX") return FieldBase::Hex;
    if (n == "BASE_DEC") return FieldBase::Dec;
    if (n == "BASE_NONE") return FieldBase::None;
    return std::nullopt;
}

bool is_int_ft(FieldFt ft) { return ft != FieldFt::String && ft != FieldFt::Bytes && ft != FieldFt::None; }

bool valid_combo(FieldFt ft, FieldBase base)
{
    if (ft == FieldFt::None) return false;
    if (ft == FieldFt::String || ft == FieldFt::Bytes) return base == FieldBase::None;
    if (ft == FieldFt::Int8 || ft == FieldFt::Int16 || ft == FieldFt::Int32 || ft == FieldFt::Int64)
        return base == FieldBase::Dec;
    return base == FieldBase::Dec || base == FieldBase::Hex;
}

std::string sanitize(std::string_view s)
{
    if (s.empty()) return std::string(1, '_');
    std::string out(s);
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
    return out;
}

std::string filter_name(std::string_view sys, std::string_view ev, std::string_view field)
{
    std::string n = std::string(kLinuxProtoAbbrev) + ".data.";
    n += sanitize(sys);
    n += '.';
    n += sanitize(ev);
    n += '.';
    n += sanitize(field);
    return n;
}

}  // namespace traceshark::epan
