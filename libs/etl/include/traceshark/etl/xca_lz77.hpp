// MS-XCA "Plain LZ77" (LZXpress), the compression of ETL buffers in EVENT_TRACE_COMPRESSED_MODE files.
// decompress() is bounded: it writes at most out.size() bytes and never reads outside `in`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace traceshark::etl::lz77 {

struct DecompressResult {
    size_t produced = 0;   // bytes written to `out`
    size_t consumed = 0;   // bytes of `in` used
    std::string problem;   // "" on success
    bool ok() const { return problem.empty(); }
};

// Decompresses into exactly out.size() bytes. Fails (with the input position in `problem`) when the stream ends
// before out is full, would write past it or goes on after it (only a last flag word may follow), or refers back
// before the start of the output.
DecompressResult decompress(std::span<const uint8_t> in, std::span<uint8_t> out);

// A valid Plain LZ77 stream of `data` (greedy hash matching; for test writers and round trips).
std::vector<uint8_t> compress(std::span<const uint8_t> data);

}  // namespace traceshark::etl::lz77
