#include "traceshark/etl/tracelogging_decoder.hpp"

#include <algorithm>
#include <bit>
#include <unordered_map>

#include "../decode/cursor.hpp"
#include "../decode/values.hpp"

namespace traceshark::etl {
namespace tracelogging {

using detail::Cursor;

namespace {

enum InType : uint8_t {
    kNull = 0, kUnicodeString, kAnsiString, kInt8, kUInt8, kInt16, kUInt16, kInt32, kUInt32, kInt64, kUInt64,
    kFloat, kDouble, kBool32, kBinary, kGuid, kPointer, kFileTime, kSystemTime, kSid, kHexInt32, kHexInt64,
    kCountedString, kCountedAnsiString, kStruct, kCountedBinary,
};
enum OutType : uint8_t {
    kOutString = 2, kOutBoolean = 3, kOutHex = 4, kOutPort = 7, kOutIPv4 = 8, kOutIPv6 = 9,
    kOutWin32Error = 13, kOutNTStatus = 14, kOutHResult = 15, kOutFileTime = 16, kOutSigned = 17, kOutUnsigned = 18,
    kOutUtf8 = 0x23,
    kOutCodePointer = 0x25,
};

// 1-4 bytes, 7 bits each, continuing while the high bit is set (a 28-bit value).
uint32_t read_tags(Cursor& c)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        const uint8_t b = c.u8();
        if (c.failed) return v;
        v = v << 7 | (b & 0x7F);
        if (!(b & 0x80)) return v;
    }
    return v;  // a 4th byte with the high bit set: stop there
}

std::string utf8z(Cursor& c)
{
    std::string s;
    const size_t r = c.remaining();
    size_t n = 0;
    Cursor peek = c;
    const uint8_t* p = peek.take(r);
    while (p && n < r && p[n] != 0) ++n;
    if (n == r) {
        c.failed = true;
        return s;
    }
    s.assign(reinterpret_cast<const char*>(p), n);
    c.take(n + 1);
    return s;
}

// Builds the struct tree from the flat list: a struct takes the next out_type fields as its members.
bool build(std::vector<FieldDef>& flat, size_t& i, size_t want, size_t depth, std::vector<FieldDef>& out,
           std::string& problem)
{
    for (size_t k = 0; (want == SIZE_MAX || k < want) && i < flat.size(); ++k) {
        FieldDef f = std::move(flat[i++]);
        if (f.in_type == kStruct) {
            if (depth >= kMaxNesting) {
                problem = "structs nested deeper than " + std::to_string(kMaxNesting);
                return false;
            }
            if (!build(flat, i, f.out_type, depth + 1, f.members, problem)) {
                out.push_back(std::move(f));
                return false;
            }
        }
        out.push_back(std::move(f));
    }
    return true;
}

bool valid_utf8(const std::string& s)
{
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<uint8_t>(s[i]);
        size_t n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
        if (n == 9 || i + n >= s.size() + (n ? 0 : 1)) return false;
        for (size_t k = 1; k <= n; ++k)
            if ((static_cast<uint8_t>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n + 1;
    }
    return true;
}

std::string ansi_text(const uint8_t* p, size_t n, uint8_t out_type)
{
    std::string raw(reinterpret_cast<const char*>(p), n);
    if (out_type == kOutUtf8 || valid_utf8(raw)) return raw;
    std::string s;
    detail::append_ansi(s, p, n);
    return s;
}

struct Decoder {
    Cursor c;
    uint8_t P;
    size_t budget;  // values still allowed: bounds arrays of empty items (Null, empty structs)
    std::string problem;

    bool fail(const FieldDef& f, const char* what)
    {
        if (problem.empty())
            problem = std::string(what) + " in field " + f.name + " at payload offset " + std::to_string(c.pos());
        return false;
    }

    bool scalar(const FieldDef& f, Value& v, size_t depth)
    {
        if (budget == 0) return fail(f, "too many values");
        --budget;
        const uint8_t out = f.out_type;
        switch (f.in_type) {
        case kNull: v = Value{}; return true;
        case kUnicodeString: v = Value::make_string(c.utf16z()); break;
        case kAnsiString: {
            const size_t r = c.remaining();
            Cursor peek = c;
            const uint8_t* p = peek.take(r);
            size_t n = 0;
            while (p && n < r && p[n] != 0) ++n;
            if (r == 0) return fail(f, "payload too short");
            v = Value::make_string(ansi_text(p, n, out));
            c.take(n < r ? n + 1 : n);
            break;
        }
        case kInt8: case kUInt8: case kInt16: case kUInt16: case kInt32: case kUInt32: case kInt64:
        case kUInt64: {
            const uint8_t size = static_cast<uint8_t>(1u << ((f.in_type - kInt8) / 2));
            const bool is_signed = out == kOutSigned || (out != kOutUnsigned && (f.in_type - kInt8) % 2 == 0);
            if (out == kOutPort && size == 2) {
                v = Value::make_uint(c.u16be(), 2, ValueKind::Port);
                break;
            }
            if (out == kOutIPv4 && size == 4) {
                const uint8_t* p = c.take(4);
                if (p) v = detail::make_bytes(ValueKind::IPv4, {p, 4});
                break;
            }
            const uint64_t raw = c.uint(size);
            if (out == kOutBoolean) {
                v = detail::make_bool(raw != 0);
                v.size = size;
            } else if (out == kOutHex || out == kOutWin32Error || out == kOutNTStatus || out == kOutHResult ||
                       out == kOutCodePointer) {
                v = Value::make_uint(raw, size, ValueKind::HexInt);
            } else if (out == kOutFileTime && size == 8) {
                v = Value::make_uint(raw, 8, ValueKind::FileTime);
            } else if (is_signed) {
                const unsigned shift = 64 - 8 * size;
                v = Value::make_int(static_cast<int64_t>(raw << shift) >> shift, size);
            } else {
                v = Value::make_uint(raw, size);
            }
            break;
        }
        case kFloat: {
            v = detail::make_double(static_cast<double>(std::bit_cast<float>(c.u32())), 4);
            break;
        }
        case kDouble: {
            v = detail::make_double(std::bit_cast<double>(c.u64()), 8);
            break;
        }
        case kBool32: v = detail::make_bool(c.u32() != 0); break;
        case kBinary: case kCountedBinary: {
            const uint16_t n = c.u16();
            const uint8_t* p = c.take(n);
            if (!p) break;
            if (out == kOutIPv6 && n == 16) v = detail::make_bytes(ValueKind::IPv6, {p, 16});
            else if (out == kOutIPv4 && n == 4) v = detail::make_bytes(ValueKind::IPv4, {p, 4});
            else v = detail::make_bytes(ValueKind::Binary, {p, n});
            break;
        }
        case kGuid: v = detail::make_guid(c.guid()); break;
        case kPointer: v = Value::make_uint(c.uint(P), P, ValueKind::HexInt); break;
        case kFileTime: v = Value::make_uint(c.u64(), 8, ValueKind::FileTime); break;
        case kSystemTime: {
            const uint8_t* p = c.take(16);
            if (p) v = detail::make_bytes(ValueKind::SystemTime, {p, 16});
            break;
        }
        case kSid: {
            if (!c.need(8)) break;
            Cursor peek = c;
            peek.u8();
            const size_t n = 8 + 4 * size_t{peek.u8()};
            const uint8_t* p = c.take(n);
            if (p) v = detail::make_bytes(ValueKind::Sid, {p, n});
            break;
        }
        case kHexInt32: v = Value::make_uint(c.u32(), 4, ValueKind::HexInt); break;
        case kHexInt64: v = Value::make_uint(c.u64(), 8, ValueKind::HexInt); break;
        case kCountedString: {
            const uint16_t bytes = c.u16();
            const uint8_t* p = c.take(bytes);
            std::string s;
            if (p) detail::append_utf16(s, p, bytes / 2);
            v = Value::make_string(std::move(s));
            break;
        }
        case kCountedAnsiString: {
            const uint16_t n = c.u16();
            const uint8_t* p = c.take(n);
            v = Value::make_string(p ? ansi_text(p, n, out) : std::string());
            break;
        }
        case kStruct: {
            v = Value{};
            v.kind = ValueKind::Struct;
            if (depth >= kMaxNesting) return fail(f, "structs nested too deep");
            for (const FieldDef& m : f.members)
                if (!field(m, v.fields, depth + 1)) return false;
            return true;
        }
        default: return fail(f, "unknown InType");
        }
        if (c.failed) return fail(f, "payload too short");
        return true;
    }

    bool field(const FieldDef& f, std::vector<Field>& out, size_t depth)
    {
        if (f.arity == 0) {
            Value v;
            const bool ok = scalar(f, v, depth);
            if (ok || f.in_type == kStruct) out.push_back(Field{f.name, std::move(v)});
            return ok;
        }
        if (f.arity == 3) return fail(f, "custom-schema field (not decodable)");
        size_t n = f.count;
        if (f.arity == 2) {
            n = c.u16();
            if (c.failed) return fail(f, "payload too short for the array count");
        }
        // Arrays of UInt16 / Int8 / UInt8 shown as strings (OutType String): UTF-16 or 8-bit characters.
        if (f.out_type == kOutString && (f.in_type == kUInt16 || f.in_type == kInt16)) {
            const uint8_t* p = c.take(2 * n);
            if (!p) return fail(f, "payload too short");
            std::string s;
            size_t len = 0;
            while (len < n && (p[2 * len] | p[2 * len + 1]) != 0) ++len;
            detail::append_utf16(s, p, len);
            out.push_back(Field{f.name, Value::make_string(std::move(s))});
            return true;
        }
        if (f.out_type == kOutString && (f.in_type == kUInt8 || f.in_type == kInt8)) {
            const uint8_t* p = c.take(n);
            if (!p) return fail(f, "payload too short");
            size_t len = 0;
            while (len < n && p[len] != 0) ++len;
            out.push_back(Field{f.name, Value::make_string(ansi_text(p, len, f.out_type))});
            return true;
        }
        Value arr;
        arr.kind = ValueKind::Array;
        bool ok = true;
        for (size_t i = 0; i < n; ++i) {
            if (budget == 0) {
                ok = fail(f, "too many values");
                break;
            }
            Value v;
            if (!scalar(f, v, depth)) {
                ok = false;
                break;
            }
            arr.items.push_back(std::move(v));
        }
        out.push_back(Field{f.name, std::move(arr)});
        return ok;
    }
};

}  // namespace

Schema parse_schema(std::span<const uint8_t> blob)
{
    Schema s;
    Cursor head(blob);
    const uint16_t size = head.u16();
    if (head.failed || size < 2) {
        s.problem = "event schema shorter than its size field";
        return s;
    }
    Cursor c(blob.subspan(0, std::min<size_t>(size, blob.size())));
    c.u16();
    s.tags = read_tags(c);
    s.event_name = utf8z(c);
    if (c.failed) {
        s.problem = "event schema: no event name";
        return s;
    }
    std::vector<FieldDef> flat;
    while (!c.at_end()) {
        if (flat.size() >= kMaxFields) {
            s.problem = "event schema: more than " + std::to_string(kMaxFields) + " fields";
            break;
        }
        FieldDef f;
        f.name = utf8z(c);
        const uint8_t in = c.u8();
        if (c.failed) {
            s.problem = "event schema: truncated field definition";
            break;
        }
        f.in_type = in & 0x1F;
        f.arity = static_cast<uint8_t>((in >> 5) & 3);
        if (in & 0x80) {
            const uint8_t out = c.u8();
            f.out_type = out & 0x7F;
            if (out & 0x80) f.tags = read_tags(c);
        }
        if (f.arity == 1) f.count = c.u16();
        if (f.arity == 3) c.take(c.u16());  // custom schema bytes
        if (c.failed) {
            s.problem = "event schema: truncated field definition";
            break;
        }
        if (f.in_type > kCountedBinary) {
            s.problem = "event schema: unknown InType " + std::to_string(f.in_type) + " for field " + f.name;
            flat.push_back(std::move(f));
            break;
        }
        flat.push_back(std::move(f));
    }
    size_t i = 0;
    std::string problem;
    while (i < flat.size())
        if (!build(flat, i, SIZE_MAX, 0, s.fields, problem)) break;
    if (s.problem.empty()) s.problem = problem;
    return s;
}

std::string parse_provider_traits(std::span<const uint8_t> blob)
{
    Cursor head(blob);
    const uint16_t size = head.u16();
    if (head.failed) return {};
    Cursor c(blob.subspan(0, std::min<size_t>(size, blob.size())));
    c.u16();
    std::string name = utf8z(c);
    return c.failed ? std::string() : name;
}

std::string decode_payload(const Schema& schema, std::span<const uint8_t> payload, uint8_t pointer_size,
                           std::vector<Field>& out)
{
    Decoder d{Cursor(payload), pointer_size == 4 ? uint8_t{4} : uint8_t{8}, payload.size() * 2 + 4096, {}};
    for (const FieldDef& f : schema.fields)
        if (!d.field(f, out, 0)) break;
    if (d.problem.empty() && !schema.problem.empty()) return schema.problem;
    if (d.problem.empty() && !d.c.at_end())
        return std::to_string(d.c.remaining()) + " payload bytes after the last field";
    return d.problem;
}

}  // namespace tracelogging

struct TraceLoggingDecoder::Cache {
    std::unordered_map<std::string, std::shared_ptr<const tracelogging::Schema>> schemas;
    std::unordered_map<std::string, std::string> providers;
};

TraceLoggingDecoder::TraceLoggingDecoder() : cache_(std::make_unique<Cache>()) {}
TraceLoggingDecoder::~TraceLoggingDecoder() = default;

namespace {

constexpr size_t kCacheLimit = 4096;

const char* opcode_name(uint8_t op)
{
    switch (op) {
    case 1: return "Start";
    case 2: return "Stop";
    default: return nullptr;
    }
}

}  // namespace

bool TraceLoggingDecoder::decode(const EventRecord& r, DecodedEvent& out)
{
    if (!r.is_event_header()) return false;
    const ExtendedItem* schema_item = r.find(ExtendedType::EventSchemaTl);
    const ExtendedItem* traits = r.find(ExtendedType::ProvTraits);
    std::string provider;
    if (traits) {
        std::string key(reinterpret_cast<const char*>(traits->data.data()), traits->data.size());
        auto it = cache_->providers.find(key);
        if (it == cache_->providers.end()) {
            if (cache_->providers.size() >= kCacheLimit) cache_->providers.clear();
            it = cache_->providers.emplace(std::move(key), tracelogging::parse_provider_traits(traits->data)).first;
        }
        provider = it->second;
    }
    if (provider.empty()) provider = r.provider.to_string();

    if (schema_item) {
        std::string key(reinterpret_cast<const char*>(schema_item->data.data()), schema_item->data.size());
        auto it = cache_->schemas.find(key);
        if (it == cache_->schemas.end()) {
            if (cache_->schemas.size() >= kCacheLimit) cache_->schemas.clear();
            auto s = std::make_shared<const tracelogging::Schema>(tracelogging::parse_schema(schema_item->data));
            it = cache_->schemas.emplace(std::move(key), std::move(s)).first;
        }
        const tracelogging::Schema& schema = *it->second;
        DecodedEvent ev;
        ev.provider = std::move(provider);
        ev.task = schema.event_name;
        if (const char* op = opcode_name(r.descriptor.opcode)) ev.opcode = op;
        ev.problem = tracelogging::decode_payload(schema, r.payload, r.pointer_size, ev.fields);
        ev.decoded = true;
        out = std::move(ev);
        return true;
    }
    if (r.event_flags & 0x4) {  // STRING_ONLY: the payload is one UTF-16 string
        DecodedEvent ev;
        ev.provider = std::move(provider);
        detail::Cursor c(r.payload);
        std::string text = c.utf16z();
        ev.message = text;
        ev.fields.push_back(Field{"String", Value::make_string(std::move(text))});
        ev.decoded = true;
        out = std::move(ev);
        return true;
    }
    return false;
}

std::unique_ptr<PayloadDecoder> make_tracelogging_decoder()
{
    return std::make_unique<TraceLoggingDecoder>();
}

}  // namespace traceshark::etl
