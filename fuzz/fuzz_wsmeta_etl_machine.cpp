// libFuzzer target: the "etl-header" blob decoder, with its round trip.
#include "traceshark/wsmeta/etl_machine.hpp"
#include "wsmeta_round_trip.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    check_round_trip(data, size, wm::decode_etl_machine, wm::encode_etl_machine);
    return 0;
}
