#include "trace_clock.hpp"

#include <climits>
#include <stdexcept>
#include <string>

namespace traceshark::extcap {
namespace {

int64_t ns_of(const timespec& t) { return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec; }

}  // namespace

const std::vector<TraceClock>& trace_clocks()
{
    static const std::vector<TraceClock> clocks = {
        {"mono", CLOCK_MONOTONIC, "mono (CLOCK_MONOTONIC)"},
        {"boot", CLOCK_BOOTTIME, "boot (CLOCK_BOOTTIME, counts suspend)"},
        {"mono_raw", CLOCK_MONOTONIC_RAW, "mono_raw (CLOCK_MONOTONIC_RAW, no NTP)"},
        {"tai", CLOCK_TAI, "tai (CLOCK_TAI)"},
    };
    return clocks;
}

const TraceClock& trace_clock(std::string_view name)
{
    std::string offered;
    for (const auto& c : trace_clocks()) {
        if (c.name == name) return c;
        offered += (offered.empty() ? "" : ", ") + std::string(c.name);
    }
    throw std::runtime_error("--clock: unknown clock \"" + std::string(name) + "\" (offered: " + offered + ")");
}

int64_t now_ns(const TraceClock& clock)
{
    timespec t{};
    clock_gettime(clock.posix, &t);
    return ns_of(t);
}

int64_t measure_realtime_offset(const TraceClock& clock)
{
    int64_t best_window = INT64_MAX, best = 0;
    for (int i = 0; i < 32; ++i) {
        timespec c1, r, c2;
        clock_gettime(clock.posix, &c1);
        clock_gettime(CLOCK_REALTIME, &r);
        clock_gettime(clock.posix, &c2);
        const int64_t window = ns_of(c2) - ns_of(c1);
        if (window < best_window) {
            best_window = window;
            best = ns_of(r) - (ns_of(c1) + window / 2);
        }
    }
    return best;
}

}  // namespace traceshark::extcap
