// libFuzzer target: the "formats" blob decoder (parts, format parameters), with its round trip.
#include "traceshark/wsmeta/tracedat_formats.hpp"
#include "wsmeta_round_trip.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    check_round_trip(data, size, [](std::string_view s) { return wm::decode_formats(s); }, wm::encode_formats);
    return 0;
}
