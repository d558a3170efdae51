// libFuzzer target: the "formats" blob decoder (parts, format parameters). What decodes must re-encode to a blob
// that decodes to the same formats.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "traceshark/wsmeta/tracedat_formats.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto f = wm::decode_formats(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!f) return 0;
    auto back = wm::decode_formats(wm::encode_formats(*f));
    if (!back || !(*back == *f)) std::abort();
    return 0;
}
