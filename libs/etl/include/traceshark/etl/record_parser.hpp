// Parses one record of a (decompressed) buffer into an EventRecord: every header type of record.hpp, the pointer
// size per record, EVENT_HEADER extended data items, PERFINFO PMC/PEBS extensions, MESSAGE (WPP) headers.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "traceshark/etl/record.hpp"

namespace traceshark::etl {

enum class ParseStatus { Record, End, Damaged };

struct ParseResult {
    ParseStatus status = ParseStatus::End;
    uint32_t next = 0;     // offset of the next record (Record)
    std::string problem;   // Damaged
};

// `buffer` is the whole buffer (header included), `end` the end of its records, `offset` the record's offset.
// Fills rec's header fields, extended items, payload and bytes (not ref/cpu/time_ns: the caller's). `default_p`
// is the pointer size for records whose type does not say it (MESSAGE, TIMED, ...).
ParseResult parse_record(std::span<const uint8_t> buffer, uint32_t end, uint32_t offset, uint8_t default_p,
                         EventRecord& rec);

// The class GUID of a kernel hook group (Process, Thread, ...); null when unknown.
Guid kernel_group_guid(uint8_t group);

}  // namespace traceshark::etl
