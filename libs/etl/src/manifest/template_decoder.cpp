// Template decoding: a manifest template's data items read from a packed little-endian payload, with counts and
// lengths taken from constants or earlier integer items, structs, and value/bit maps applied.
#include <cstdio>

#include "../bytes.hpp"
#include "traceshark/etl/manifest_decoder.hpp"

namespace traceshark::etl {
namespace {

using manifest::DataItem;
using manifest::InType;
using manifest::OutType;
using manifest::SizeRef;

constexpr size_t kMaxValues = 1u << 20;  // values per event (array elements included)

Value bytes_value(ValueKind kind, const uint8_t* p, size_t n)
{
    Value x;
    x.kind = kind;
    x.bytes.assign(p, p + n);
    return x;
}

// ANSI text: ASCII as is, other bytes as Latin-1 (the code page is not in the trace).
std::string ansi_to_utf8(const uint8_t* p, size_t n)
{
    std::string s;
    s.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const uint8_t c = p[i];
        if (c < 0x80) {
            s += static_cast<char>(c);
        } else {
            s += static_cast<char>(0xC0 | c >> 6);
            s += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return s;
}

std::string hex(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}

class Reader {
public:
    Reader(const manifest::Provider& prov, std::span<const uint8_t> payload, uint8_t pointer_size)
        : prov_(prov), data_(payload), p_(pointer_size == 4 ? 4 : 8)
    {
    }

    bool items(const std::vector<DataItem>& list, std::vector<Field>& out)
    {
        for (const DataItem& d : list) {
            Field f;
            f.name = d.name;
            const bool ok = item(d, f.value);
            if (ok || f.value.kind == ValueKind::Array || f.value.kind == ValueKind::Struct)
                out.push_back(std::move(f));
            if (!ok) return false;
        }
        return true;
    }

    size_t offset() const { return off_; }
    std::string problem;

private:
    size_t left() const { return data_.size() - off_; }
    const uint8_t* at() const { return data_.data() + off_; }

    bool stop(const DataItem& d, const std::string& why)
    {
        if (problem.empty()) problem = "field '" + d.name + "' at payload offset " + std::to_string(off_) + ": " + why;
        return false;
    }

    bool need(const DataItem& d, size_t n)
    {
        if (left() >= n) return true;
        return stop(d, "needs " + std::to_string(n) + " bytes, " + std::to_string(left()) + " left");
    }

    bool resolve(const DataItem& d, const SizeRef& r, uint64_t& n)
    {
        if (r.kind == SizeRef::Kind::Constant) {
            n = r.constant;
            return true;
        }
        for (size_t i = ints_.size(); i-- > 0;)
            if (*ints_[i].first == r.field) {
                n = ints_[i].second;
                return true;
            }
        return stop(d, "its count/length names '" + r.field + "', which is not an earlier integer field");
    }

    bool item(const DataItem& d, Value& out)
    {
        uint64_t length = 0;
        bool has_length = false;
        if (d.length.present()) {
            if (!resolve(d, d.length, length)) return false;
            has_length = true;
        }
        if (!d.count.present()) return one(d, out, has_length, length);
        uint64_t count = 0;
        if (!resolve(d, d.count, count)) return false;
        out.kind = ValueKind::Array;
        // Every element takes a byte at least, except Null and empty structs or zero lengths: the value budget
        // bounds those.
        if (count > data_.size() - off_ && minimum_size(d, has_length ? length : 1) > 0)
            return stop(d, "count " + std::to_string(count) + " exceeds the payload");
        for (uint64_t i = 0; i < count; ++i) {
            Value v;
            const bool ok = one(d, v, has_length, length);
            if (ok || v.kind == ValueKind::Struct) out.items.push_back(std::move(v));
            if (!ok) return false;
        }
        return true;
    }

    size_t minimum_size(const DataItem& d, uint64_t length) const
    {
        switch (d.in_type) {
        case InType::Null: return 0;
        case InType::Struct: return 0;  // conservatively: may be empty
        case InType::Binary:
        case InType::UnicodeString:
        case InType::AnsiString: return length ? 1 : 0;
        default: return 1;
        }
    }

    bool one(const DataItem& d, Value& out, bool has_length, uint64_t length)
    {
        if (++values_ > kMaxValues) return stop(d, "more than 1M values in one event");
        switch (d.in_type) {
        case InType::Null: out.kind = ValueKind::Null; return true;
        case InType::Struct: {
            if (++depth_ > 8) return stop(d, "structs nested deeper than 8");
            out.kind = ValueKind::Struct;
            const bool ok = items(d.members, out.fields);
            --depth_;
            return ok;
        }
        case InType::UnicodeString: {
            if (has_length) {
                if (length > left() / 2) return need(d, static_cast<size_t>(length) * 2);
                const size_t units = static_cast<size_t>(length);
                out = Value::make_string(detail::utf16_to_utf8(at(), units));
                off_ += units * 2;
                return true;
            }
            size_t used = 0;
            out = Value::make_string(detail::utf16_to_utf8(at(), left() / 2, &used));
            off_ += used;
            if (left() == 1) ++off_;  // an odd trailing byte cannot start another UTF-16 unit
            return true;
        }
        case InType::AnsiString: {
            size_t n;
            if (has_length) {
                if (!need(d, length)) return false;
                n = static_cast<size_t>(length);
                size_t text = 0;
                while (text < n && at()[text]) ++text;
                out = Value::make_string(d.out_type == OutType::Utf8 ? std::string(reinterpret_cast<const char*>(at()), text)
                                                              : ansi_to_utf8(at(), text));
                off_ += n;
                return true;
            }
            n = 0;
            while (n < left() && at()[n]) ++n;
            out = Value::make_string(d.out_type == OutType::Utf8 ? std::string(reinterpret_cast<const char*>(at()), n)
                                                          : ansi_to_utf8(at(), n));
            off_ += n < left() ? n + 1 : n;
            return true;
        }
        case InType::CountedString:
        case InType::CountedAnsiString:
        case InType::CountedBinary: {
            if (!need(d, 2)) return false;
            const size_t n = detail::u16(at());
            off_ += 2;
            if (!need(d, n)) return false;
            if (d.in_type == InType::CountedString)
                out = Value::make_string(detail::utf16_to_utf8(at(), n / 2));
            else if (d.in_type == InType::CountedAnsiString)
                out = Value::make_string(ansi_to_utf8(at(), n));
            else
                out = bytes_value(ValueKind::Binary, at(), n);
            off_ += n;
            return true;
        }
        case InType::Binary: {
            const size_t n = has_length ? static_cast<size_t>(length) : left();
            if (!need(d, n)) return false;
            ValueKind kind = ValueKind::Binary;
            if (d.out_type == OutType::IPv6 && n == 16) kind = ValueKind::IPv6;
            if (d.out_type == OutType::IPv4 && n == 4) kind = ValueKind::IPv4;
            out = bytes_value(kind, at(), n);
            off_ += n;
            return true;
        }
        case InType::Guid:
            if (!need(d, 16)) return false;
            out.kind = ValueKind::Guid;
            out.scalar = Guid::from_bytes(at());
            off_ += 16;
            return true;
        case InType::SystemTime:
            if (!need(d, 16)) return false;
            out = bytes_value(ValueKind::SystemTime, at(), 16);
            off_ += 16;
            return true;
        case InType::Sid: {
            if (!need(d, 8)) return false;
            const size_t n = 8 + 4 * size_t{at()[1]};
            if (at()[0] != 1 || at()[1] > 15) return stop(d, "not a SID");
            if (!need(d, n)) return false;
            out = bytes_value(ValueKind::Sid, at(), n);
            off_ += n;
            return true;
        }
        case InType::Float: {
            if (!need(d, 4)) return false;
            out.kind = ValueKind::Float;
            out.scalar = static_cast<double>(detail::load<float>(at()));
            out.size = 4;
            off_ += 4;
            return true;
        }
        case InType::Double:
            if (!need(d, 8)) return false;
            out.kind = ValueKind::Float;
            out.scalar = detail::load<double>(at());
            out.size = 8;
            off_ += 8;
            return true;
        case InType::Boolean:
            if (!need(d, 4)) return false;
            out.kind = ValueKind::Bool;
            out.scalar = detail::u32(at()) != 0;
            out.size = 4;
            off_ += 4;
            return true;
        default: return integer(d, out);
        }
    }

    bool integer(const DataItem& d, Value& out)
    {
        uint8_t size = 0;
        bool is_signed = false, is_hex = false;
        switch (d.in_type) {
        case InType::Int8: size = 1; is_signed = true; break;
        case InType::UInt8: size = 1; break;
        case InType::Int16: size = 2; is_signed = true; break;
        case InType::UInt16: size = 2; break;
        case InType::Int32: size = 4; is_signed = true; break;
        case InType::UInt32: size = 4; break;
        case InType::Int64: size = 8; is_signed = true; break;
        case InType::UInt64: size = 8; break;
        case InType::HexInt32: size = 4; is_hex = true; break;
        case InType::HexInt64: size = 8; is_hex = true; break;
        case InType::Pointer: size = p_; is_hex = true; break;
        case InType::FileTime: size = 8; break;
        default: return stop(d, "unsupported inType");
        }
        if (!need(d, size)) return false;
        uint64_t v = 0;
        for (uint8_t i = 0; i < size; ++i) v |= uint64_t{at()[i]} << (8 * i);
        const uint8_t* raw = at();
        off_ += size;
        if (ints_.size() < kMaxValues) ints_.emplace_back(&d.name, v);
        if (d.in_type == InType::FileTime) {
            out = Value::make_uint(v, 8, ValueKind::FileTime);
            return true;
        }
        if (d.map_index >= 0 && static_cast<size_t>(d.map_index) < prov_.maps.size()) {
            if (map(prov_.maps[static_cast<size_t>(d.map_index)], v, out)) return true;
        }
        switch (d.out_type) {
        case OutType::HexInt:
        case OutType::NtStatus:
        case OutType::HResult: is_hex = true; break;
        case OutType::IPv4:
            if (size == 4) {
                out = bytes_value(ValueKind::IPv4, raw, 4);
                return true;
            }
            break;
        case OutType::Port:
            if (size == 2) {
                out = Value::make_uint((v >> 8 | v << 8) & 0xFFFF, 2, ValueKind::Port);
                return true;
            }
            break;
        case OutType::Boolean:
            out.kind = ValueKind::Bool;
            out.scalar = v != 0;
            out.size = size;
            return true;
        default: break;
        }
        if (is_hex) {
            out = Value::make_uint(v, size, ValueKind::HexInt);
        } else if (is_signed) {
            const unsigned shift = 64u - 8u * size;
            out = Value::make_int(static_cast<int64_t>(v << shift) >> shift, size);
        } else {
            out = Value::make_uint(v, size, ValueKind::UInt);
        }
        return true;
    }

    // PerfView's rendering of mapped values: the entry's name; bit maps: the names of the set bits, ", "-joined,
    // unnamed bits as 0x..; a value no entry names stays a number.
    static bool map(const manifest::Map& m, uint64_t v, Value& out)
    {
        if (!m.bitmap) {
            for (const manifest::MapEntry& e : m.entries)
                if (e.value == v) {
                    out = Value::make_string(e.message);
                    return true;
                }
            return false;
        }
        std::string text;
        uint64_t rest = v;
        for (const manifest::MapEntry& e : m.entries) {
            if (e.value == 0) {
                if (v == 0) text = e.message;
                continue;
            }
            if ((v & e.value) == e.value) {
                if (!text.empty()) text += ", ";
                text += e.message;
                rest &= ~e.value;
            }
        }
        if (v == 0 && text.empty()) return false;  // no entry for 0: the number
        if (rest) {
            if (!text.empty()) text += ", ";
            text += hex(rest);
        }
        out = Value::make_string(std::move(text));
        return true;
    }

    const manifest::Provider& prov_;
    std::span<const uint8_t> data_;
    uint8_t p_;
    size_t off_ = 0;
    size_t values_ = 0;
    int depth_ = 0;
    std::vector<std::pair<const std::string*, uint64_t>> ints_;
};

}  // namespace

TemplateResult decode_template(const manifest::Provider& provider, const manifest::Template& tmpl,
                               std::span<const uint8_t> payload, uint8_t pointer_size)
{
    TemplateResult r;
    Reader reader(provider, payload, pointer_size);
    reader.items(tmpl.items, r.fields);
    r.problem = std::move(reader.problem);
    r.consumed = reader.offset();
    return r;
}

}  // namespace traceshark::etl
