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

// Reads one field; false when the payload is too short for it.
bool read_field(Cursor& c, const FieldSpec& f, uint8_t P, std::vector<Field>& out)
{
    Value v;
    switch (f.type) {
    case FT::U8: v = Value::make_uint(c.u8(), 1); break;
    case FT::U16: v = Value::make_uint(c.u16(), 2); break;
    case FT::U32: v = Value::make_uint(c.u32(), 4); break;
    case FT::U64: v = Value::make_uint(c.u64(), 8); break;
    case FT::I8: v = Value::make_int(static_cast<int8_t>(c.u8()), 1); break;
    case FT::I16: v = Value::make_int(static_cast<int16_t>(c.u16()), 2); break;
    case FT::I32: v = Value::make_int(static_cast<int32_t>(c.u32()), 4); break;
    case FT::I64: v = Value::make_int(static_cast<int64_t>(c.u64()), 8); break;
    case FT::Hex32: v = Value::make_uint(c.u32(), 4, ValueKind::HexInt); break;
    case FT::Hex64: v = Value::make_uint(c.u64(), 8, ValueKind::HexInt); break;
    case FT::Ptr: v = Value::make_uint(c.uint(P), P, ValueKind::HexInt); break;
    case FT::PtrU: v = Value::make_uint(c.uint(P), P); break;
    case FT::Utf16Z: v = Value::make_string(c.utf16z(false)); break;  // kernel strings are terminated
    case FT::AnsiZ: v = Value::make_string(c.ansiz(false)); break;
    case FT::WcharN: {
        const uint8_t* p = c.take(2 * size_t{f.n});
        std::string s;
        if (p) {
            size_t len = 0;
            while (len < f.n && (p[2 * len] | p[2 * len + 1]) != 0) ++len;
            detail::append_utf16(s, p, len);
        }
        v = Value::make_string(std::move(s));
        break;
    }
    case FT::Sid: {
        if (!c.need(4)) break;
        Cursor peek = c;
        if (peek.u32() == 0) {
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
    case FT::PortBE: v = Value::make_uint(c.u16be(), 2, ValueKind::Port); break;
    case FT::IPv4:
        if (const uint8_t* p = c.take(4)) v = detail::make_bytes(ValueKind::IPv4, {p, 4});
        break;
    case FT::IPv6:
        if (const uint8_t* p = c.take(16)) v = detail::make_bytes(ValueKind::IPv6, {p, 16});
        break;
    case FT::FileTime: v = Value::make_uint(c.u64(), 8, ValueKind::FileTime); break;
    case FT::SystemTime:
        if (const uint8_t* p = c.take(16)) v = detail::make_bytes(ValueKind::SystemTime, {p, 16});
        break;
    case FT::Guid: v = detail::make_guid(c.guid()); break;
    case FT::Bool8: v = detail::make_bool(c.u8() != 0); v.size = 1; break;
    case FT::Skip: c.take(f.n); return !c.failed;
    case FT::PtrArray: {
        v.kind = ValueKind::Array;
        const size_t n = c.remaining() / P;
        v.items.reserve(n);
        for (size_t i = 0; i < n; ++i) v.items.push_back(Value::make_uint(c.uint(P), P, ValueKind::HexInt));
        break;
    }
    case FT::Rest: v = detail::make_bytes(ValueKind::Binary, c.rest()); break;
    }
    if (c.failed) return false;
    out.push_back(Field{f.name, std::move(v)});
    return true;
}

}  // namespace

std::string decode_layout(Layout layout, std::span<const uint8_t> payload, uint8_t pointer_size,
                          std::vector<Field>& out, size_t& consumed)
{
    Cursor c(payload);
    bool tail = false;
    for (const FieldSpec& f : layout) {
        tail = tail || (f.flags & kTail) != 0;
        if (tail && c.at_end()) break;
        const size_t at = c.pos();
        if (!read_field(c, f, pointer_size, out)) {
            consumed = at;
            return "payload too short: " + std::to_string(payload.size()) + " bytes, field " + f.name +
                   " at offset " + std::to_string(at);
        }
    }
    consumed = c.pos();
    return {};
}

}  // namespace traceshark::etl::kernel_detail
