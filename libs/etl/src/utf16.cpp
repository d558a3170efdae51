#include "bytes.hpp"

namespace traceshark::etl::detail {

void put_utf8(std::string& out, uint32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | c >> 6);
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | c >> 12);
        out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | c >> 18);
        out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
        out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

void append_utf16(std::string& out, const uint8_t* p, size_t units)
{
    // Kernel and provider strings are nearly always ASCII: copy those units straight, then go on unit by unit.
    const size_t base = out.size();
    out.resize(base + units);
    size_t i = 0;
    for (char* d = out.data() + base; i < units && p[2 * i + 1] == 0 && p[2 * i] < 0x80; ++i)
        d[i] = static_cast<char>(p[2 * i]);
    out.resize(base + i);
    if (i == units) return;
    for (; i < units; ++i) {
        uint32_t u = static_cast<uint32_t>(p[2 * i] | p[2 * i + 1] << 8);
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            uint32_t lo = static_cast<uint32_t>(p[2 * i + 2] | p[2 * i + 3] << 8);
            if (lo >= 0xDC00 && lo < 0xE000) {
                put_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                ++i;
                continue;
            }
        }
        if (u >= 0xD800 && u < 0xE000) u = 0xFFFD;
        put_utf8(out, u);
    }
}

void append_ansi(std::string& out, const uint8_t* p, size_t n)
{
    out.reserve(out.size() + n);
    for (size_t i = 0; i < n; ++i) put_utf8(out, p[i]);
}

std::string utf16_to_utf8(const uint8_t* p, size_t max_units, size_t* consumed)
{
    size_t n = 0;
    while (n < max_units && (p[2 * n] | p[2 * n + 1]) != 0) ++n;
    std::string out;
    append_utf16(out, p, n);
    if (consumed) *consumed = 2 * (n < max_units ? n + 1 : n);
    return out;
}

}  // namespace traceshark::etl::detail
