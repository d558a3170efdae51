// libFuzzer target: MS-XCA Plain LZ77 decompression of arbitrary input into an output of a size taken from the
// input's first two bytes, and compress/decompress round trips of the input.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "traceshark/etl/xca_lz77.hpp"

using namespace traceshark::etl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2) return 0;
    const size_t out_size = static_cast<size_t>(data[0] | data[1] << 8);
    std::vector<uint8_t> out(out_size);
    (void)lz77::decompress({data + 2, size - 2}, out);
    const std::vector<uint8_t> input(data, data + size);
    const auto z = lz77::compress(input);
    std::vector<uint8_t> back(input.size());
    const auto r = lz77::decompress(z, back);
    if (!r.ok() || back != input) std::abort();
    return 0;
}
