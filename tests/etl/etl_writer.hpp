// The project's ETL test writer: real ETL structure (WMI buffers, the EventTrace header event in 32- or 64-bit
// layout, per-CPU buffers written out of sequence order, MS-XCA LZ77 compressed buffers, SYSTEM/COMPACT/PERFINFO,
// FULL/INSTANCE, EVENT_HEADER (with extended items) and MESSAGE records) together with the truth: every event in
// the order and with the values a reader must give.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traceshark/etl/guid.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::etl::test {

struct WriterEvent {
    HeaderType type = HeaderType::EventHeader64;
    uint16_t cpu = 0;
    int64_t ticks = 0;             // QPC ticks after the header event
    uint32_t pid = 0, tid = 0;     // ignored for PERFINFO
    uint16_t hook = 0;             // kernel records
    uint16_t version = 0;          // kernel/classic records (class version)
    uint8_t pmc = 0;               // PERFINFO: PMC counters (0..7)
    bool pebs = false;             // PERFINFO: PEBS index
    Guid provider;                 // classic, EVENT_HEADER, MESSAGE
    EventDescriptor descriptor;    // EVENT_HEADER (classic: opcode, level)
    uint16_t eh_flags = 0;         // EVENT_HEADER Flags (EXTENDED_INFO is set when items are given)
    std::vector<std::pair<uint16_t, std::vector<uint8_t>>> extended;  // EVENT_HEADER items
    std::vector<uint8_t> payload;
};

struct WriterOptions {
    bool header64 = true;          // SYSTEM64 (64-bit TRACE_LOGFILE_HEADER) or SYSTEM32
    uint16_t cpus = 3;
    uint32_t buffer_size = 1024;   // small: many buffers per CPU
    bool compress = true;          // every other buffer compressed (and LogFileMode COMPRESSED)
    uint32_t seed = 1;             // file order of the buffers
};

struct WrittenFile {
    std::vector<uint8_t> bytes;
    std::vector<WriterEvent> truth;          // every record (the header event first), in reader order
    std::vector<uint64_t> truth_time_ns;     // parallel to truth
    std::vector<uint64_t> buffer_offsets;    // file order, header buffer first
    std::vector<uint32_t> buffer_events;     // records in each buffer (file order)
    std::vector<bool> buffer_compressed;
    uint64_t start_time = 0;                 // FILETIME of the header
    std::string logger_name, log_file_name;
};

// A varied set of events over opts.cpus CPUs (kernel, classic, EVENT_HEADER with a TraceLogging-shaped schema
// item and provider traits, MESSAGE), distinct timestamps.
std::vector<WriterEvent> sample_events(const WriterOptions& opts);
WrittenFile write_etl(const std::vector<WriterEvent>& events, const WriterOptions& opts);
// A readable description of the truth (one line per event).
std::string describe(const WrittenFile& f);

}  // namespace traceshark::etl::test
