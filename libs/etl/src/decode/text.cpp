#include "cursor.hpp"
#include "../bytes.hpp"

namespace traceshark::etl::detail {
void append_utf16(std::string& out, const uint8_t* p, size_t units)
{
    out.reserve(out.size() + units);
    for (size_t i = 0; i < units; ++i) {
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

}  // namespace traceshark::etl::detail
