// What an ETL trace says about itself: per file the EventTrace header (TRACE_LOGFILE_HEADER: machine, session,
// clock, buffers), per trace the counts the buffer scan found.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace traceshark::etl {

struct TimeZone {
    int32_t bias = 0;  // minutes, UTC = local + bias
    std::string standard_name, daylight_name;
    int32_t standard_bias = 0, daylight_bias = 0;
};

// "Windows 10.0 (build 19045)": the system a trace was recorded on, as every Traceshark output names it (the
// spelling Procmon uses for its own logs).
std::string windows_version_text(uint32_t major, uint32_t minor, uint32_t build);

enum class ClockType : uint32_t { Unknown = 0, Qpc = 1, SystemTime = 2, CpuCycles = 3 };

// One file's EventTrace header (hook 0x0000 at offset 0x48 of its first buffer) and what its buffer scan found.
struct FileMetadata {
    std::string path;
    uint64_t file_size = 0;
    uint8_t header_pointer_size = 8;  // from the header record's type (SYSTEM32: 4, SYSTEM64: 8)

    uint32_t buffer_size = 0;           // the session's (uncompressed) buffer size
    uint8_t version[4] = {};            // major, minor, sub, subminor ("10.0.1.5")
    uint32_t os_major = 0, os_minor = 0;  // = version[0], version[1]
    uint32_t os_build = 0;              // ProviderVersion
    uint32_t cpus = 0;                  // NumberOfProcessors
    uint64_t end_time = 0;              // FILETIME
    uint32_t timer_resolution = 0;      // 100 ns units
    uint32_t maximum_file_size = 0;     // MB
    uint32_t log_file_mode = 0;
    uint32_t buffers_written = 0;
    uint32_t start_buffers = 0;
    uint32_t pointer_size = 0;          // as the header says (can be wrong: records carry their own)
    uint32_t events_lost = 0;
    uint32_t cpu_mhz = 0;
    TimeZone time_zone;
    uint64_t boot_time = 0;             // FILETIME
    uint64_t perf_freq = 0;             // QPC ticks per second
    uint64_t start_time = 0;            // FILETIME
    ClockType clock_type = ClockType::Unknown;  // ReservedFlags
    uint32_t buffers_lost = 0;
    std::string logger_name, log_file_name;
    int64_t header_timestamp = 0;       // raw SystemTime of the header record (T0 of the clock conversion)

    // From the buffer scan.
    uint32_t buffers = 0;               // buffers found in the file
    uint32_t compressed_buffers = 0;
    uint32_t lost_flag_buffers = 0;     // buffers flagged EVENTS_LOST/BUFFER_LOST
    uint16_t cpu_streams = 0;           // distinct ProcessorIndex values

    std::string os_text() const { return windows_version_text(os_major, os_minor, os_build); }
    uint64_t start_time_ns() const;     // UTC ns since 1970
    uint64_t end_time_ns() const;
    bool compressed() const { return log_file_mode & 0x04000000; }
    bool circular() const { return log_file_mode & 0x2; }
    bool relogged() const { return log_file_mode & 0x10000; }
};

struct Metadata {
    std::vector<FileMetadata> files;
    uint64_t buffers = 0, compressed_buffers = 0;  // over all files
    uint64_t bytes = 0;                            // total file size
    uint32_t cpu_streams = 0;                      // (file, CPU) buffer groups merged by the reader
};

}  // namespace traceshark::etl
