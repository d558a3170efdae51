// TDH's TRACE_EVENT_INFO and EVENT_MAP_INFO as KernelTraceControl stores them in MetaData events, read into our
// manifest model (a template of data items, a map) so the manifest template decoder decodes the events they
// describe. Layouts (all little-endian, offsets from the start of the structure):
//   TRACE_EVENT_INFO: ProviderGuid @0, EventGuid @16, EVENT_DESCRIPTOR @32 (Id u16, Version, Channel, Level,
//     Opcode u8, Task u16, Keyword u64), DecodingSource @48, then u32 offsets of strings: ProviderName @52,
//     Level @56, Channel @60, Keywords @64, Task @68, Opcode @72, EventMessage @76, ProviderMessage @80,
//     BinaryXML @84 (+ size @88), EventName @92, EventAttributes @96; PropertyCount @100, TopLevelPropertyCount
//     @104, Flags @108, EVENT_PROPERTY_INFO[PropertyCount] @112.
//   EVENT_PROPERTY_INFO (24 bytes): Flags u32, NameOffset u32, then InType u16 + OutType u16 + MapNameOffset u32
//     (or, for a struct, StructStartIndex u16 + NumOfStructMembers u16), count-or-count-index u16,
//     length-or-length-index u16, reserved/tags u32.
//   EVENT_MAP_INFO: NameOffset u32, Flag u32, EntryCount u32, ValueType/FormatStringOffset u32, then
//     EVENT_MAP_ENTRY[EntryCount] (OutputOffset u32, Value u32).
// Strings are NUL-terminated UTF-16 at their offset. Every offset and count is checked against the buffer.
#include <algorithm>
#include <cctype>

#include "../decode/cursor.hpp"
#include "traceshark/etl/kernel_trace_control.hpp"

namespace traceshark::etl::kernel_trace_control {
namespace {

constexpr size_t kHeaderSize = 112;
constexpr size_t kPropertySize = 24;
constexpr size_t kMapHeaderSize = 16;
constexpr size_t kMapEntrySize = 8;

// PROPERTY_FLAGS
constexpr uint32_t kPropertyStruct = 0x1, kParamLength = 0x2, kParamCount = 0x4, kParamFixedLength = 0x10,
                   kParamFixedCount = 0x20;
// MAP_FLAGS: TraceEvent reads manifest value and bit maps only.
constexpr uint32_t kManifestValueMap = 0x1, kManifestBitMap = 0x2;

uint32_t u32_at(std::span<const uint8_t> b, size_t off)
{
    return uint32_t{b[off]} | uint32_t{b[off + 1]} << 8 | uint32_t{b[off + 2]} << 16 | uint32_t{b[off + 3]} << 24;
}
uint16_t u16_at(std::span<const uint8_t> b, size_t off) { return static_cast<uint16_t>(b[off] | b[off + 1] << 8); }

// The string at `off` (0 = none); false when the offset is outside the buffer.
bool string_at(std::span<const uint8_t> b, uint32_t off, std::string& out)
{
    out.clear();
    if (off == 0) return true;
    if (off >= b.size()) return false;
    detail::Cursor c(b.subspan(off));
    out = c.utf16z();
    return true;
}

// TraceEvent's MakeLegalIdentifier: spaces dropped, '-' becomes '_'.
std::string legal_identifier(std::string s)
{
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    std::replace(s.begin(), s.end(), '-', '_');
    return s;
}

std::string trimmed(std::string s)
{
    const auto not_space = [](unsigned char ch) { return ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n'; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

// TDH output types that change how a value reads (the others keep the in-type's default).
manifest::OutType out_type(uint16_t t)
{
    using O = manifest::OutType;
    switch (t) {
    case 1: return O::String;
    case 2: return O::DateTime;
    case 13: return O::Boolean;
    case 15: return O::HexBinary;
    case 16: case 17: case 18: case 19: return O::HexInt;
    case 20: return O::Pid;
    case 21: return O::Tid;
    case 22: return O::Port;
    case 23: return O::IPv4;
    case 24: return O::IPv6;
    case 25: return O::SocketAddress;
    case 28: return O::Xml;
    case 30: return O::Win32Error;
    case 31: return O::NtStatus;
    case 32: return O::HResult;
    case 34: return O::Json;
    case 35: return O::Utf8;
    default: return O::Default;
    }
}

bool is_string(manifest::InType t)
{
    using I = manifest::InType;
    return t == I::UnicodeString || t == I::AnsiString || t == I::CountedString || t == I::CountedAnsiString;
}

class PropertyReader {
public:
    PropertyReader(std::span<const uint8_t> info, uint32_t count) : info_(info), count_(count) {}

    // Reads properties [first, first + n) into `items`; stops (with `problem`) at the first it cannot represent.
    bool read(uint32_t first, uint32_t n, size_t depth, std::vector<manifest::DataItem>& items, std::string& problem)
    {
        if (depth > kMaxNesting) return fail(problem, "structs nested deeper than " + std::to_string(kMaxNesting));
        if (first > count_ || n > count_ - first)
            return fail(problem, "properties " + std::to_string(first) + "+" + std::to_string(n) + " exceed the " +
                                     std::to_string(count_) + " the event has");
        for (uint32_t i = first; i < first + n; ++i) {
            if (++visited_ > count_) return fail(problem, "struct members overlap (more properties visited than exist)");
            const size_t at = kHeaderSize + size_t{i} * kPropertySize;
            const uint32_t flags = u32_at(info_, at);
            manifest::DataItem d;
            if (!string_at(info_, u32_at(info_, at + 4), d.name))
                return fail(problem, "property " + std::to_string(i) + " name offset outside the " +
                                         std::to_string(info_.size()) + "-byte info");
            // TraceEvent keeps only identifier characters of a property name.
            d.name.erase(std::remove_if(d.name.begin(), d.name.end(),
                                        [](unsigned char ch) { return !(std::isalnum(ch) || ch == '_'); }),
                         d.name.end());
            const uint16_t count_or_index = u16_at(info_, at + 16), length_or_index = u16_at(info_, at + 18);
            if (flags & kPropertyStruct) {
                d.in_type = manifest::InType::Struct;
                if (!read(u16_at(info_, at + 8), u16_at(info_, at + 10), depth + 1, d.members, problem)) return false;
            } else {
                const uint16_t in = u16_at(info_, at + 8);
                if (in == 0 || in > static_cast<uint16_t>(manifest::InType::CountedBinary) ||
                    in == static_cast<uint16_t>(manifest::InType::Struct))
                    return fail(problem, "property '" + d.name + "' has in-type " + std::to_string(in) +
                                             ", which the decoder does not read");
                d.in_type = static_cast<manifest::InType>(in);
                d.out_type = out_type(u16_at(info_, at + 10));
                std::string map;
                if (!string_at(info_, u32_at(info_, at + 12), map))
                    return fail(problem, "property '" + d.name + "' map name offset outside the info");
                d.map = map;
            }
            if (!size_ref(flags & kParamCount, flags & kParamFixedCount, count_or_index, true, d.count, d, problem) ||
                !size_ref(flags & kParamLength, flags & kParamFixedLength, length_or_index, false, d.length, d, problem))
                return false;
            items.push_back(std::move(d));
            names_.resize(std::max<size_t>(names_.size(), i + 1));
            names_[i] = items.back().name;
        }
        return true;
    }

private:
    // count: ParamCount names the property holding it; ParamFixedCount or a constant above 1 is an array of
    // that many. length: ParamLength names the property; otherwise a non-zero length fixes the size of a
    // string or binary value (integers carry their own width there, which the in-type already says).
    bool size_ref(bool param, bool fixed, uint16_t v, bool is_count, manifest::SizeRef& out,
                  const manifest::DataItem& d, std::string& problem)
    {
        if (param) {
            if (v >= names_.size() || names_[v].empty())
                return fail(problem, "property '" + d.name + "' takes its " + (is_count ? "count" : "length") +
                                         " from property " + std::to_string(v) + ", which is not an earlier one");
            out.kind = manifest::SizeRef::Kind::Field;
            out.field = names_[v];
            return true;
        }
        const bool sized = is_count ? (fixed || v > 1)
                                    : v > 0 && (fixed || is_string(d.in_type) ||
                                                d.in_type == manifest::InType::Binary);
        if (sized) {
            out.kind = manifest::SizeRef::Kind::Constant;
            out.constant = v;
        }
        return true;
    }
    static bool fail(std::string& problem, std::string what)
    {
        problem = std::move(what);
        return false;
    }

    std::span<const uint8_t> info_;
    uint32_t count_;
    size_t visited_ = 0;
    std::vector<std::string> names_;  // by property index, once read
};

}  // namespace

bool parse_event_info(std::span<const uint8_t> info, EventSchema& s, std::string& problem)
{
    if (info.size() < kHeaderSize) {
        problem = "TRACE_EVENT_INFO of " + std::to_string(info.size()) + " bytes, less than its 112-byte header";
        return false;
    }
    if (info.size() > kMaxInfoBytes) {
        problem = "TRACE_EVENT_INFO of " + std::to_string(info.size()) + " bytes, more than the 1 MiB accepted";
        return false;
    }
    s.provider = Guid::from_bytes(info.data());
    s.event_guid = Guid::from_bytes(info.data() + 16);
    s.descriptor.id = u16_at(info, 32);
    s.descriptor.version = info[34];
    s.descriptor.channel = info[35];
    s.descriptor.level = info[36];
    s.descriptor.opcode = info[37];
    s.descriptor.task = u16_at(info, 38);
    s.classic = u32_at(info, 48) == 1;  // DecodingSourceWbem: a MOF class
    const uint32_t property_count = u32_at(info, 100), top_level = u32_at(info, 104);
    if (property_count > kMaxProperties || top_level > property_count ||
        kHeaderSize + size_t{property_count} * kPropertySize > info.size()) {
        problem = "TRACE_EVENT_INFO property array (" + std::to_string(property_count) + " of 24 bytes at offset 112, " +
                  std::to_string(top_level) + " top-level) does not fit its " + std::to_string(info.size()) + " bytes";
        return false;
    }
    std::string text;
    if (!string_at(info, u32_at(info, 52), s.provider_name) || !string_at(info, u32_at(info, 68), s.task_name) ||
        !string_at(info, u32_at(info, 72), text)) {
        problem = "TRACE_EVENT_INFO name offset outside its " + std::to_string(info.size()) + " bytes";
        return false;
    }
    if (s.provider_name.empty()) s.provider_name = "UnknownProvider";  // TraceEvent's name for it
    s.task_name = legal_identifier(trimmed(s.task_name));
    text = trimmed(text);
    if (text.rfind("win:", 0) == 0) text.erase(0, 4);
    s.opcode_name = legal_identifier(text);
    PropertyReader reader(info, property_count);
    reader.read(0, top_level, 0, s.tmpl.items, s.problem);
    return true;
}

bool parse_map_info(std::span<const uint8_t> payload, Guid& provider, manifest::Map& map, std::string& problem)
{
    if (payload.size() < 16 + kMapHeaderSize || payload.size() > kMaxInfoBytes) {
        problem = "EventMapInfo payload of " + std::to_string(payload.size()) +
                  " bytes (a GUID and a 16-byte EVENT_MAP_INFO header at least, 1 MiB at most)";
        return false;
    }
    provider = Guid::from_bytes(payload.data());
    const std::span<const uint8_t> m = payload.subspan(16);
    const uint32_t flag = u32_at(m, 4), entries = u32_at(m, 8);
    if (flag != kManifestValueMap && flag != kManifestBitMap) {
        problem = "EVENT_MAP_INFO flag 0x" + std::to_string(flag) + " (only manifest value and bit maps are read)";
        return false;
    }
    if (entries > kMaxMapEntries || kMapHeaderSize + size_t{entries} * kMapEntrySize > m.size()) {
        problem = "EVENT_MAP_INFO with " + std::to_string(entries) + " entries does not fit its " +
                  std::to_string(m.size()) + " bytes";
        return false;
    }
    if (!string_at(m, u32_at(m, 0), map.name) || map.name.empty()) {
        problem = "EVENT_MAP_INFO without a name inside its bytes";
        return false;
    }
    map.bitmap = flag == kManifestBitMap;
    for (uint32_t i = 0; i < entries; ++i) {
        const size_t at = kMapHeaderSize + size_t{i} * kMapEntrySize;
        manifest::MapEntry e;
        e.value = u32_at(m, at + 4);
        if (!string_at(m, u32_at(m, at), e.message)) {
            problem = "EVENT_MAP_INFO entry " + std::to_string(i) + " name offset outside the map";
            return false;
        }
        e.message = trimmed(std::move(e.message));
        map.entries.push_back(std::move(e));
    }
    return true;
}

}  // namespace traceshark::etl::kernel_trace_control
