// Value construction and text rendering (value.hpp).
//
// Rendering follows the contract in value.hpp. Compared with PerfView's baselines (expected/perfview/*.baseline.txt)
// the differences are deliberate and normalised by the corpus tests: no thousands separators ("1,404,928" here
// "1404928"), "true"/"false" for PerfView's "True"/"False", ISO 8601 UTC times with full precision for PerfView's
// local "yy/MM/dd HH:mm:ss.ff", and no truncation to 20 characters. Hex integers are "0x" plus at least 8 digits
// for 32/64-bit values, as PerfView prints pointers ("0x00187000", "0xfffff800217d9200").
#include <charconv>
#include <cstdio>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/value.hpp"

namespace traceshark::etl {
namespace {

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
}

std::string filetime_text(uint64_t ft)
{
    // FILETIME: 100 ns since 1601-01-01. 1601-01-01 is 134774 days before 1970-01-01.
    const uint64_t secs = ft / 10'000'000;
    const uint64_t frac = ft % 10'000'000;
    const int64_t days = static_cast<int64_t>(secs / 86400) - 134774;
    const uint64_t sod = secs % 86400;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%07lluZ", static_cast<long long>(y), m, d,
                  static_cast<unsigned>(sod / 3600), static_cast<unsigned>(sod / 60 % 60),
                  static_cast<unsigned>(sod % 60), static_cast<unsigned long long>(frac));
    return buf;
}

std::string systemtime_text(const std::vector<uint8_t>& b)
{
    if (b.size() < 16) return {};
    auto w = [&](size_t i) { return static_cast<unsigned>(b[2 * i] | b[2 * i + 1] << 8); };
    // wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", w(0), w(1), w(3), w(4), w(5), w(6), w(7));
    return buf;
}

std::string sid_text(const std::vector<uint8_t>& b)
{
    if (b.size() < 8) return {};
    const size_t count = b[1];
    uint64_t authority = 0;
    for (size_t i = 2; i < 8; ++i) authority = authority << 8 | b[i];
    std::string s = "S-" + std::to_string(b[0]) + "-" + std::to_string(authority);
    for (size_t i = 0; i < count && 8 + 4 * i + 4 <= b.size(); ++i) {
        const uint8_t* p = b.data() + 8 + 4 * i;
        s += "-" + std::to_string(static_cast<uint32_t>(p[0] | p[1] << 8 | p[2] << 16) |
                                  static_cast<uint32_t>(p[3]) << 24);
    }
    return s;
}

std::string ipv4_text(const uint8_t* p)
{
    return std::to_string(p[0]) + "." + std::to_string(p[1]) + "." + std::to_string(p[2]) + "." +
           std::to_string(p[3]);
}

// RFC 5952: lower-case, no leading zeros, the longest run (>= 2) of zero groups as "::" (the first on a tie),
// IPv4-mapped addresses with a dotted tail.
std::string ipv6_text(const uint8_t* p)
{
    unsigned g[8];
    for (size_t i = 0; i < 8; ++i) g[i] = static_cast<unsigned>(p[2 * i] << 8 | p[2 * i + 1]);
    if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF)
        return "::ffff:" + ipv4_text(p + 12);
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (g[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && g[j] == 0) ++j;
        if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
        i = j;
    }
    std::string s;
    char buf[8];
    for (int i = 0; i < 8; ++i) {
        if (i == best) {
            s += "::";
            i += best_len - 1;
            continue;
        }
        if (!s.empty() && s.back() != ':') s += ':';
        std::snprintf(buf, sizeof buf, "%x", g[i]);
        s += buf;
    }
    return s;
}

// "0x" and at least 8 hex digits (2 per byte for narrower integers); written by hand because snprintf is the
// largest cost of rendering kernel events, which are mostly pointers and keys.
std::string hex_text(uint64_t v, uint8_t size)
{
    static const char digits[] = "0123456789abcdef";
    const int width = size >= 4 || size == 0 ? 8 : 2 * size;
    int n = 1;
    while (n < 16 && (v >> (4 * n)) != 0) ++n;
    if (n < width) n = width;
    std::string s(static_cast<size_t>(n) + 2, '0');
    s[1] = 'x';
    for (int i = n + 1; i >= 2; --i, v >>= 4) s[static_cast<size_t>(i)] = digits[v & 15];
    return s;
}

uint64_t as_u64(const Value& v)
{
    if (const uint64_t* u = std::get_if<uint64_t>(&v.scalar)) return *u;
    if (const int64_t* i = std::get_if<int64_t>(&v.scalar)) return static_cast<uint64_t>(*i);
    return 0;
}

}  // namespace

Value Value::make_int(int64_t v, uint8_t size)
{
    Value r;
    r.kind = ValueKind::Int;
    r.scalar = v;
    r.size = size;
    return r;
}

Value Value::make_uint(uint64_t v, uint8_t size, ValueKind kind)
{
    Value r;
    r.kind = kind;
    r.scalar = v;
    r.size = size;
    return r;
}

Value Value::make_string(std::string v)
{
    Value r;
    r.kind = ValueKind::String;
    r.scalar = std::move(v);
    return r;
}

std::string Value::to_string() const
{
    switch (kind) {
    case ValueKind::Null:
        return {};
    case ValueKind::Int:
        if (const int64_t* i = std::get_if<int64_t>(&scalar)) return std::to_string(*i);
        return std::to_string(static_cast<int64_t>(as_u64(*this)));
    case ValueKind::UInt:
    case ValueKind::Port:
        return std::to_string(as_u64(*this));
    case ValueKind::HexInt:
        return hex_text(as_u64(*this), size);
    case ValueKind::Float: {
        const double* d = std::get_if<double>(&scalar);
        if (!d) return {};
        char buf[64];
        auto res = std::to_chars(buf, buf + sizeof buf, *d);
        return std::string(buf, res.ptr);
    }
    case ValueKind::Bool:
        if (const bool* b = std::get_if<bool>(&scalar)) return *b ? "true" : "false";
        return as_u64(*this) ? "true" : "false";
    case ValueKind::String:
        if (const std::string* s = std::get_if<std::string>(&scalar)) return *s;
        return {};
    case ValueKind::Guid:
        if (const Guid* g = std::get_if<Guid>(&scalar)) return g->to_string();
        return {};
    case ValueKind::Binary: {
        static const char digits[] = "0123456789abcdef";
        std::string s = "0x";
        s.reserve(2 + 2 * bytes.size());
        for (uint8_t b : bytes) {
            s += digits[b >> 4];
            s += digits[b & 15];
        }
        return bytes.empty() ? std::string() : s;
    }
    case ValueKind::FileTime:
        return filetime_text(as_u64(*this));
    case ValueKind::SystemTime:
        return systemtime_text(bytes);
    case ValueKind::Sid:
        return sid_text(bytes);
    case ValueKind::IPv4:
        return bytes.size() >= 4 ? ipv4_text(bytes.data()) : std::string();
    case ValueKind::IPv6:
        return bytes.size() >= 16 ? ipv6_text(bytes.data()) : std::string();
    case ValueKind::Array: {
        std::string s = "[";
        for (size_t i = 0; i < items.size(); ++i) {
            if (i) s += ", ";
            s += items[i].to_string();
        }
        return s + "]";
    }
    case ValueKind::Struct: {
        std::string s = "{";
        for (size_t i = 0; i < fields.size(); ++i) {
            if (i) s += ", ";
            s += fields[i].name + "=" + fields[i].value.to_string();
        }
        return s + "}";
    }
    }
    return {};
}

}  // namespace traceshark::etl
