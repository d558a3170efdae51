#include "header_event.hpp"

#include "bytes.hpp"
#include "traceshark/etl/layout.hpp"

namespace traceshark::etl::detail {

namespace L = layout;

bool parse_logfile_header(const EventRecord& rec, FileMetadata& fm, std::string& problem)
{
    const bool is64 = rec.header_type == HeaderType::System64;
    const L::LogfileHeaderOffsets& o = L::kLogfileHeader[is64 ? 1 : 0];
    const auto p = rec.payload;
    if (p.size() < o.strings) {
        problem = "EventTrace header payload of " + std::to_string(p.size()) + " bytes is shorter than the " +
                  std::to_string(o.strings) + " bytes of a " + (is64 ? "64" : "32") + "-bit TRACE_LOGFILE_HEADER";
        return false;
    }
    const uint8_t* b = p.data();
    fm.header_pointer_size = is64 ? 8 : 4;
    fm.header_timestamp = rec.raw_timestamp;
    fm.buffer_size = u32(b + L::kLhBufferSize);
    for (int i = 0; i < 4; ++i) fm.version[i] = b[L::kLhVersion + static_cast<uint32_t>(i)];
    fm.os_major = fm.version[0];
    fm.os_minor = fm.version[1];
    fm.os_build = u32(b + L::kLhProviderVersion);
    fm.cpus = u32(b + L::kLhNumberOfProcessors);
    fm.end_time = u64(b + L::kLhEndTime);
    fm.timer_resolution = u32(b + L::kLhTimerResolution);
    fm.maximum_file_size = u32(b + L::kLhMaximumFileSize);
    fm.log_file_mode = u32(b + L::kLhLogFileMode);
    fm.buffers_written = u32(b + L::kLhBuffersWritten);
    fm.start_buffers = u32(b + L::kLhStartBuffers);
    fm.pointer_size = u32(b + L::kLhPointerSize);
    fm.events_lost = u32(b + L::kLhEventsLost);
    fm.cpu_mhz = u32(b + L::kLhCpuSpeed);
    const uint8_t* tz = b + o.time_zone;
    fm.time_zone.bias = static_cast<int32_t>(u32(tz));
    fm.time_zone.standard_name = utf16_to_utf8(tz + 4, 32);
    fm.time_zone.standard_bias = static_cast<int32_t>(u32(tz + 84));
    fm.time_zone.daylight_name = utf16_to_utf8(tz + 88, 32);
    fm.time_zone.daylight_bias = static_cast<int32_t>(u32(tz + 168));
    fm.boot_time = u64(b + o.boot_time);
    fm.perf_freq = u64(b + o.perf_freq);
    fm.start_time = u64(b + o.start_time);
    const uint32_t clock = u32(b + o.reserved_flags);
    fm.clock_type = clock >= 1 && clock <= 3 ? static_cast<ClockType>(clock) : ClockType::Unknown;
    fm.buffers_lost = u32(b + o.buffers_lost);
    size_t used = 0;
    const size_t units = (p.size() - o.strings) / 2;
    fm.logger_name = utf16_to_utf8(b + o.strings, units, &used);
    const size_t rest = units - used / 2;
    fm.log_file_name = utf16_to_utf8(b + o.strings + used, rest);
    return true;
}

}  // namespace traceshark::etl::detail
