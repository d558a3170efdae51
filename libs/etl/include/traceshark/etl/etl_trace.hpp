// An ETW trace: one .etl file, or several files of one session read together as one trace (PerfView's diaghub
// set). open -> metadata -> EventReader (every event in time order) or read_at(RecordRef) for any one record.
//
// Opening maps the files, reads each one's EventTrace header and scans the buffer headers (a small index per
// buffer); no record is parsed until it is read. Buffers are grouped per file and CPU, ordered by SequenceNumber,
// and the reader merges the groups by timestamp. Compressed buffers are decompressed when the reader reaches them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "traceshark/etl/error.hpp"
#include "traceshark/etl/metadata.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::common {
class MappedFile;
}

namespace traceshark::etl {

// A damaged place the reader worked around (it goes on after it).
struct Damage {
    uint8_t file = 0;     // index into Metadata::files
    uint64_t offset = 0;  // file offset (of the buffer, or of the record where the buffer is not compressed)
    std::string problem;
    std::string text() const;  // "offset 0x1a2b: problem"
};

// Where one buffer is and what its header says (the per-buffer index).
struct BufferInfo {
    uint8_t file = 0;
    uint32_t index = 0;          // in file order
    uint64_t offset = 0;         // file offset
    uint32_t disk_size = 0;      // BufferSize
    uint32_t data_end = 0;       // end of records in the (decompressed) buffer: SavedOffset (or Offset, Win7)
    uint64_t sequence = 0;
    int64_t timestamp = 0;
    uint16_t cpu = 0;
    uint16_t flags = 0;
    uint16_t type = 0;
    bool compressed() const { return flags & 0x40; }
};

// A record read by reference: it owns the decompressed buffer its spans point into (moving keeps them valid).
struct OwnedRecord {
    std::vector<uint8_t> storage;
    EventRecord record;
};

class EtlTrace {
public:
    // Throw FormatError (not an ETL file: no EventTrace header; unreadable structure), UnsupportedError or
    // std::system_error (cannot open). Several paths: one session's files, merged in time order.
    static std::unique_ptr<EtlTrace> open(const std::string& path);
    static std::unique_ptr<EtlTrace> open(const std::vector<std::string>& paths);
    static std::unique_ptr<EtlTrace> open_memory(std::vector<std::vector<uint8_t>> files);
    // True when `head` (the first bytes of a file, >= 0x70 of them) looks like an ETL file's first buffer.
    static bool looks_like_etl(std::span<const uint8_t> head);
    ~EtlTrace();
    EtlTrace(const EtlTrace&) = delete;
    EtlTrace& operator=(const EtlTrace&) = delete;

    const Metadata& metadata() const { return metadata_; }
    // Problems found while scanning the buffers (EventReader::damage() adds those found while reading).
    const std::vector<Damage>& damage() const { return damage_; }
    const std::vector<BufferInfo>& buffers() const { return buffers_; }
    // Buffer groups (one per file and CPU), each in SequenceNumber order: indexes into buffers().
    const std::vector<std::vector<uint32_t>>& groups() const { return groups_; }

    // The record `ref` names (as an EventRecord's ref gave it). Throws FormatError if it names no record.
    OwnedRecord read_at(RecordRef ref) const;

    // ---- for EventReader ----
    // The buffer's bytes (header + records, decompressed): a span into the map, or into `scratch`. Returns an
    // empty span and sets `problem` when the buffer cannot be read.
    std::span<const uint8_t> buffer_data(const BufferInfo& b, std::vector<uint8_t>& scratch,
                                         std::string& problem) const;
    uint64_t to_unix_ns(uint8_t file, int64_t raw) const;
    // Lets the kernel drop the mapped pages of a buffer that was read (they are read again if needed).
    void release(const BufferInfo& b) const;
    const BufferInfo* buffer(uint8_t file, uint32_t index) const;

private:
    EtlTrace() = default;
    void add_file(std::unique_ptr<common::MappedFile> map, std::string path);
    void finish();

    std::vector<std::unique_ptr<common::MappedFile>> maps_;
    Metadata metadata_;
    std::vector<Damage> damage_;
    std::vector<BufferInfo> buffers_;
    std::vector<uint32_t> first_buffer_;  // per file: its first index in buffers_
    std::vector<std::vector<uint32_t>> groups_;
};

}  // namespace traceshark::etl
