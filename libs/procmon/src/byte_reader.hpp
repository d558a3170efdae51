// Bounds-checked little-endian reader over a byte range of a PML file. Failures throw FormatError naming the
// file offset of the bad bytes and what was being read.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "traceshark/procmon/error.hpp"

namespace traceshark::procmon::detail {

class ByteReader {
public:
    // `base` is the file offset of data[0].
    ByteReader(std::span<const uint8_t> data, uint64_t base) : data_(data), base_(base) {}

    uint8_t u8(const char* what) { return *take(1, what); }
    uint16_t u16(const char* what) { return load<uint16_t>(take(2, what)); }
    uint32_t u32(const char* what) { return load<uint32_t>(take(4, what)); }
    uint64_t u64(const char* what) { return load<uint64_t>(take(8, what)); }
    uint64_t pointer(unsigned size, const char* what) { return size == 8 ? u64(what) : u32(what); }
    std::span<const uint8_t> bytes(uint64_t n, const char* what) { return {take(n, what), static_cast<size_t>(n)}; }
    void skip(uint64_t n, const char* what) { take(n, what); }

    size_t pos() const { return pos_; }
    size_t remaining() const { return data_.size() - pos_; }
    uint64_t offset() const { return base_ + pos_; }
    void seek(size_t pos, const char* what)
    {
        if (pos > data_.size()) fail(std::string(what) + " lies outside its record");
        pos_ = pos;
    }

    [[noreturn]] void fail(const std::string& problem) const { throw FormatError(base_ + pos_, problem); }

private:
    template <typename T>
    static T load(const uint8_t* p)
    {
        T v;
        std::memcpy(&v, p, sizeof v);  // PML is little-endian, like every host we build for
        return v;
    }
    const uint8_t* take(uint64_t n, const char* what)
    {
        if (n > remaining()) {
            fail("truncated " + std::string(what) + ": needs " + std::to_string(n) + " bytes, " +
                 std::to_string(remaining()) + " left");
        }
        const uint8_t* p = data_.data() + pos_;
        pos_ += static_cast<size_t>(n);
        return p;
    }

    std::span<const uint8_t> data_;
    uint64_t base_;
    size_t pos_ = 0;
};

}  // namespace traceshark::procmon::detail
