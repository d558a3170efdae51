// libFuzzer target: the record-interface description parser (machine identity from an untrusted interface block),
// with its round trip.
#include "traceshark/wsmeta/machine_info.hpp"
#include "wsmeta_round_trip.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto parse = [](std::string_view s) {
        auto m = wm::parse_record_interface_description(s);
        if (m && m->buffer.empty()) m->buffer = "top";  // the encoder writes "top" for the top buffer
        return m;
    };
    check_round_trip(data, size, parse, wm::record_interface_description);
    return 0;
}
