#include "utf16.hpp"

namespace traceshark::procmon::detail {

namespace {
void append_code_point(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}
}  // namespace

void append_utf16(std::string& out, std::span<const uint8_t> bytes)
{
    const size_t units = bytes.size() / 2;
    out.reserve(out.size() + units);
    for (size_t i = 0; i < units; ++i) {
        const uint32_t u = bytes[2 * i] | (bytes[2 * i + 1] << 8);
        if (u == 0) return;
        if (u < 0x80) {
            out.push_back(static_cast<char>(u));
            continue;
        }
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            const uint32_t lo = bytes[2 * i + 2] | (bytes[2 * i + 3] << 8);
            if (lo >= 0xDC00 && lo < 0xE000) {
                append_code_point(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                ++i;
                continue;
            }
        }
        append_code_point(out, (u >= 0xD800 && u < 0xE000) ? 0xFFFD : u);
    }
}

void append_latin1(std::string& out, std::span<const uint8_t> bytes)
{
    for (uint8_t b : bytes) {
        if (b == 0) return;
        append_code_point(out, b);
    }
}

}  // namespace traceshark::procmon::detail
