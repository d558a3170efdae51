// The blob of kind "etl-header" (machine_info.hpp): what an ETW trace's EventTrace header says about the machine
// and session, so that a pcapng copy shows it (and the dissector knows the trace's pointer size) without the .etl.
// Encoder and decoder side by side (round-trip tests, fuzz/fuzz_wsmeta_etl_machine.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace traceshark::wsmeta {

struct EtlMachine {
    uint32_t os_major = 0, os_minor = 0, os_build = 0;
    uint32_t cpus = 0, cpu_mhz = 0;
    uint32_t pointer_size = 8;     // of the header record (the default for records that do not say theirs)
    std::string clock;             // "qpc", "systemtime", "cycles", "unknown"
    uint64_t perf_freq = 0;        // QPC ticks per second
    int32_t tz_bias = 0;           // minutes, UTC = local + bias
    std::string tz_standard_name, tz_daylight_name;
    std::string session, log_file;
    uint64_t start_ns = 0, end_ns = 0, boot_ns = 0;  // UTC ns since 1970
    uint32_t log_file_mode = 0, events_lost = 0, buffers_lost = 0;

    bool operator==(const EtlMachine&) const = default;
};

std::string encode_etl_machine(const EtlMachine& m);
// nullopt when the blob is not a list of parts; missing or malformed numbers decode as 0 (pointer size: 8).
std::optional<EtlMachine> decode_etl_machine(std::string_view blob);

}  // namespace traceshark::wsmeta
