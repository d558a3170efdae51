// Every event of an EtlTrace in time order: each (file, CPU) buffer group is read in SequenceNumber order and the
// groups are merged by timestamp (k-way merge; equal times keep group order, then record order). Memory: one
// decompressed buffer per group.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::etl {

class EventReader {
public:
    explicit EventReader(const EtlTrace& trace);
    ~EventReader();
    EventReader(const EventReader&) = delete;
    EventReader& operator=(const EventReader&) = delete;

    // The next record in time order, or nullptr at the end. Valid until the next call.
    const EventRecord* next();
    // The trace's scan problems, then those found while reading (a damaged buffer is skipped from the damaged
    // record on; reading goes on with the next buffer).
    const std::vector<Damage>& damage() const { return damage_; }
    uint64_t records_read() const { return count_; }

private:
    struct Cursor;
    bool advance(Cursor& c);
    bool less(uint32_t a, uint32_t b) const;

    const EtlTrace& trace_;
    std::vector<std::unique_ptr<Cursor>> cursors_;
    std::vector<uint32_t> heap_;
    int64_t pending_ = -1;  // the cursor whose record was handed out last (advanced on the next call)
    std::vector<Damage> damage_;
    uint64_t count_ = 0;
};

}  // namespace traceshark::etl
