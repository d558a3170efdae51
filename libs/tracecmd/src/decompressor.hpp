// Decompression of v7 sections and trace-data chunks (zstd and zlib, as trace-cmd writes them).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace traceshark::tracecmd::detail {

class Decompressor {
public:
    virtual ~Decompressor() = default;
    // Decompresses `in` into exactly out.size() bytes; returns an error text or an empty string.
    virtual std::string decompress(std::span<const uint8_t> in, std::span<uint8_t> out) = 0;

    // nullptr for "none"; throws UnsupportedError (at `offset`) for algorithms we do not know.
    static std::unique_ptr<Decompressor> create(std::string_view name, uint64_t offset);
};

}  // namespace traceshark::tracecmd::detail
