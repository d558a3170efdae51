// libFuzzer target: the "guest-link" blob decoder, with its round trip.
#include "traceshark/wsmeta/guest_link.hpp"
#include "wsmeta_round_trip.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    check_round_trip(data, size, wm::decode_guest_link, wm::encode_guest_link);
    return 0;
}
