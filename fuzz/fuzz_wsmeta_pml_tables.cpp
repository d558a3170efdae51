// libFuzzer target: the "pml-tables" blob decoder, with its round trip.
#include "traceshark/wsmeta/pml_tables.hpp"
#include "wsmeta_round_trip.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    check_round_trip(data, size, wm::decode_pml_tables, wm::encode_pml_tables);
    return 0;
}
