// A bounded little-endian reader over a payload, shared by the payload decoders (kernel MOF, TraceLogging).
// Every read checks the remaining length; a failed read sets `failed` and returns 0 / an empty value, so decoders
// can read a whole layout and test once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "../bytes.hpp"
#include "traceshark/etl/guid.hpp"

namespace traceshark::etl::detail {

class Cursor {
public:
    explicit Cursor(std::span<const uint8_t> d) : d_(d) {}
    size_t pos() const { return pos_; }
    size_t remaining() const { return pos_ <= d_.size() ? d_.size() - pos_ : 0; }
    bool at_end() const { return remaining() == 0; }
    bool failed = false;

    bool need(size_t n)
    {
        if (n > remaining()) {
            failed = true;
            return false;
        }
        return true;
    }
    const uint8_t* take(size_t n)
    {
        if (!need(n)) return nullptr;
        const uint8_t* p = d_.data() + pos_;
        pos_ += n;
        return p;
    }
    uint64_t uint(size_t n)  // n = 1, 2, 4 or 8
    {
        const uint8_t* p = take(n);
        if (!p) return 0;
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
        return v;
    }
    uint8_t u8() { return static_cast<uint8_t>(uint(1)); }
    uint16_t u16() { return static_cast<uint16_t>(uint(2)); }
    uint32_t u32() { return static_cast<uint32_t>(uint(4)); }
    uint64_t u64() { return uint(8); }
    uint16_t u16be()
    {
        const uint8_t* p = take(2);
        return p ? static_cast<uint16_t>(p[0] << 8 | p[1]) : 0;
    }
    Guid guid()
    {
        const uint8_t* p = take(16);
        return p ? Guid::from_bytes(p) : Guid{};
    }
    // NUL-terminated UTF-16; a string that runs to the end without NUL is taken whole (and is not a failure
    // when `lenient`, the way TDH reads the last string of a payload).
    std::string utf16z(bool lenient = true)
    {
        std::string s;
        size_t units = remaining() / 2;
        size_t n = 0;
        const uint8_t* p = d_.data() + pos_;
        while (n < units && (p[2 * n] | p[2 * n + 1]) != 0) ++n;
        if (n == units) {  // no terminator: the rest of the payload (an odd last byte is dropped)
            if (!lenient || remaining() == 0) failed = true;
            append_utf16(s, p, n);
            pos_ = d_.size();
            return s;
        }
        append_utf16(s, p, n);
        pos_ += 2 * (n + 1);
        return s;
    }
    std::string ansiz(bool lenient = true)
    {
        std::string s;
        size_t r = remaining();
        const uint8_t* p = d_.data() + pos_;
        size_t n = 0;
        while (n < r && p[n] != 0) ++n;
        append_ansi(s, p, n);
        if (n == r) {
            if (!lenient || r == 0) failed = true;
            pos_ += n;
        } else {
            pos_ += n + 1;
        }
        return s;
    }
    std::span<const uint8_t> rest()
    {
        std::span<const uint8_t> r = d_.subspan(pos_ <= d_.size() ? pos_ : d_.size());
        pos_ = d_.size();
        return r;
    }

private:
    std::span<const uint8_t> d_;
    size_t pos_ = 0;
};

}  // namespace traceshark::etl::detail
