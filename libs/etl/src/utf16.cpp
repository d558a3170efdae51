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

std::string utf16_to_utf8(const uint8_t* p, size_t max_units, size_t* consumed)
{
    std::string out;
    size_t i = 0;
    bool terminated = false;
    while (i < max_units) {
        uint32_t c = u16(p + 2 * i);
        ++i;
        if (c == 0) {
            terminated = true;
            break;
        }
        if (c >= 0xD800 && c < 0xDC00 && i < max_units) {
            const uint32_t lo = u16(p + 2 * i);
            if (lo >= 0xDC00 && lo < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                ++i;
            } else {
                c = 0xFFFD;
            }
        } else if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD;
        }
        put_utf8(out, c);
    }
    (void)terminated;
    if (consumed) *consumed = 2 * i;
    return out;
}

}  // namespace traceshark::etl::detail
