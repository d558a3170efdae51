// A trace-cmd trace.dat file (versions 6 and 7): open it, read its metadata, then iterate its events with
// EventReader or re-read one event by its RecordRef.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/guest_clock_sync.hpp"
#include "traceshark/tracecmd/metadata.hpp"
#include "traceshark/tracecmd/page_decoder.hpp"
#include "traceshark/tracecmd/record.hpp"

namespace traceshark::common {
class MappedFile;
}

namespace traceshark::tracecmd {

namespace detail {
using common::MappedFile;
class CpuPages;
}  // namespace detail

// How timestamps are corrected; the defaults are what `trace-cmd report` does.
struct TimestampOptions {
    bool raw = false;          // no correction at all (report --raw-ts)
    bool ignore_date = false;  // do not add the DATE option (report --nodate)
    bool guest_clock = false;  // guest file: keep the guest's own clock (TIME_SHIFT not applied)
};

class TraceFile {
public:
    // Throws FormatError / UnsupportedError (damaged or unsupported file) or std::system_error (I/O).
    static std::unique_ptr<TraceFile> open(const std::string& path);
    // The same from bytes in memory (`name` only labels messages).
    static std::unique_ptr<TraceFile> open_memory(std::vector<uint8_t> bytes, const std::string& name = "<memory>");
    ~TraceFile();
    TraceFile(const TraceFile&) = delete;
    TraceFile& operator=(const TraceFile&) = delete;

    const std::string& path() const { return path_; }
    uint64_t file_size() const;
    const Metadata& metadata() const { return meta_; }
    const std::vector<Buffer>& buffers() const { return buffers_; }
    std::optional<uint32_t> buffer_index(std::string_view name) const;
    EventFormats& formats() { return *formats_; }
    PageLayout page_layout() const { return layout_; }
    // pid -> comm from the saved command lines.
    std::map<int, std::string> saved_comms() const;
    // The text of a latency-format buffer.
    std::string latency_text(uint32_t buffer) const;

    // Fast access to the common fields of a record (no format parsing beyond the first); -1 if the record is
    // too short to hold the field.
    int event_id(const Record& r)
    {
        const CommonLayout& c = common_layout();
        if (c.type_offset + c.type_size > r.size) return -1;
        return static_cast<int>(detail::load_sized(r.data + c.type_offset, c.type_size, meta_.big_endian));
    }
    int pid(const Record& r)
    {
        const CommonLayout& c = common_layout();
        if (c.pid_offset + c.pid_size > r.size) return -1;
        return static_cast<int>(detail::load_sized(r.data + c.pid_offset, c.pid_size, meta_.big_endian));
    }

    void set_timestamp_options(TimestampOptions o);
    // The timestamp report prints for a record of `buffer` on CPU `cpu`: a guest file's top buffer mapped to
    // host time (TIME_SHIFT; trace-cmd leaves a guest's instances in guest time), then TSC2NSEC, then the
    // DATE and OFFSET options.
    uint64_t correct_timestamp(uint64_t raw_ts, uint32_t buffer, int cpu) const;
    // The guest-to-host mapping of the last TIME_SHIFT option; not enabled for a host or plain file.
    const GuestClockSync& guest_clock_sync() const { return clock_sync_; }

    // Re-reads the record `ref` names; nullopt if it does not name a record of this file.
    std::optional<Record> read_at(RecordRef ref);

    // Streams are the (buffer, CPU) pairs with data, in buffer order then CPU order; RecordRef::stream()
    // indexes this list.
    struct Stream {
        uint32_t buffer;
        uint32_t cpu_index;  // into buffers()[buffer].cpus
    };
    const std::vector<Stream>& streams() const { return streams_; }

    // Internal: page access for readers.
    std::unique_ptr<detail::CpuPages> open_pages(uint32_t stream, std::vector<Note>& damage) const;

private:
    TraceFile() = default;
    const CommonLayout& common_layout()
    {
        if (!common_.known) common_ = formats_->common_layout();
        return common_;
    }
    static std::unique_ptr<TraceFile> finish_open(std::unique_ptr<TraceFile> tf);
    friend class FileParser;

    std::string path_;
    std::unique_ptr<detail::MappedFile> file_;
    std::vector<std::vector<uint8_t>> owned_;  // decompressed metadata sections the views point into
    Metadata meta_;
    std::vector<Buffer> buffers_;
    std::vector<Stream> streams_;
    std::unique_ptr<EventFormats> formats_;
    PageLayout layout_;
    TimestampOptions ts_options_;
    GuestClockSync clock_sync_;
    CommonLayout common_;
    int64_t ts_offset_ = 0;
    std::vector<std::unique_ptr<detail::CpuPages>> random_pages_;
    std::vector<Note> random_damage_;
};

}  // namespace traceshark::tracecmd
