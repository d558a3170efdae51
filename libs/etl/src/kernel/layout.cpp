#include "layout.hpp"

#include "../decode/cursor.hpp"
#include "../decode/values.hpp"

namespace traceshark::etl::kernel_detail {

using detail::Cursor;

void name_opcode(EventInfo& info, std::span<const OpName> names, uint8_t opcode)
{
    info.opcode_number = opcode;
    for (const OpName& n : names)
        if (n.opcode == opcode) {
            info.opcode = n.name;
            return;
        }
    info.opcode = {};
}

namespace {

// Integers set in place: assigning a temporary Value moves its variant and three vectors.
void set_uint(Value& v, uint64_t x, uint8_t size, ValueKind kind = ValueKind::UInt)
{
    v.kind = kind;
    v.scalar.emplace<uint64_t>(x);
    v.size = size;
}
void set_int(Value& v, int64_t x, uint8_t size)
{
    v.kind = ValueKind::Int;
    v.scalar.emplace<int64_t>(x);
    v.size = size;
}
void set_string(Value& v, std::string x)
{
    v.kind = ValueKind::String;
    v.scalar.emplace<std::string>(std::move(x));
}

size_t control_chars(const std::string& s)
{
    size_t n = 0;
    for (unsigned char ch : s) n += ch < 0x20;
    return n;
}

// Reads one field; false when the payload is too short for it.
// The field is built in place (payloads have ~10-20 fields: copies and temporaries dominate the decode time).
bool read_field(Cursor& c, const FieldSpec& f, const LayoutReading& how, std::vector<Field>& out, size_t& odd)
{
    const uint8_t P = how.pointer_size;
    if (f.type == FT::Skip) {
        c.take(f.n);
        return !c.failed;
    }
    if (f.type == FT::PadRest) {
        c.rest();
        return true;
    }
    Field& field = out.emplace_back();
    Value& v = field.value;
    switch (f.type) {
    case FT::U8: set_uint(v, c.u8(), 1); break;
    case FT::U16: set_uint(v, c.u16(), 2); break;
    case FT::U32: set_uint(v, c.u32(), 4); break;
    case FT::U64: set_uint(v, c.u64(), 8); break;
    case FT::I8: set_int(v, static_cast<int8_t>(c.u8()), 1); break;
    case FT::I16: set_int(v, static_cast<int16_t>(c.u16()), 2); break;
    case FT::I32: set_int(v, static_cast<int32_t>(c.u32()), 4); break;
    case FT::I64: set_int(v, static_cast<int64_t>(c.u64()), 8); break;
    case FT::Hex32: set_uint(v, c.u32(), 4, ValueKind::HexInt); break;
    case FT::Hex64: set_uint(v, c.u64(), 8, ValueKind::HexInt); break;
    case FT::Ptr: set_uint(v, c.uint(P), P, ValueKind::HexInt); break;
    case FT::PtrU: set_uint(v, c.uint(P), P); break;
    case FT::Utf16Z:  // kernel strings are terminated
    case FT::AnsiZ: {
        std::string s = f.type == FT::Utf16Z ? c.utf16z(false) : c.ansiz(false);
        odd += control_chars(s);
        set_string(v, std::move(s));
        break;
    }
    case FT::WcharN: {
        const uint8_t* p = c.take(2 * size_t{f.n});
        std::string s;
        if (p) {
            size_t len = 0;
            while (len < f.n && (p[2 * len] | p[2 * len + 1]) != 0) ++len;
            detail::append_utf16(s, p, len);
        }
        set_string(v, std::move(s));
        break;
    }
    case FT::Sid: {
        if (!c.need(4)) break;
        Cursor peek = c;
        if (peek.u32() == 0 && !how.zeroed_token_user) {
            c.take(4);
            v = detail::make_bytes(ValueKind::Sid, {});
            break;
        }
        if (!c.take(2 * size_t{P})) break;  // TOKEN_USER {PSID, Attributes} as the kernel copies it
        if (!c.need(8)) break;
        Cursor sid = c;
        sid.u8();
        const size_t count = sid.u8();
        const uint8_t* p = c.take(8 + 4 * count);
        if (p) v = detail::make_bytes(ValueKind::Sid, {p, 8 + 4 * count});
        break;
    }
    case FT::PortBE: set_uint(v, c.u16be(), 2, ValueKind::Port); break;
    case FT::IPv4:
        if (const uint8_t* p = c.take(4)) v = detail::make_bytes(ValueKind::IPv4, {p, 4});
        break;
    case FT::IPv6:
        if (const uint8_t* p = c.take(16)) v = detail::make_bytes(ValueKind::IPv6, {p, 16});
        break;
    case FT::FileTime: set_uint(v, c.u64(), 8, ValueKind::FileTime); break;
    case FT::SystemTime:
        if (const uint8_t* p = c.take(16)) v = detail::make_bytes(ValueKind::SystemTime, {p, 16});
        break;
    case FT::Guid: v = detail::make_guid(c.guid()); break;
    case FT::Bool8: v = detail::make_bool(c.u8() != 0); v.size = 1; break;
    case FT::PtrArray: {
        v.kind = ValueKind::Array;
        const size_t n = c.remaining() / P;
        v.items.reserve(n);
        for (size_t i = 0; i < n; ++i) v.items.push_back(Value::make_uint(c.uint(P), P, ValueKind::HexInt));
        break;
    }
    case FT::Utf16ZList: {
        v.kind = ValueKind::Array;
        while (!c.at_end() && !c.failed) {
            std::string s = c.utf16z(false);
            odd += control_chars(s);
            v.items.push_back(Value::make_string(std::move(s)));
        }
        break;
    }
    case FT::Rest: v = detail::make_bytes(ValueKind::Binary, c.rest()); break;
    case FT::Skip: case FT::PadRest: break;  // handled above
    }
    if (c.failed) {
        out.pop_back();
        return false;
    }
    field.name = f.name;
    return true;
}

}  // namespace

LayoutResult decode_layout(Layout layout, std::span<const uint8_t> payload, const LayoutReading& how,
                           std::vector<Field>& out)
{
    LayoutResult r;
    Cursor c(payload);
    bool tail = false;
    out.reserve(out.size() + layout.size());
    for (const FieldSpec& f : layout) {
        tail = tail || (f.flags & kTail) != 0;
        if (tail && c.at_end()) break;
        const size_t at = c.pos();
        if (!read_field(c, f, how, out, r.odd_chars)) {
            r.consumed = at;
            r.problem = "payload too short: " + std::to_string(payload.size()) + " bytes, field " + f.name +
                        " at offset " + std::to_string(at);
            return r;
        }
    }
    r.consumed = c.pos();
    if (r.consumed < payload.size())
        r.problem = std::to_string(payload.size() - r.consumed) + " bytes after the last field (payload " +
                    std::to_string(payload.size()) + " bytes, layout ends at " + std::to_string(r.consumed) + ")";
    return r;
}

}  // namespace traceshark::etl::kernel_detail
