// Payload decoder for self-describing events: TraceLogging (EVENT_HEADER records carrying the event schema,
// extended item 11, and usually the provider traits, item 12; formats.md §3.5) and STRING_ONLY events
// (EVENT_HEADER flag 0x4: the payload is one UTF-16 string). Names as PerfView gives them:
// "ProviderName/EventName". Parsed schemas are cached by their bytes (TraceLogging ids are often all 0).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "traceshark/etl/decoder.hpp"

namespace traceshark::etl {

namespace tracelogging {

// One field of an event schema, the members of a struct (InType 24) nested below it.
struct FieldDef {
    std::string name;
    uint8_t in_type = 0;    // TlgIn*: 0 Null ... 25 CountedBinary
    uint8_t arity = 0;      // 0 scalar, 1 constant count, 2 variable count (u16 in the payload), 3 custom
    uint16_t count = 0;     // constant count
    uint8_t out_type = 0;   // TlgOut* hint (for structs: the number of member fields)
    uint32_t tags = 0;
    std::vector<FieldDef> members;  // struct members
};

struct Schema {
    uint32_t tags = 0;
    std::string event_name;
    std::vector<FieldDef> fields;
    std::string problem;  // malformed metadata: the fields before the damage are kept
};

inline constexpr size_t kMaxNesting = 32;   // struct depth
inline constexpr size_t kMaxFields = 4096;  // field definitions per schema

// Parses extended item 11 (the whole blob, its u16 size included).
Schema parse_schema(std::span<const uint8_t> blob);
// The provider name of extended item 12 ("" if malformed).
std::string parse_provider_traits(std::span<const uint8_t> blob);
// Decodes a payload with a schema; returns "" or the problem where decoding stopped.
std::string decode_payload(const Schema& schema, std::span<const uint8_t> payload, uint8_t pointer_size,
                           std::vector<Field>& out);

}  // namespace tracelogging

class TraceLoggingDecoder final : public PayloadDecoder {
public:
    TraceLoggingDecoder();
    ~TraceLoggingDecoder() override;
    bool decode(const EventRecord& record, DecodedEvent& out) override;

private:
    struct Cache;
    std::unique_ptr<Cache> cache_;
};

std::unique_ptr<PayloadDecoder> make_tracelogging_decoder();

}  // namespace traceshark::etl
