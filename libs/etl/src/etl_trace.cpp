#include "traceshark/etl/etl_trace.hpp"

#include <algorithm>
#include <map>

#include "bytes.hpp"
#include "header_event.hpp"
#include "traceshark/common/filetime.hpp"
#include "traceshark/common/mapped_file.hpp"
#include "traceshark/etl/layout.hpp"
#include "traceshark/etl/record_parser.hpp"
#include "traceshark/etl/xca_lz77.hpp"

namespace traceshark::etl {
namespace {

using namespace detail;
namespace L = layout;

// The first buffer's header is plausible and its first record is the EventTrace header (SYSTEM32/64, hook 0).
bool header_buffer_ok(std::span<const uint8_t> d, std::string* why)
{
    auto no = [&](const char* w) {
        if (why) *why = w;
        return false;
    };
    if (d.size() < L::kBufferHeaderSize + L::kSystemHeaderSize) return no("file too short for an ETL header buffer");
    const uint32_t size = u32(d.data());
    if (size < L::kBufferHeaderSize + L::kSystemHeaderSize || size > L::kMaxBufferSize)
        return no("first buffer size is not that of an ETL header buffer");
    const uint8_t* r = d.data() + L::kBufferHeaderSize;
    if (r[3] != L::kMarkerEventTrace || (r[2] != 0x01 && r[2] != 0x02) || u16(r + 6) != L::kHookEventTraceHeader)
        return no("no EventTrace header record at offset 0x48");
    return true;
}

}  // namespace

std::string Damage::text() const { return common::describe_at(offset, problem); }

std::string windows_version_text(uint32_t major, uint32_t minor, uint32_t build)
{
    return "Windows " + std::to_string(major) + "." + std::to_string(minor) + " (build " + std::to_string(build) + ")";
}

uint64_t FileMetadata::start_time_ns() const { return common::filetime_to_unix_ns(start_time); }
uint64_t FileMetadata::end_time_ns() const { return common::filetime_to_unix_ns(end_time); }

bool EtlTrace::looks_like_etl(std::span<const uint8_t> head) { return header_buffer_ok(head, nullptr); }

EtlTrace::~EtlTrace() = default;

std::unique_ptr<EtlTrace> EtlTrace::open(const std::string& path)
{
    return open(std::vector<std::string>{path});
}

std::unique_ptr<EtlTrace> EtlTrace::open(const std::vector<std::string>& paths)
{
    if (paths.empty()) throw FormatError(0, "no file to open");
    if (paths.size() > L::kMaxFiles) throw UnsupportedError(0, "more than 255 files in one trace");
    std::unique_ptr<EtlTrace> t(new EtlTrace);
    for (const std::string& p : paths) t->add_file(std::make_unique<common::MappedFile>(p), p);
    t->finish();
    return t;
}

std::unique_ptr<EtlTrace> EtlTrace::open_memory(std::vector<std::vector<uint8_t>> files)
{
    if (files.empty()) throw FormatError(0, "no file to open");
    if (files.size() > L::kMaxFiles) throw UnsupportedError(0, "more than 255 files in one trace");
    std::unique_ptr<EtlTrace> t(new EtlTrace);
    size_t n = 0;
    for (auto& f : files) t->add_file(std::make_unique<common::MappedFile>(std::move(f)), "memory:" + std::to_string(n++));
    t->finish();
    return t;
}

void EtlTrace::add_file(std::unique_ptr<common::MappedFile> map, std::string path)
{
    const auto file_index = static_cast<uint8_t>(maps_.size());
    const std::span<const uint8_t> d = map->all();
    std::string why;
    if (!header_buffer_ok(d, &why)) throw FormatError(0, why + (maps_.empty() ? "" : " (" + path + ")"));

    FileMetadata fm;
    fm.path = std::move(path);
    fm.file_size = d.size();
    first_buffer_.push_back(static_cast<uint32_t>(buffers_.size()));

    // The buffer index: one entry per buffer, stepping by BufferSize (compressed buffers vary in size).
    std::map<uint16_t, bool> cpus;
    uint64_t off = 0;
    uint32_t index = 0;
    while (off < d.size()) {
        if (d.size() - off < L::kBufferHeaderSize) {
            damage_.push_back({file_index, off, "file ends inside a buffer header (" + std::to_string(d.size() - off) +
                                                    " bytes left): truncated"});
            break;
        }
        const uint8_t* h = d.data() + off;
        BufferInfo b;
        b.file = file_index;
        b.index = index;
        b.offset = off;
        b.disk_size = u32(h + L::kBufBufferSize);
        if (b.disk_size == 0) break;  // end of the written buffers (preallocated files)
        if (b.disk_size < L::kBufferHeaderSize || b.disk_size > L::kMaxBufferSize) {
            damage_.push_back({file_index, off, "buffer size " + std::to_string(b.disk_size) +
                                                    " is impossible; the rest of the file is not read"});
            break;
        }
        b.flags = u16(h + L::kBufFlags);
        b.type = u16(h + L::kBufType);
        b.sequence = u64(h + L::kBufSequence);
        b.timestamp = i64(h + L::kBufTimeStamp);
        const uint16_t proc = u16(h + L::kBufProcessor);
        b.cpu = (b.flags & L::kFlagProcIndex) ? proc : static_cast<uint16_t>(proc & 0xFF);
        const uint32_t saved = u32(h + L::kBufSavedOffset), filled = u32(h + L::kBufOffset);
        b.data_end = saved ? saved : filled;  // Win7 header buffers leave SavedOffset 0
        bool usable = true;
        if (b.disk_size > d.size() - off) {
            damage_.push_back({file_index, off, "buffer of " + std::to_string(b.disk_size) + " bytes runs past the end of the file (" +
                                                    std::to_string(d.size() - off) + " bytes left): truncated"});
            if (b.compressed()) usable = false;
            else b.disk_size = static_cast<uint32_t>(d.size() - off);
        }
        if (b.compressed()) {
            ++fm.compressed_buffers;
            if (b.data_end > L::kMaxBufferSize) {
                damage_.push_back({file_index, off, "compressed buffer claims " + std::to_string(b.data_end) + " bytes of data"});
                usable = false;
            }
        } else if (b.data_end > b.disk_size) {
            damage_.push_back({file_index, off, "buffer data end " + std::to_string(b.data_end) + " lies past its size " +
                                                    std::to_string(b.disk_size) + "; read up to its size"});
            b.data_end = b.disk_size;
        }
        if (b.flags & (L::kFlagEventsLost | L::kFlagBufferLost)) ++fm.lost_flag_buffers;
        if (!usable) b.data_end = 0;
        cpus[b.cpu] = true;
        buffers_.push_back(b);
        ++fm.buffers;
        ++index;
        if (off + b.disk_size > d.size()) break;
        off += b.disk_size;
    }
    fm.cpu_streams = static_cast<uint16_t>(cpus.size());

    // The EventTrace header event in the first buffer (never compressed).
    const BufferInfo& first = buffers_[first_buffer_.back()];
    const uint32_t end = std::min<uint32_t>(first.data_end, first.disk_size);
    EventRecord rec;
    const ParseResult pr = parse_record(d.subspan(0, first.disk_size), end, L::kBufferHeaderSize, 8, rec);
    if (pr.status != ParseStatus::Record)
        throw FormatError(L::kBufferHeaderSize, "EventTrace header record: " + (pr.problem.empty() ? std::string("missing") : pr.problem));
    std::string problem;
    if (!parse_logfile_header(rec, fm, problem)) throw FormatError(L::kBufferHeaderSize + rec.payload.size(), problem);

    metadata_.buffers += fm.buffers;
    metadata_.compressed_buffers += fm.compressed_buffers;
    metadata_.bytes += fm.file_size;
    metadata_.files.push_back(std::move(fm));
    maps_.push_back(std::move(map));
}

void EtlTrace::finish()
{
    std::map<std::pair<uint8_t, uint16_t>, std::vector<uint32_t>> by_cpu;
    for (uint32_t i = 0; i < buffers_.size(); ++i) by_cpu[{buffers_[i].file, buffers_[i].cpu}].push_back(i);
    for (auto& [key, list] : by_cpu) {
        std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
            // The header buffer first; then SequenceNumber order, file order for equal numbers.
            const bool ha = buffers_[a].index == 0, hb = buffers_[b].index == 0;
            if (ha != hb) return ha;
            return buffers_[a].sequence < buffers_[b].sequence;
        });
        groups_.push_back(std::move(list));
    }
    metadata_.cpu_streams = static_cast<uint32_t>(groups_.size());
}

const BufferInfo* EtlTrace::buffer(uint8_t file, uint32_t index) const
{
    if (file >= first_buffer_.size()) return nullptr;
    const uint32_t first = first_buffer_[file];
    const uint32_t count = metadata_.files[file].buffers;
    return index < count ? &buffers_[first + index] : nullptr;
}

std::span<const uint8_t> EtlTrace::buffer_data(const BufferInfo& b, std::vector<uint8_t>& scratch,
                                               std::string& problem) const
{
    const std::span<const uint8_t> disk = maps_[b.file]->clipped(b.offset, b.disk_size);
    if (!b.compressed()) return disk.subspan(0, std::min<size_t>(disk.size(), b.data_end));
    if (b.data_end < L::kBufferHeaderSize) {
        problem = b.data_end == 0 ? "compressed buffer cannot be read" : "compressed buffer holds no data";
        return {};
    }
    if (disk.size() < b.disk_size) {
        problem = "compressed buffer is truncated";
        return {};
    }
    scratch.resize(b.data_end);
    std::copy_n(disk.begin(), L::kBufferHeaderSize, scratch.begin());
    const auto r = lz77::decompress(disk.subspan(L::kBufferHeaderSize),
                                    std::span<uint8_t>(scratch).subspan(L::kBufferHeaderSize));
    if (!r.ok()) {
        problem = "compressed buffer (" + std::to_string(b.disk_size) + " bytes on disk, " +
                  std::to_string(b.data_end - L::kBufferHeaderSize) + " expected): " + r.problem;
        return {};
    }
    return scratch;
}

namespace {

// start + delta * num / den in ns, without overflow for any den below 1.8e10 (QPC frequencies, CPU MHz).
uint64_t scaled(uint64_t start, int64_t delta, uint64_t num, uint64_t den)
{
    const uint64_t mag = delta < 0 ? 0 - static_cast<uint64_t>(delta) : static_cast<uint64_t>(delta);
    const uint64_t q = mag / den, r = mag % den;
    const uint64_t d = q * num + r * num / den;
    if (delta < 0) return d > start ? 0 : start - d;
    return start + d;
}

}  // namespace

uint64_t EtlTrace::to_unix_ns(uint8_t file, int64_t raw) const
{
    const FileMetadata& f = metadata_.files[file];
    const uint64_t start = common::filetime_to_unix_ns(f.start_time);
    // Wrapping difference: hostile timestamps must not overflow a signed subtraction.
    const auto delta = static_cast<int64_t>(static_cast<uint64_t>(raw) - static_cast<uint64_t>(f.header_timestamp));
    switch (f.clock_type) {
    case ClockType::SystemTime:
        return common::filetime_to_unix_ns(static_cast<uint64_t>(raw));
    case ClockType::CpuCycles:
        return f.cpu_mhz ? scaled(start, delta, 1000, f.cpu_mhz) : start;
    case ClockType::Qpc:
    default:
        return f.perf_freq ? scaled(start, delta, 1'000'000'000, f.perf_freq) : start;
    }
}

void EtlTrace::release(const BufferInfo& b) const { maps_[b.file]->release(b.offset, b.disk_size); }

OwnedRecord EtlTrace::read_at(RecordRef ref) const
{
    const BufferInfo* b = buffer(ref.file, ref.buffer);
    if (!b) throw FormatError(0, "record reference names no buffer (file " + std::to_string(ref.file) + ", buffer " +
                                     std::to_string(ref.buffer) + ")");
    OwnedRecord out;
    std::string problem;
    const std::span<const uint8_t> data = buffer_data(*b, out.storage, problem);
    if (data.empty()) throw FormatError(b->offset, problem);
    EventRecord& rec = out.record;
    const ParseResult pr =
        parse_record(data, static_cast<uint32_t>(data.size()), ref.record_offset,
                     static_cast<uint8_t>(metadata_.files[ref.file].pointer_size == 4 ? 4 : 8), rec);
    const uint64_t at = b->compressed() ? b->offset : b->offset + ref.record_offset;
    if (ref.record_offset < L::kBufferHeaderSize || (ref.record_offset & 7) || pr.status != ParseStatus::Record)
        throw FormatError(at, "record reference names no record" + (pr.problem.empty() ? "" : ": " + pr.problem));
    rec.ref = ref;
    rec.file_offset = at;
    rec.cpu = b->cpu;
    rec.time_ns = to_unix_ns(ref.file, rec.raw_timestamp);
    return out;
}

}  // namespace traceshark::etl
