#include "traceshark/wsmeta/etl_machine.hpp"

#include <charconv>

#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::wsmeta {

namespace {

template <typename T>
T number(std::string_view s)
{
    T v{};
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size() ? v : T{};
}

}  // namespace

std::string encode_etl_machine(const EtlMachine& m)
{
    auto n = [](auto v) { return std::to_string(v); };
    return encode_parts({{"os_major", n(m.os_major)},           {"os_minor", n(m.os_minor)},
                         {"os_build", n(m.os_build)},           {"cpus", n(m.cpus)},
                         {"cpu_mhz", n(m.cpu_mhz)},             {"pointer_size", n(m.pointer_size)},
                         {"clock", m.clock},                    {"perf_freq", n(m.perf_freq)},
                         {"tz_bias", n(m.tz_bias)},             {"tz_standard_name", m.tz_standard_name},
                         {"tz_daylight_name", m.tz_daylight_name}, {"session", m.session},
                         {"log_file", m.log_file},              {"start_ns", n(m.start_ns)},
                         {"end_ns", n(m.end_ns)},               {"boot_ns", n(m.boot_ns)},
                         {"log_file_mode", n(m.log_file_mode)}, {"events_lost", n(m.events_lost)},
                         {"buffers_lost", n(m.buffers_lost)}});
}

std::optional<EtlMachine> decode_etl_machine(std::string_view blob)
{
    auto parts = decode_parts(blob);
    if (!parts) return std::nullopt;
    EtlMachine m;
    for (Part& p : *parts) {
        const std::string_view v = p.data;
        if (p.name == "os_major") m.os_major = number<uint32_t>(v);
        else if (p.name == "os_minor") m.os_minor = number<uint32_t>(v);
        else if (p.name == "os_build") m.os_build = number<uint32_t>(v);
        else if (p.name == "cpus") m.cpus = number<uint32_t>(v);
        else if (p.name == "cpu_mhz") m.cpu_mhz = number<uint32_t>(v);
        else if (p.name == "pointer_size") m.pointer_size = v == "4" ? 4 : 8;
        else if (p.name == "clock") m.clock = std::move(p.data);
        else if (p.name == "perf_freq") m.perf_freq = number<uint64_t>(v);
        else if (p.name == "tz_bias") m.tz_bias = number<int32_t>(v);
        else if (p.name == "tz_standard_name") m.tz_standard_name = std::move(p.data);
        else if (p.name == "tz_daylight_name") m.tz_daylight_name = std::move(p.data);
        else if (p.name == "session") m.session = std::move(p.data);
        else if (p.name == "log_file") m.log_file = std::move(p.data);
        else if (p.name == "start_ns") m.start_ns = number<uint64_t>(v);
        else if (p.name == "end_ns") m.end_ns = number<uint64_t>(v);
        else if (p.name == "boot_ns") m.boot_ns = number<uint64_t>(v);
        else if (p.name == "log_file_mode") m.log_file_mode = number<uint32_t>(v);
        else if (p.name == "events_lost") m.events_lost = number<uint32_t>(v);
        else if (p.name == "buffers_lost") m.buffers_lost = number<uint32_t>(v);
    }
    return m;
}

}  // namespace traceshark::wsmeta
