// Loads of file-endian integers from unaligned memory (trace.dat files may be big- or little-endian).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace traceshark::tracecmd::detail {

template <typename T>
inline T load(const uint8_t* p, bool big_endian)
{
    T v;
    std::memcpy(&v, p, sizeof v);
    if (big_endian != (std::endian::native == std::endian::big)) {
        if constexpr (sizeof(T) == 2) v = static_cast<T>(__builtin_bswap16(v));
        else if constexpr (sizeof(T) == 4) v = static_cast<T>(__builtin_bswap32(v));
        else if constexpr (sizeof(T) == 8) v = static_cast<T>(__builtin_bswap64(v));
    }
    return v;
}

// Reads an unsigned integer of 1, 2, 4 or 8 bytes.
inline uint64_t load_sized(const uint8_t* p, unsigned size, bool big_endian)
{
    switch (size) {
    case 1: return *p;
    case 2: return load<uint16_t>(p, big_endian);
    case 4: return load<uint32_t>(p, big_endian);
    case 8: return load<uint64_t>(p, big_endian);
    default: return 0;
    }
}

}  // namespace traceshark::tracecmd::detail
