#include "live_stream.hpp"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "tracefs_shim.h"

#include "traceshark/tracecmd/page_decoder.hpp"
#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/ftrace_machine.hpp"

namespace traceshark::extcap {
namespace {

namespace tc = traceshark::tracecmd;
namespace wm = traceshark::wsmeta;

struct CpuReader {
    int cpu;
    tracefs_cpu* tcpu;
    int fd;
};

struct Pending {
    uint64_t ts;  // raw trace clock
    uint32_t cpu;
    const uint8_t* data;  // in a page of the window, or in the held bytes of a record kept for the next window
    uint32_t size;
    int64_t missed;
};

// The records read in one poll, in the pages they came in, plus the ones an earlier window held back.
class Window {
public:
    explicit Window(size_t page_size) : page_size_(page_size) {}
    uint8_t* new_page()
    {
        if (used_ == pages_.size()) pages_.push_back(std::make_unique<uint8_t[]>(page_size_));
        return pages_[used_++].get();
    }
    void drop_last_page() { --used_; }
    std::vector<Pending> records;
    // Sorts the records by time; hands those at or before `watermark` to `write` in that order and keeps the
    // rest (with copies of their bytes: the pages are reused) for the next window.
    template <typename Write>
    void release(uint64_t watermark, Write&& write)
    {
        std::stable_sort(records.begin(), records.end(), [](const Pending& a, const Pending& b) { return a.ts < b.ts; });
        const auto split = std::upper_bound(records.begin(), records.end(), watermark,
                                            [](uint64_t w, const Pending& p) { return w < p.ts; });
        for (auto it = records.begin(); it != split; ++it) write(*it);
        std::vector<std::vector<uint8_t>> held;
        std::vector<Pending> rest(split, records.end());
        held.reserve(rest.size());
        for (Pending& p : rest) {
            held.emplace_back(p.data, p.data + p.size);
            p.data = held.back().data();
        }
        held_.swap(held);  // the previous window's held bytes go only now, after being copied where still needed
        records.swap(rest);
        used_ = 0;
    }

private:
    size_t page_size_;
    std::vector<std::unique_ptr<uint8_t[]>> pages_;  // reused from window to window
    size_t used_ = 0;
    std::vector<std::vector<uint8_t>> held_;
};

// An event is stamped when the kernel reserves its slot and readable once committed, so a read may just miss an
// event stamped a moment before it started: a CPU's watermark stays this far behind the read's start.
constexpr uint64_t kCommitSlackNs = 1000000;

// At most this many pages per CPU and window, so that a window ends (and the stop flag is seen) under any load.
constexpr uint64_t kMaxPagesPerWindow = 1024;

struct CpuRead {
    uint64_t pages = 0;
    uint64_t last_ts = 0;  // of the last record read
};

// Reads the pages CPU `r` has ready into the window (up to kMaxPagesPerWindow).
CpuRead read_cpu(const CpuReader& r, Window& w, const tc::PageLayout& layout, size_t page_size, StreamStats& stats)
{
    CpuRead got;
    uint64_t& pages = got.pages;
    while (pages < kMaxPagesPerWindow) {
        uint8_t* page = w.new_page();
        const int n = ts_cpu_read(r.tcpu, page);
        if (n <= 0) {
            w.drop_last_page();
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                throw std::runtime_error("reading CPU " + std::to_string(r.cpu) + "'s ring buffer: " + std::strerror(errno));
            return got;
        }
        ++pages;
        std::memset(page + n, 0, page_size - static_cast<size_t>(n));
        tc::PageDecoder d;
        if (!d.load({page, page_size}, layout)) {
            ++stats.damaged_pages;
            continue;
        }
        int64_t missed = d.missed_events();
        if (missed > 0) stats.lost += static_cast<uint64_t>(missed);
        tc::PageRecord rec;
        tc::PageDecoder::Step step;
        while ((step = d.next(rec)) == tc::PageDecoder::Step::Record) {
            w.records.push_back({rec.ts, static_cast<uint32_t>(r.cpu), page + rec.data_offset, rec.size, missed});
            got.last_ts = rec.ts;
            missed = 0;  // the page's lost events belong before its first record
        }
        if (step == tc::PageDecoder::Step::Damaged) ++stats.damaged_pages;
    }
    return got;
}

void sleep_ns(uint64_t ns)
{
    timespec t{static_cast<time_t>(ns / 1000000000u), static_cast<long>(ns % 1000000000u)};
    nanosleep(&t, nullptr);  // a stop signal interrupts it
}

uint64_t monotonic_now_ns()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<uint64_t>(t.tv_sec) * 1000000000u + static_cast<uint64_t>(t.tv_nsec);
}

// The pause before the next window: the poll interval, shortened under load so that the busiest CPU's buffer is
// read again before a quarter of it has filled (at the rate its pages came in since the last window); the
// kernel drops events once a buffer is full. Never below 1 ms.
uint64_t next_pause_ns(uint64_t interval_ns, uint64_t busiest_pages, uint64_t elapsed_ns, uint64_t buffer_pages)
{
    if (busiest_pages == 0 || elapsed_ns == 0 || buffer_pages == 0) return interval_ns;
    const double pages_per_ns = static_cast<double>(busiest_pages) / static_cast<double>(elapsed_ns);
    const double quarter_fill_ns = static_cast<double>(buffer_pages) / 4.0 / pages_per_ns;
    const uint64_t pause = quarter_fill_ns < static_cast<double>(interval_ns) ? static_cast<uint64_t>(quarter_fill_ns)
                                                                              : interval_ns;
    return std::max<uint64_t>(pause, 1000000u);
}

}  // namespace

void stream(FtraceSession& session, PcapngWriter& out, volatile std::sig_atomic_t* stop, unsigned interval_ms,
            StreamStats& stats, const std::function<void(const StreamStats&)>& after_window)
{
    const MachineSnapshot& m = session.machine();
    std::vector<CpuReader> cpus;
    struct Closer {
        std::vector<CpuReader>& v;
        ~Closer()
        {
            for (auto& c : v) ts_cpu_close(c.tcpu, c.fd);
        }
    } closer{cpus};
    for (int cpu = 0; cpu < m.params.cpus; ++cpu) {
        int fd = -1;
        if (tracefs_cpu* t = ts_cpu_open(session.instance(), cpu, getpagesize(), &fd)) cpus.push_back({cpu, t, fd});
    }
    if (cpus.empty()) throw std::runtime_error(std::string("cannot open any CPU's trace_pipe_raw: ") + std::strerror(errno));
    const auto page_size = static_cast<size_t>(ts_cpu_read_size(cpus.front().tcpu));

    // The interface blocks, exactly as the trace.dat reader gives them: the record interface, then the metadata.
    wm::FtraceMachine fm = m.view();
    fm.params.page_size = static_cast<uint32_t>(page_size);
    const uint64_t key = wm::ftrace_machine_key(fm);
    wm::MachineInfo mi;
    mi.key = key;
    mi.host = m.hostname;
    mi.release = m.release;
    mi.version = m.version;
    mi.arch = m.arch;
    mi.cpus = m.params.cpus;
    mi.clock = std::string(session.clock().name);
    mi.buffer = session.name();
    const std::string os = "Linux " + m.release;
    out.section_header("traceshark-ftrace (Traceshark extcap)", os);
    const uint32_t record_interface = out.interface(wm::record_interface_name(mi), wm::record_interface_description(mi), os);
    for (const auto& c : wm::ftrace_meta_chunks(fm, key)) out.interface(c.name, c.description, {});
    out.flush();

    const tc::PageLayout layout{m.params.big_endian, m.params.kernel_long_size};
    const int64_t offset = session.realtime_offset_ns();
    Window w(page_size);
    uint64_t sequence = 0;
    auto write = [&](const Pending& p) {
        wm::EventHeader h;
        h.cpu = p.cpu;
        h.buffer = 0;
        h.missed_events = p.missed;
        if (p.missed != 0) h.flags |= wm::EventHeader::kFlagLostEvents;
        if (m.params.big_endian) h.flags |= wm::EventHeader::kFlagBigEndianData;
        h.machine_key = key;
        h.record_ref = sequence++;  // no file to point into: the record's index in this capture
        uint8_t header[wm::EventHeader::kSize];
        h.encode(header);
        out.packet(record_interface, static_cast<uint64_t>(static_cast<int64_t>(p.ts) + offset),
                   {std::span<const uint8_t>(wm::kExportedPduPrefix), std::span<const uint8_t>(header),
                    std::span<const uint8_t>(p.data, p.size)});
        ++stats.events;
    };
    // Reads every CPU; returns the time up to which all CPUs' events are in the window (the trace clock is
    // the session's clock) and whether some CPU had more pages ready than one window takes.
    uint64_t busiest = 0;  // pages of the CPU that had most in the last window
    auto read_all = [&](bool& capped) {
        capped = false;
        busiest = 0;
        uint64_t watermark = ~uint64_t{0};
        for (const auto& c : cpus) {
            const uint64_t started = static_cast<uint64_t>(now_ns(session.clock()));
            const CpuRead got = read_cpu(c, w, layout, page_size, stats);
            stats.pages += got.pages;
            busiest = std::max(busiest, got.pages);
            // A CPU read empty has nothing older than its read's start left; one cut short, nothing older than its
            // last record read.
            const bool cut = got.pages == kMaxPagesPerWindow;
            capped |= cut;
            watermark = std::min(watermark, cut ? got.last_ts : started - std::min(started, kCommitSlackNs));
        }
        return watermark;
    };
    const long buffer_kb = ts_instance_buffer_kb(session.instance());
    const uint64_t buffer_pages = buffer_kb > 0 ? static_cast<uint64_t>(buffer_kb) * 1024u / page_size : 0;
    const uint64_t interval_ns = uint64_t{interval_ms} * 1000000u;
    uint64_t last_start = monotonic_now_ns();
    while (!*stop) {
        bool capped = false;
        const uint64_t start = monotonic_now_ns();
        const uint64_t watermark = read_all(capped);
        w.release(watermark, write);
        out.flush();
        if (after_window) after_window(stats);
        // A window cut short by the page limit is followed by the next one at once.
        if (!*stop && !capped) sleep_ns(next_pause_ns(interval_ns, busiest, start - last_start, buffer_pages));
        last_start = start;
    }
    // Stop the recording first so that the last reads empty the buffers, partial pages included; then everything
    // held goes out.
    session.stop_tracing();
    for (bool capped = true; capped;) {
        const uint64_t watermark = read_all(capped);
        if (capped) w.release(watermark, write);
    }
    w.release(~uint64_t{0}, write);  // no CPU has anything left
    out.flush();
}

}  // namespace traceshark::extcap
