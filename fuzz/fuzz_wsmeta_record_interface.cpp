// libFuzzer target: the record-interface description parser (machine identity from an untrusted interface block).
// A description that parses must survive encode -> parse unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "traceshark/wsmeta/machine_info.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto m = wm::parse_record_interface_description(text);
    if (!m) return 0;
    if (m->buffer.empty()) m->buffer = "top";  // the encoder writes "top" for the top buffer
    auto back = wm::parse_record_interface_description(wm::record_interface_description(*m));
    if (!back || !(*back == *m)) std::abort();
    return 0;
}
