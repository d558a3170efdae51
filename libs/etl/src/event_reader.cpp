#include "traceshark/etl/event_reader.hpp"

#include <algorithm>

#include "traceshark/etl/layout.hpp"
#include "traceshark/etl/record_parser.hpp"

namespace traceshark::etl {

struct EventReader::Cursor {
    uint32_t group = 0;
    size_t next_buffer = 0;       // position in the group of the next buffer to load
    const BufferInfo* buffer = nullptr;
    std::span<const uint8_t> data;
    std::vector<uint8_t> scratch;
    uint32_t offset = 0;
    uint8_t default_p = 8;
    EventRecord rec;
};

EventReader::EventReader(const EtlTrace& trace) : trace_(trace), damage_(trace.damage())
{
    const auto& groups = trace.groups();
    for (uint32_t g = 0; g < groups.size(); ++g) {
        auto c = std::make_unique<Cursor>();
        c->group = g;
        cursors_.push_back(std::move(c));
    }
    for (uint32_t g = 0; g < cursors_.size(); ++g)
        if (advance(*cursors_[g])) heap_.push_back(g);
    std::make_heap(heap_.begin(), heap_.end(), [this](uint32_t a, uint32_t b) { return less(b, a); });
}

EventReader::~EventReader() = default;

bool EventReader::less(uint32_t a, uint32_t b) const
{
    const EventRecord& x = cursors_[a]->rec;
    const EventRecord& y = cursors_[b]->rec;
    if (x.time_ns != y.time_ns) return x.time_ns < y.time_ns;
    return a < b;
}

bool EventReader::advance(Cursor& c)
{
    const auto& group = trace_.groups()[c.group];
    for (;;) {
        if (!c.buffer) {
            if (c.next_buffer == group.size()) return false;
            c.buffer = &trace_.buffers()[group[c.next_buffer++]];
            std::string problem;
            c.data = trace_.buffer_data(*c.buffer, c.scratch, problem);
            if (c.data.empty()) {
                if (!problem.empty()) damage_.push_back({c.buffer->file, c.buffer->offset, problem});
                c.buffer = nullptr;
                continue;
            }
            c.offset = layout::kBufferHeaderSize;
            c.default_p = static_cast<uint8_t>(trace_.metadata().files[c.buffer->file].pointer_size == 4 ? 4 : 8);
            c.rec.raw_timestamp = c.buffer->timestamp;
        }
        const BufferInfo& b = *c.buffer;
        const ParseResult r = parse_record(c.data, static_cast<uint32_t>(c.data.size()), c.offset, c.default_p, c.rec);
        if (r.status == ParseStatus::Record) {
            c.rec.ref = {b.file, b.index, c.offset};
            c.rec.file_offset = b.compressed() ? b.offset : b.offset + c.offset;
            c.rec.cpu = b.cpu;
            c.rec.time_ns = trace_.to_unix_ns(b.file, c.rec.raw_timestamp);
            c.offset = r.next;
            return true;
        }
        if (r.status == ParseStatus::Damaged) {
            damage_.push_back({b.file, b.compressed() ? b.offset : b.offset + c.offset,
                               r.problem + (b.compressed() ? " (at " + std::to_string(c.offset) +
                                                                 " in the decompressed buffer)"
                                                           : std::string()) +
                                   "; the rest of the buffer is skipped"});
        }
        if (!b.compressed()) trace_.release(b);
        c.buffer = nullptr;
    }
}

const EventRecord* EventReader::next()
{
    auto greater = [this](uint32_t a, uint32_t b) { return less(b, a); };
    if (pending_ >= 0) {
        const auto g = static_cast<uint32_t>(pending_);
        pending_ = -1;
        if (advance(*cursors_[g])) {
            heap_.push_back(g);
            std::push_heap(heap_.begin(), heap_.end(), greater);
        }
    }
    if (heap_.empty()) return nullptr;
    std::pop_heap(heap_.begin(), heap_.end(), greater);
    const uint32_t g = heap_.back();
    heap_.pop_back();
    pending_ = g;
    ++count_;
    return &cursors_[g]->rec;
}

}  // namespace traceshark::etl
