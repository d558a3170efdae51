// One ring-buffer event as delivered by the reader.
#pragma once

#include <cstdint>

namespace traceshark::tracecmd {

// A stable handle for re-reading a record: the CPU stream it belongs to and its byte position in that
// stream's (uncompressed) page data. Fits the 64-bit offsets Wireshark keeps per frame.
struct RecordRef {
    static constexpr int kPositionBits = 48;
    uint64_t value = 0;

    static RecordRef make(uint32_t stream, uint64_t position)
    {
        return RecordRef{(uint64_t{stream} << kPositionBits) | position};
    }
    uint32_t stream() const { return static_cast<uint32_t>(value >> kPositionBits); }
    uint64_t position() const { return value & ((uint64_t{1} << kPositionBits) - 1); }
    friend bool operator==(RecordRef a, RecordRef b) = default;
};

struct Record {
    uint64_t ts = 0;      // corrected timestamp (TIME_SHIFT, TSC2NSEC, DATE, OFFSET applied unless raw was asked)
    uint64_t raw_ts = 0;  // timestamp as the kernel recorded it
    const uint8_t* data = nullptr;  // event payload (starts with the common fields)
    uint32_t size = 0;
    uint32_t buffer = 0;  // index into TraceFile::buffers()
    int cpu = 0;
    // Events the kernel lost just before this record: 0 none, -1 lost but count unknown, >0 count.
    int64_t missed_events = 0;
    RecordRef ref;
};

}  // namespace traceshark::tracecmd
