// Registry-class details: the key path, the request (access, information class, value type) and, from the
// extra details, what the registry answered.
#include "details.hpp"
#include "names.hpp"
#include "text_format.hpp"
#include "utf16.hpp"

namespace traceshark::procmon::detail {

namespace {

enum RegType : uint32_t { kRegSz = 1, kRegExpandSz = 2, kRegBinary = 3, kRegDword = 4, kRegMultiSz = 7, kRegQword = 11 };

enum KeyInformationClass : uint32_t { kBasic = 0, kNode = 1, kFull = 2, kName = 3, kCached = 4, kFlags = 5, kHandleTags = 7 };
enum KeyValueInformationClass : uint32_t { kValueBasic = 0, kValueFull = 1, kValuePartial = 2 };
enum KeySetInformationClass : uint32_t { kWriteTime = 0, kWow64Flags = 1, kSetHandleTags = 5 };

void add_thousands(DetailContext& c, DetailKey key, uint32_t v) { c.add(key, with_thousands(v), v); }

std::string counted_utf16(ByteReader& r, const char* what)
{
    const uint32_t len = r.u32(what);
    return from_utf16(r.bytes(std::min<uint64_t>(len, r.remaining()), what));
}

// Value data as Procmon prints it in the Detail column.
std::string value_data(ByteReader& r, uint32_t type, uint32_t length)
{
    const uint64_t n = std::min<uint64_t>(length, r.remaining());
    const auto data = r.bytes(n, "value data");
    switch (type) {
    case kRegDword: {
        if (n < 4) return {};
        return std::to_string(data[0] | (data[1] << 8) | (data[2] << 16) | (uint32_t{data[3]} << 24));
    }
    case kRegSz:
    case kRegExpandSz: return from_utf16(data);
    case kRegBinary: {
        static const char* digits = "0123456789ABCDEF";
        std::string s;
        for (size_t i = 0; i < data.size(); ++i) {
            if (i) s += ' ';
            s += digits[data[i] >> 4];
            s += digits[data[i] & 15];
        }
        return s;
    }
    case kRegMultiSz: {
        std::string s;
        size_t start = 0;
        for (size_t i = 0; i + 1 < data.size(); i += 2) {
            if (data[i] || data[i + 1]) continue;
            if (i == start) break;
            if (!s.empty()) s += ", ";
            append_utf16(s, data.subspan(start, i - start));
            start = i + 2;
        }
        if (start + 1 < data.size() && (data[start] || data[start + 1])) {
            if (!s.empty()) s += ", ";
            append_utf16(s, data.subspan(start));
        }
        return s;
    }
    default: return {};  // REG_QWORD and the rest: Procmon's export leaves them empty
    }
}

void open_or_create(DetailContext& c, uint32_t desired_access)
{
    c.event.category = "Read";
    if (desired_access == 0) return;
    const std::string access = registry_access_mask(desired_access);
    c.add(DetailKey::DesiredAccess, access, desired_access);
    if (!c.extra) return;
    const uint32_t granted = c.extra->u32("granted access");
    if (access == "Maximum Allowed") c.add(DetailKey::GrantedAccess, registry_access_mask(granted), granted);
    const uint32_t disposition = c.extra->u32("disposition");
    const std::string_view name = reg_disposition(disposition);
    if (!name.empty()) {
        c.add(DetailKey::Disposition, std::string(name), disposition);
        if (disposition == 1) c.event.category = "Write";  // REG_CREATED_NEW_KEY
    }
}

void query_or_enum_key(DetailContext& c, uint32_t length, uint32_t index, uint32_t info_class)
{
    c.event.category = "Read";
    const bool query = c.event.registry_operation() == RegistryOperation::QueryKey;
    if (query) {
        c.add(DetailKey::Query, std::string(key_information_class(info_class)), info_class);
    } else {
        add_thousands(c, DetailKey::Index, index);
    }
    if (!c.extra) {
        add_thousands(c, DetailKey::Length, length);
        return;
    }
    ByteReader& x = *c.extra;
    switch (info_class) {
    case kName: {
        std::string name = counted_utf16(x, "key name");
        if (!query) c.add(DetailKey::Name, std::move(name));  // a name query's answer is the path itself
        break;
    }
    case kHandleTags: {
        const uint32_t v = x.u32("handle tags");
        c.add(DetailKey::HandleTags, hex(v), v);
        break;
    }
    case kFlags: {
        const uint32_t v = x.u32("user flags");
        c.add(DetailKey::UserFlags, hex(v), v);
        break;
    }
    case kCached: {  // KEY_CACHED_INFORMATION
        x.skip(12, "key information");
        const uint32_t subkeys = x.u32("subkeys");
        x.skip(4, "key information");
        const uint32_t values = x.u32("values");
        add_thousands(c, DetailKey::SubKeys, subkeys);
        add_thousands(c, DetailKey::Values, values);
        break;
    }
    case kBasic: {  // KEY_BASIC_INFORMATION
        x.skip(12, "key information");
        c.add(DetailKey::Name, counted_utf16(x, "key name"));
        break;
    }
    case kFull: {  // KEY_FULL_INFORMATION
        x.skip(20, "key information");
        const uint32_t subkeys = x.u32("subkeys");
        x.skip(8, "key information");
        const uint32_t values = x.u32("values");
        add_thousands(c, DetailKey::SubKeys, subkeys);
        add_thousands(c, DetailKey::Values, values);
        break;
    }
    case kNode: {  // KEY_NODE_INFORMATION
        x.skip(20, "key information");
        c.add(DetailKey::Name, counted_utf16(x, "key name"));
        break;
    }
    default: break;
    }
}

void query_or_enum_value(DetailContext& c, uint32_t length, uint32_t index, uint32_t info_class)
{
    c.event.category = "Read";
    const bool enumerate = c.event.registry_operation() == RegistryOperation::EnumValue;
    if (enumerate) add_thousands(c, DetailKey::Index, index);
    if (!c.extra) {
        add_thousands(c, DetailKey::Length, length);
        return;
    }
    ByteReader& x = *c.extra;
    x.skip(4, "value information");
    const uint32_t type = x.u32("value type");
    uint32_t data_length = 0;
    if (info_class == kValueFull) {
        const uint32_t data_offset = x.u32("value data offset");
        data_length = x.u32("value data length");
        std::string name = counted_utf16(x, "value name");
        if (enumerate) c.add(DetailKey::Name, std::move(name));
        x.seek(data_offset, "value data");
    } else if (info_class == kValuePartial) {
        data_length = x.u32("value data length");
    } else {
        c.add(DetailKey::Type, reg_type_name(type), type);
        return;
    }
    c.add(DetailKey::Type, reg_type_name(type), type);
    add_thousands(c, DetailKey::Length, data_length);
    if (data_length > 0) c.add(DetailKey::Data, value_data(x, type, data_length));
}

}  // namespace

void decode_registry_details(DetailContext& c)
{
    ByteReader& in = c.in;
    const uint16_t path = in.u16("key path info");
    using enum RegistryOperation;
    const RegistryOperation op = c.event.registry_operation();
    uint32_t a = 0, b = 0, d = 0, e = 0;
    uint16_t second_string = 0;
    switch (op) {
    case LoadKey:
    case RenameKey: second_string = in.u16("new path info"); break;
    case OpenKey:
    case CreateKey:
        in.skip(2, "registry details");
        a = in.u32("desired access");
        break;
    case QueryKey:
    case QueryValue:
        in.skip(2, "registry details");
        a = in.u32("length");
        d = in.u32("information class");
        break;
    case EnumKey:
    case EnumValue:
        in.skip(2, "registry details");
        a = in.u32("length");
        b = in.u32("index");
        d = in.u32("information class");
        break;
    case SetInfoKey:
        in.skip(2, "registry details");
        d = in.u32("information class");
        in.skip(4, "registry details");
        a = in.u16("length");
        in.skip(2, "registry details");
        break;
    case SetValue:
        in.skip(2, "registry details");
        d = in.u32("value type");
        a = in.u32("length");
        e = in.u16("data length");  // the captured part; the next two bytes are not part of it
        in.skip(2, "registry details");
        break;
    default: break;
    }
    c.event.path = c.read_string(path);

    switch (op) {
    case OpenKey:
    case CreateKey: open_or_create(c, a); break;
    case QueryKey:
    case EnumKey: query_or_enum_key(c, a, b, d); break;
    case QueryValue:
    case EnumValue: query_or_enum_value(c, a, b, d); break;
    case SetInfoKey: {
        c.event.category = "Write Metadata";
        c.add(DetailKey::KeySetInformationClass, std::string(key_set_information_class(d)), d);
        c.add(DetailKey::Length, with_thousands(a), a);
        if (a == 0) break;
        if (d == kWriteTime) {
            c.add(DetailKey::LastWriteTime, filetime_date_time(in.u64("last write time")));
        } else if (d == kWow64Flags) {
            const uint32_t v = in.u32("wow64 flags");
            c.add(DetailKey::Wow64Flags, hex(v), v);
        } else if (d == kSetHandleTags) {
            const uint32_t v = in.u32("handle tags");
            c.add(DetailKey::HandleTags, hex(v), v);
        }
        break;
    }
    case SetValue: {
        c.event.category = "Write";
        const std::string type = reg_type_name(d);
        c.add(DetailKey::Type, type, d);
        c.add(DetailKey::Length, with_thousands(a), a);
        const uint32_t n = std::min(a, e);
        if (n > 0 && type.find("Unknown") == std::string::npos) c.add(DetailKey::Data, value_data(in, d, n));
        break;
    }
    case LoadKey: c.add(DetailKey::HivePath, c.read_string(second_string)); break;
    case RenameKey:
        c.event.category = "Write";
        c.add(DetailKey::NewName, c.read_string(second_string));
        break;
    case DeleteKey:
    case DeleteValue: c.event.category = "Write"; break;
    case QueryMultipleValueKey: c.event.category = "Read"; break;
    case SetKeySecurity: c.event.category = "Write Metadata"; break;
    case QueryKeySecurity: c.event.category = "Read Metadata"; break;
    default: break;
    }
}

}  // namespace traceshark::procmon::detail
