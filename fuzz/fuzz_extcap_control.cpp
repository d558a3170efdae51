// The extcap's control-pipe decoder on arbitrary bytes, fed in pieces of the sizes the input's first byte picks.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "extcap_control.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) return 0;
    const size_t chunk = 1 + data[0] % 64;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    traceshark::extcap::ControlDecoder d;
    try {
        for (size_t at = 0; at < bytes.size(); at += chunk) {
            d.feed(bytes.substr(at, chunk));
            while (auto m = d.next()) {
                // What decodes encodes back to the same bytes.
                const std::string again = traceshark::extcap::encode_control(*m);
                if (again.size() != traceshark::extcap::kControlHeaderSize + m->payload.size()) __builtin_trap();
            }
        }
    } catch (const std::runtime_error&) {
    }
    return 0;
}
