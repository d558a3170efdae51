// Decoding one PML event record, given the log's tables. Works on the record's bytes alone, so the same code
// serves the file reader and the Wireshark dissector (which gets records and tables out of a capture).
#pragma once

#include <cstdint>
#include <span>

#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/layout.hpp"
#include "traceshark/procmon/tables.hpp"

namespace traceshark::procmon {

struct DecodeOptions {
    bool stack = true;    // copy the stack trace
    bool details = true;  // path, details and category (else only the common fields and operation name)
};

// Where an event's bytes are. `record` runs from the event start through its details; `extra` is the body of
// its extra-detail block (without the u16 size), empty when it has none. Extra details need not follow the
// record directly: the record says where they are.
struct RecordBytes {
    std::span<const uint8_t> record;
    std::span<const uint8_t> extra;
    uint64_t extra_offset = 0;  // file offset of `extra` (0 when none)
};

// Finds the record at `offset` in `file` (the whole file, or any buffer whose byte 0 is file offset 0).
// Throws FormatError when the record or its extra details do not fit.
RecordBytes locate_record(std::span<const uint8_t> file, uint64_t offset, unsigned pointer_size);

// Decodes a record. `offset` is its file offset, used in error messages and kept in Event::offset.
// Throws FormatError when the common header is damaged; damage inside the details stops the details there and
// is reported as a detail item named "Damaged" (the common fields stay usable).
Event decode_event(const Tables& tables, const RecordBytes& bytes, uint64_t offset, uint32_t index,
                   const DecodeOptions& options = {});

}  // namespace traceshark::procmon
