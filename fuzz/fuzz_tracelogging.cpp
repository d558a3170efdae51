// libFuzzer target: TraceLogging schema (extended item 11) and provider traits parsing, then decoding the rest of
// the input as the payload with that schema. Input: u16 schema length, schema bytes, payload.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "traceshark/etl/tracelogging_decoder.hpp"

using namespace traceshark::etl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3) return 0;
    const size_t n = static_cast<size_t>(data[0] | data[1] << 8);
    const size_t schema_len = n < size - 2 ? n : size - 2;
    const std::span<const uint8_t> schema(data + 2, schema_len);
    const std::span<const uint8_t> payload(data + 2 + schema_len, size - 2 - schema_len);
    const tracelogging::Schema s = tracelogging::parse_schema(schema);
    std::vector<Field> fields;
    (void)tracelogging::decode_payload(s, payload, data[2] & 1 ? 4 : 8, fields);
    for (const Field& f : fields) (void)f.value.to_string();
    (void)tracelogging::parse_provider_traits(schema);
    // Through the decoder, as a record with both items and as STRING_ONLY.
    EventRecord r;
    r.header_type = HeaderType::EventHeader64;
    r.extended.push_back({ExtendedType::EventSchemaTl, schema});
    r.extended.push_back({ExtendedType::ProvTraits, payload});
    r.payload = payload;
    TraceLoggingDecoder d;
    DecodedEvent e;
    (void)d.decode(r, e);
    r.extended.clear();
    r.event_flags = 0x4;
    (void)d.decode(r, e);
    return 0;
}
