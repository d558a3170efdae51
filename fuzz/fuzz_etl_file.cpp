// libFuzzer target: a whole ETL file through open (header buffer, buffer scan), every record in time order
// (decompressing LZ77 buffers), the default decoders, and read_at of some records.
#include <cstdint>
#include <vector>

#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/registry.hpp"

using namespace traceshark::etl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        auto trace = EtlTrace::open_memory({std::vector<uint8_t>(data, data + size)});
        auto decoders = make_default_decoders();
        EventReader reader(*trace);
        uint64_t n = 0;
        while (const EventRecord* r = reader.next()) {
            (void)decoders->decode(*r).name();
            if (++n % 16 == 1) {
                try {
                    (void)trace->read_at(r->ref);
                } catch (const FormatError&) {
                }
            }
        }
    } catch (const FormatError&) {
        // Refusing damaged input is the expected outcome.
    }
    return 0;
}
