// The property the fuzz_wsmeta_* targets check besides "no crash": what a decoder accepts, its encoder writes so
// that the decoder gives the same value back.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

template <typename Decode, typename Encode>
void check_round_trip(const uint8_t* data, size_t size, Decode decode, Encode encode)
{
    auto value = decode(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!value) return;
    auto back = decode(encode(*value));
    if (!back || !(*back == *value)) std::abort();
}
