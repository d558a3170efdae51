// Bounds-checked sequential reader over a byte range of the file (or of a decompressed section).
// Every failure throws FormatError naming where the bad bytes are.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "traceshark/tracecmd/byte_order.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd::detail {

class ByteReader {
public:
    // `base` is the file offset of data[0]. For a decompressed section, pass the section's file offset and
    // a `origin` such as "zstd section 'kallsyms' at 0x25": errors then say which decompressed byte was bad.
    ByteReader(std::span<const uint8_t> data, uint64_t base, bool big_endian, std::string origin = {})
        : data_(data), base_(base), big_endian_(big_endian), origin_(std::move(origin))
    {
    }

    uint8_t u8(std::string_view what) { return *take(1, what); }
    uint16_t u16(std::string_view what) { return load<uint16_t>(take(2, what), big_endian_); }
    uint32_t u32(std::string_view what) { return load<uint32_t>(take(4, what), big_endian_); }
    uint64_t u64(std::string_view what) { return load<uint64_t>(take(8, what), big_endian_); }

    std::span<const uint8_t> bytes(uint64_t n, std::string_view what)
    {
        const uint8_t* p = take(n, what);
        return {p, static_cast<size_t>(n)};
    }
    std::string_view text(uint64_t n, std::string_view what)
    {
        auto b = bytes(n, what);
        return {reinterpret_cast<const char*>(b.data()), b.size()};
    }
    // A NUL-terminated string; the NUL is consumed but not returned.
    std::string_view cstring(std::string_view what)
    {
        const auto rest = data_.subspan(pos_);
        for (size_t i = 0; i < rest.size(); ++i) {
            if (rest[i] == 0) {
                std::string_view s(reinterpret_cast<const char*>(rest.data()), i);
                pos_ += i + 1;
                return s;
            }
        }
        fail("unterminated " + std::string(what) + " (no NUL before the end of " + scope() + ")");
    }

    void skip(uint64_t n, std::string_view what) { take(n, what); }
    size_t pos() const { return pos_; }
    void seek(size_t pos)
    {
        if (pos > data_.size()) fail("seek past the end of " + scope());
        pos_ = pos;
    }
    size_t remaining() const { return data_.size() - pos_; }
    bool at_end() const { return pos_ == data_.size(); }
    bool big_endian() const { return big_endian_; }
    // File offset of the next byte (for a decompressed section: of the section).
    uint64_t offset() const { return origin_.empty() ? base_ + pos_ : base_; }

    [[noreturn]] void fail(const std::string& problem) const
    {
        if (origin_.empty()) throw FormatError(base_ + pos_, problem);
        throw FormatError(base_, origin_ + ", decompressed byte " + std::to_string(pos_) + ": " + problem);
    }

private:
    const uint8_t* take(uint64_t n, std::string_view what)
    {
        if (n > remaining()) {
            fail("truncated " + std::string(what) + ": needs " + std::to_string(n) + " bytes, only " +
                 std::to_string(remaining()) + " left in " + scope());
        }
        const uint8_t* p = data_.data() + pos_;
        pos_ += static_cast<size_t>(n);
        return p;
    }
    std::string scope() const { return origin_.empty() ? "the file" : "the section"; }

    std::span<const uint8_t> data_;
    uint64_t base_;
    size_t pos_ = 0;
    bool big_endian_;
    std::string origin_;
};

}  // namespace traceshark::tracecmd::detail
