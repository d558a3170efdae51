#include "traceshark/tracecmd/trace_file.hpp"

#include <cstdlib>

#include "cpu_pages.hpp"
#include "file_parser.hpp"
#include "traceshark/common/mapped_file.hpp"
#include "traceshark/tracecmd/byte_order.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd {

std::unique_ptr<TraceFile> TraceFile::open(const std::string& path)
{
    std::unique_ptr<TraceFile> tf(new TraceFile());
    tf->path_ = path;
    tf->file_ = std::make_unique<detail::MappedFile>(path);
    return finish_open(std::move(tf));
}

std::unique_ptr<TraceFile> TraceFile::open_memory(std::vector<uint8_t> bytes, const std::string& name)
{
    std::unique_ptr<TraceFile> tf(new TraceFile());
    tf->path_ = name;
    tf->file_ = std::make_unique<detail::MappedFile>(std::move(bytes));
    return finish_open(std::move(tf));
}

std::unique_ptr<TraceFile> TraceFile::finish_open(std::unique_ptr<TraceFile> tf)
{
    FileParser(*tf).parse();
    if (!tf->meta_.time_shifts.empty()) {
        tf->clock_sync_ = GuestClockSync(tf->meta_.time_shifts.back());
        const auto& problems = tf->clock_sync_.problems();
        tf->meta_.notes.insert(tf->meta_.notes.end(), problems.begin(), problems.end());
    }
    tf->set_timestamp_options({});
    tf->random_pages_.resize(tf->streams_.size());
    return tf;
}

TraceFile::~TraceFile() = default;

uint64_t TraceFile::file_size() const { return file_->size(); }

std::optional<uint32_t> TraceFile::buffer_index(std::string_view name) const
{
    for (uint32_t i = 0; i < buffers_.size(); ++i)
        if (buffers_[i].name == name) return i;
    return std::nullopt;
}

std::map<int, std::string> parse_saved_cmdlines(std::string_view text)
{
    std::map<int, std::string> out;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        const size_t sp = line.find(' ');
        if (sp == std::string_view::npos) continue;
        const std::string pid(line.substr(0, sp));
        char* end = nullptr;
        const long v = std::strtol(pid.c_str(), &end, 10);
        if (end == pid.c_str() || *end != '\0') continue;
        out[static_cast<int>(v)] = std::string(line.substr(sp + 1));
    }
    return out;
}

std::map<int, std::string> TraceFile::saved_comms() const { return parse_saved_cmdlines(meta_.saved_cmdlines); }

std::string TraceFile::latency_text(uint32_t buffer) const
{
    const Buffer& b = buffers_.at(buffer);
    if (!b.latency || b.cpus.empty()) return {};
    std::vector<Note> damage;
    detail::CpuPages pages(*file_, meta_, b, b.cpus[0], damage);
    if (!b.compressed) {
        auto bytes = file_->clipped(b.cpus[0].offset, b.cpus[0].size);
        return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    std::string out;
    detail::Page page;
    for (uint64_t pos = 0; pos < pages.size(); pos += pages.page_size()) {
        if (!pages.page_at(pos, page, damage)) break;
        out.append(reinterpret_cast<const char*>(page.bytes.data()), page.bytes.size());
    }
    return out;
}

void TraceFile::set_timestamp_options(TimestampOptions o)
{
    ts_options_ = o;
    ts_offset_ = meta_.offset_option;
    if (meta_.date_offset_us && !o.ignore_date) ts_offset_ += *meta_.date_offset_us * 1000;
}

uint64_t TraceFile::correct_timestamp(uint64_t ts, uint32_t buffer, int cpu) const
{
    if (ts_options_.raw) return ts;
    if (clock_sync_.enabled() && !ts_options_.guest_clock && buffer < buffers_.size() && buffers_[buffer].name.empty())
        ts = clock_sync_.to_host(ts, cpu);
    if (meta_.tsc2nsec) {
        // trace-cmd's mul_u64_u32_shr with the multiplier read as a signed 32-bit value, modulo 2^64: the
        // same bits as the reference reader, including its wrap-around for odd multipliers.
        const uint64_t mult = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(meta_.tsc2nsec->mult)));
        const unsigned shift = meta_.tsc2nsec->shift;
        const uint64_t lo = ts & 0xffffffffu, hi = ts >> 32;
        uint64_t out = (lo * mult) >> shift;
        if (hi && shift <= 32) out += (hi * mult) << (32 - shift);
        ts = out;
    }
    return ts + static_cast<uint64_t>(ts_offset_);
}

std::unique_ptr<detail::CpuPages> TraceFile::open_pages(uint32_t stream, std::vector<Note>& damage) const
{
    const Stream& s = streams_.at(stream);
    const Buffer& b = buffers_[s.buffer];
    return std::make_unique<detail::CpuPages>(*file_, meta_, b, b.cpus[s.cpu_index], damage);
}

std::optional<Record> TraceFile::read_at(RecordRef ref)
{
    if (ref.stream() >= streams_.size()) return std::nullopt;
    auto& pages = random_pages_[ref.stream()];
    if (!pages) pages = open_pages(ref.stream(), random_damage_);
    const uint64_t pos = ref.position();
    const uint64_t page_pos = pos - pos % pages->page_size();
    detail::Page page;
    if (!pages->page_at(page_pos, page, random_damage_)) return std::nullopt;
    PageDecoder dec;
    if (!dec.load(page.bytes, layout_)) return std::nullopt;
    PageRecord pr;
    bool first = true;
    while (dec.next(pr) == PageDecoder::Step::Record) {
        if (page_pos + pr.header_offset == pos) {
            const Stream& s = streams_[ref.stream()];
            Record r;
            r.raw_ts = pr.ts;
            r.ts = correct_timestamp(pr.ts, s.buffer, buffers_[s.buffer].cpus[s.cpu_index].cpu);
            r.data = page.bytes.data() + pr.data_offset;
            r.size = pr.size;
            r.buffer = s.buffer;
            r.cpu = buffers_[s.buffer].cpus[s.cpu_index].cpu;
            r.missed_events = first ? dec.missed_events() : 0;
            r.ref = ref;
            return r;
        }
        if (page_pos + pr.header_offset > pos) break;
        first = false;
    }
    return std::nullopt;
}

}  // namespace traceshark::tracecmd
