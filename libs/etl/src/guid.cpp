#include "traceshark/etl/guid.hpp"


namespace traceshark::etl {
namespace {

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

Guid Guid::from_bytes(const uint8_t* b)
{
    Guid g;
    g.data1 = static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 | static_cast<uint32_t>(b[2]) << 16 |
              static_cast<uint32_t>(b[3]) << 24;
    g.data2 = static_cast<uint16_t>(b[4] | b[5] << 8);
    g.data3 = static_cast<uint16_t>(b[6] | b[7] << 8);
    for (size_t i = 0; i < 8; ++i) g.data4[i] = b[8 + i];
    return g;
}

std::optional<Guid> Guid::parse(std::string_view t)
{
    if (t.size() == 38 && t.front() == '{' && t.back() == '}') t = t.substr(1, 36);
    if (t.size() != 36 || t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-') return std::nullopt;
    uint8_t bytes[16];  // in text order
    size_t n = 0;
    for (size_t i = 0; i < t.size();) {
        if (t[i] == '-') {
            ++i;
            continue;
        }
        const int hi = hex_digit(t[i]), lo = hex_digit(t[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        bytes[n++] = static_cast<uint8_t>(hi << 4 | lo);
        i += 2;
    }
    Guid g;
    g.data1 = static_cast<uint32_t>(bytes[0]) << 24 | static_cast<uint32_t>(bytes[1]) << 16 |
              static_cast<uint32_t>(bytes[2]) << 8 | bytes[3];
    g.data2 = static_cast<uint16_t>(bytes[4] << 8 | bytes[5]);
    g.data3 = static_cast<uint16_t>(bytes[6] << 8 | bytes[7]);
    for (size_t i = 0; i < 8; ++i) g.data4[i] = bytes[8 + i];
    return g;
}

std::string Guid::to_string() const
{
    // By hand: snprintf's format parsing made this the decoders' costliest call (TraceLogging names providers by GUID).
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(36, '-');
    size_t at = 0;
    auto put = [&](uint64_t v, int digits) {
        for (int i = digits - 1; i >= 0; --i) s[at++] = kHex[(v >> (4 * i)) & 0xf];
    };
    put(data1, 8);
    ++at;
    put(data2, 4);
    ++at;
    put(data3, 4);
    ++at;
    put(data4[0], 2);
    put(data4[1], 2);
    ++at;
    for (size_t i = 2; i < 8; ++i) put(data4[i], 2);
    return s;
}

}  // namespace traceshark::etl
