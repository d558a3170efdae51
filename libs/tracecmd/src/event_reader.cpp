#include "traceshark/tracecmd/event_reader.hpp"

#include <algorithm>

#include "cpu_pages.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd {

struct EventReader::Stream {
    uint32_t index = 0;  // into TraceFile::streams()
    uint32_t buffer = 0;
    int cpu = 0;
    std::unique_ptr<detail::CpuPages> pages;
    detail::Page page;
    PageDecoder decoder;
    uint64_t page_pos = 0;
    bool page_loaded = false;
    bool first_in_page = false;
    // pending record
    PageRecord rec;
    uint64_t ts = 0;  // rec.ts corrected: the merge key, as in trace-cmd
    int64_t missed = 0;
};

EventReader::EventReader(TraceFile& file, const ReadOptions& options) : file_(file), damage_(file.metadata().damage)
{
    const auto& all = file.streams();
    for (uint32_t i = 0; i < all.size(); ++i) {
        const auto& st = all[i];
        if (!options.buffers.empty() && std::find(options.buffers.begin(), options.buffers.end(), st.buffer) == options.buffers.end())
            continue;
        const CpuData& cpu = file.buffers()[st.buffer].cpus[st.cpu_index];
        if (options.cpu && *options.cpu != cpu.cpu) continue;
        auto s = std::make_unique<Stream>();
        s->index = i;
        s->buffer = st.buffer;
        s->cpu = cpu.cpu;
        s->pages = file.open_pages(i, damage_);
        streams_.push_back(std::move(s));
    }
    heap_.reserve(streams_.size());
    for (uint32_t i = 0; i < streams_.size(); ++i)
        if (advance(*streams_[i])) push_heap(i);
}

EventReader::~EventReader() = default;

bool EventReader::advance(Stream& s)
{
    const PageLayout layout = file_.page_layout();
    for (;;) {
        if (s.page_loaded) {
            const auto step = s.decoder.next(s.rec);
            if (step == PageDecoder::Step::Record) {
                s.missed = s.first_in_page ? s.decoder.missed_events() : 0;
                s.ts = file_.correct_timestamp(s.rec.ts, s.buffer, s.cpu);
                s.first_in_page = false;
                return true;
            }
            if (step == PageDecoder::Step::Damaged) {
                damage_.push_back({s.page.compressed ? s.page.file_offset : s.page.file_offset + s.decoder.error_offset(),
                                   "CPU " + std::to_string(s.cpu) + " page at stream offset " + std::to_string(s.page_pos) +
                                       (s.page.compressed ? " (compressed chunk), byte " + std::to_string(s.decoder.error_offset()) : std::string()) +
                                       ": " + s.decoder.error() + "; rest of the page skipped"});
            }
            s.page_loaded = false;
            s.page_pos += s.pages->page_size();
        }
        if (s.page_pos >= s.pages->size()) return false;
        if (!s.pages->page_at(s.page_pos, s.page, damage_)) {
            s.page_pos = s.pages->resume_after(s.page_pos);
            continue;
        }
        if (!s.decoder.load(s.page.bytes, layout)) {
            damage_.push_back({s.page.file_offset + (s.page.compressed ? 0 : s.decoder.error_offset()),
                               "CPU " + std::to_string(s.cpu) + " page at stream offset " + std::to_string(s.page_pos) + ": " +
                                   s.decoder.error() + "; page skipped"});
            s.page_pos += s.pages->page_size();
            continue;
        }
        s.page_loaded = true;
        s.first_in_page = true;
    }
}

// A small binary heap keyed by (timestamp, stream index): the index breaks ties, which gives the stable
// buffer-then-CPU order.
static bool before(uint64_t ta, uint32_t a, uint64_t tb, uint32_t b) { return ta < tb || (ta == tb && a < b); }

void EventReader::push_heap(uint32_t s)
{
    heap_.push_back(s);
    size_t i = heap_.size() - 1;
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        const uint32_t a = heap_[i], p = heap_[parent];
        if (!before(streams_[a]->ts, a, streams_[p]->ts, p)) break;
        std::swap(heap_[i], heap_[parent]);
        i = parent;
    }
}

// Moves heap[0] down to its place (its key grew, or it was replaced).
template <class Streams>
static void sift_down(std::vector<uint32_t>& heap, const Streams& streams)
{
    size_t i = 0;
    const size_t n = heap.size();
    for (;;) {
        const size_t l = 2 * i + 1, r = l + 1;
        size_t m = i;
        if (l < n && before(streams[heap[l]]->ts, heap[l], streams[heap[m]]->ts, heap[m])) m = l;
        if (r < n && before(streams[heap[r]]->ts, heap[r], streams[heap[m]]->ts, heap[m])) m = r;
        if (m == i) break;
        std::swap(heap[i], heap[m]);
        i = m;
    }
}

uint32_t EventReader::pop_heap()
{
    const uint32_t top = heap_.front();
    heap_.front() = heap_.back();
    heap_.pop_back();
    sift_down(heap_, streams_);
    return top;
}

// The stream handed out last stays on top of the heap until the next call; then it moves to its next
// record and sinks to its place in one pass (half the work of popping it and pushing it back).
void EventReader::settle()
{
    if (emitted_ < 0) return;
    emitted_ = -1;
    if (advance(*streams_[heap_.front()])) sift_down(heap_, streams_);
    else pop_heap();
}

void EventReader::fill(Record& out, uint32_t si)
{
    const Stream& s = *streams_[si];
    out.raw_ts = s.rec.ts;
    out.ts = s.ts;
    out.data = s.page.bytes.data() + s.rec.data_offset;
    out.size = s.rec.size;
    out.buffer = s.buffer;
    out.cpu = s.cpu;
    out.missed_events = s.missed;
    out.ref = RecordRef::make(s.index, s.page_pos + s.rec.header_offset);
}

const Record* EventReader::next()
{
    settle();
    if (heap_.empty()) return nullptr;
    const uint32_t si = heap_.front();
    emitted_ = si;
    fill(current_, si);
    return &current_;
}

const Record* EventReader::peek()
{
    settle();
    if (heap_.empty()) return nullptr;
    fill(peeked_, heap_.front());
    return &peeked_;
}

void EventReader::consume_peeked()
{
    settle();
    if (!heap_.empty()) emitted_ = heap_.front();
}

}  // namespace traceshark::tracecmd
