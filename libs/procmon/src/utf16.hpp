// UTF-16LE (as stored in PML files) to UTF-8. Unpaired surrogates become U+FFFD.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace traceshark::procmon::detail {

// Converts up to the first NUL code unit (or the whole span); an odd trailing byte is ignored.
void append_utf16(std::string& out, std::span<const uint8_t> bytes);
inline std::string from_utf16(std::span<const uint8_t> bytes)
{
    std::string s;
    append_utf16(s, bytes);
    return s;
}
// Latin-1 bytes (Procmon's "ASCII" detail strings) to UTF-8, up to the first NUL.
void append_latin1(std::string& out, std::span<const uint8_t> bytes);

}  // namespace traceshark::procmon::detail
