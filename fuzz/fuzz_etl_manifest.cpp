// libFuzzer target: instrumentation manifest XML through the parser (expat + the manifest model), and the same
// bytes as one EventSource ManifestData event's XML chunk.
#include <cstdint>
#include <string_view>
#include <vector>

#include "traceshark/etl/manifest_decoder.hpp"

using namespace traceshark::etl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    try {
        const manifest::Manifest m = manifest::parse_manifest(xml, "fuzz.man");
        for (const auto& p : m.providers)
            for (const auto& e : p.events) (void)p.find_opcode(e.task, e.opcode);
    } catch (const manifest::ManifestError&) {
    }
    std::vector<uint8_t> payload{1, 1, 0, 0x5B, 1, 0, 0, 0};
    payload.insert(payload.end(), data, data + size);
    EventRecord rec;
    rec.header_type = HeaderType::EventHeader64;
    rec.descriptor.id = 0xFFFE;
    rec.descriptor.opcode = 0xFE;
    rec.payload = payload;
    EventSourceDecoder dec;
    DecodedEvent out;
    (void)dec.decode(rec, out);
    return 0;
}
