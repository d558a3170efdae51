// Little-endian loads from byte spans whose bounds the caller has checked.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace traceshark::etl::detail {

template <typename T>
inline T load(const uint8_t* p)
{
    T v;
    std::memcpy(&v, p, sizeof v);  // ETL is little-endian, like every host we build for
    return v;
}
inline uint16_t u16(const uint8_t* p) { return load<uint16_t>(p); }
inline uint32_t u32(const uint8_t* p) { return load<uint32_t>(p); }
inline uint64_t u64(const uint8_t* p) { return load<uint64_t>(p); }
inline int64_t i64(const uint8_t* p) { return load<int64_t>(p); }

// Appends code point c as UTF-8.
void put_utf8(std::string& out, uint32_t c);
// UTF-16LE code units (count = units, not bytes) appended as UTF-8; unpaired surrogates become U+FFFD.
void append_utf16(std::string& out, const uint8_t* p, size_t units);
// "ANSI" (the code page is unknown off Windows: bytes >= 0x80 are taken as Latin-1) appended as UTF-8.
void append_ansi(std::string& out, const uint8_t* p, size_t n);
// UTF-16LE up to a NUL or `max_units`; `consumed` gets the bytes used, the NUL included.
std::string utf16_to_utf8(const uint8_t* p, size_t max_units, size_t* consumed = nullptr);

}  // namespace traceshark::etl::detail
