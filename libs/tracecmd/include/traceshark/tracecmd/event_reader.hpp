// Chronological iteration over the events of a trace.dat file: the per-CPU streams of the chosen buffers
// merged by timestamp. Equal timestamps keep a stable order: lower buffer index first, then lower CPU
// (what trace-cmd report does).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "traceshark/tracecmd/page_decoder.hpp"
#include "traceshark/tracecmd/record.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

namespace traceshark::tracecmd {

struct ReadOptions {
    std::vector<uint32_t> buffers;  // indexes into TraceFile::buffers(); empty = every buffer
    std::optional<int> cpu;         // only this CPU
};

class EventReader {
public:
    EventReader(TraceFile& file, const ReadOptions& options = {});
    ~EventReader();
    EventReader(const EventReader&) = delete;
    EventReader& operator=(const EventReader&) = delete;

    // The next event in time order, or nullptr at the end. The record stays valid until the next call.
    const Record* next();

    // The record next() would return, without taking it; nullptr at the end. Peeking may move the page
    // buffers the current record points into: copy what you still need from it first.
    const Record* peek();
    // Drops the peeked record (it will not be returned by next()).
    void consume_peeked();

    // Damage met so far (truncated data, corrupt pages, undecodable chunks); reading went on past it.
    const std::vector<Note>& damage() const { return damage_; }

private:
    struct Stream;
    bool advance(Stream& s);
    void settle();
    void fill(Record& out, uint32_t stream);
    void push_heap(uint32_t s);
    uint32_t pop_heap();

    TraceFile& file_;
    std::vector<std::unique_ptr<Stream>> streams_;
    std::vector<uint32_t> heap_;  // indexes of streams holding a pending record, min (ts, index) on top
    int64_t emitted_ = -1;        // stream whose record was handed out last; advanced on the next call
    Record current_;
    Record peeked_;
    std::vector<Note> damage_;
};

}  // namespace traceshark::tracecmd
