// A Windows GUID as ETW stores it: Data1..Data3 little-endian, Data4 as bytes (16 bytes on disk).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace traceshark::etl {

struct Guid {
    uint32_t data1 = 0;
    uint16_t data2 = 0, data3 = 0;
    std::array<uint8_t, 8> data4{};

    // The 16 on-disk bytes (Data1..3 little-endian).
    static Guid from_bytes(const uint8_t* bytes);
    // "3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c" (with or without braces, any case); nullopt if malformed.
    static std::optional<Guid> parse(std::string_view text);
    // Lower-case, no braces: "3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c".
    std::string to_string() const;
    bool is_null() const { return *this == Guid{}; }

    friend auto operator<=>(const Guid&, const Guid&) = default;
};

}  // namespace traceshark::etl
