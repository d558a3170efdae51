// libFuzzer target: one ring-buffer page in every layout (byte order, kernel long size).
#include <cstdint>
#include <span>

#include "traceshark/tracecmd/page_decoder.hpp"

using namespace traceshark::tracecmd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    for (bool be : {false, true}) {
        for (int lsize : {4, 8}) {
            PageDecoder dec;
            if (!dec.load(std::span<const uint8_t>(data, size), PageLayout{be, lsize})) continue;
            PageRecord r;
            uint64_t sum = 0;
            while (dec.next(r) == PageDecoder::Step::Record) {
                // Touch the payload: it must lie inside the input.
                for (uint32_t i = 0; i < r.size; ++i) sum += data[r.data_offset + i];
            }
            asm volatile("" : : "r"(sum));  // keep the reads
        }
    }
    return 0;
}
