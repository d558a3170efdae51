// libFuzzer target: the "pml-tables" blob decoder. What decodes must re-encode to a blob that decodes the same.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "traceshark/wsmeta/pml_tables.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto t = wm::decode_pml_tables(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!t) return 0;
    auto back = wm::decode_pml_tables(wm::encode_pml_tables(*t));
    if (!back || !(*back == *t)) std::abort();
    return 0;
}
