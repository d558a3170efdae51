// libFuzzer target: a whole ETL file through the ETW tracking adapter and the engine, as the Wireshark plugin's
// first pass drives them (decode, map, consume), then the random-access answers for some events (context,
// activity, the objects used). Hostile traces must give bounded tables and no crash.
#include <cstdint>
#include <vector>

#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/registry.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/etl/mapper.hpp"

using namespace traceshark;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        auto trace = etl::EtlTrace::open_memory({std::vector<uint8_t>(data, data + size)});
        auto decoders = etl::make_default_decoders();
        tracking::Engine engine;
        const uint32_t machine = engine.add_machine({"fuzz", "Windows"});
        tracking::EtlMapper mapper;
        etl::EventReader reader(*trace);
        uint64_t n = 0;
        while (const etl::EventRecord* r = reader.next()) {
            const etl::DecodedEvent d = decoders->decode(*r);
            const tracking::NormalizedEvent e = mapper.map(*r, d, machine);
            const tracking::EventSeq seq = engine.consume(e);
            if (++n % 8 == 1) {
                (void)mapper.activity(*r, d);
                (void)engine.context(machine, e.tid, seq, e.pid);
                (void)engine.file_of(seq);
                (void)engine.socket_of(seq);
            }
        }
        (void)mapper.table_entries();
    } catch (const etl::FormatError&) {
        // Refusing damaged input is the expected outcome.
    }
    return 0;
}
