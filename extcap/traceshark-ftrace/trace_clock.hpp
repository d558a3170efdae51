// The ftrace trace clocks the extcap records with: the ones that are POSIX clocks too, so that the extcap can read
// the same clock to place events on the wall-clock time line (CLOCK_REALTIME minus the trace clock) and to know
// up to which time a CPU's buffer has been read. Counter clocks (local, global, x86-tsc, counter) have no such
// twin and are not offered.
#pragma once

#include <time.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace traceshark::extcap {

struct TraceClock {
    std::string_view name;     // as in tracefs' trace_clock
    clockid_t posix;           // the same clock for clock_gettime
    std::string_view display;  // for the interface options dialog
};

const std::vector<TraceClock>& trace_clocks();
inline constexpr std::string_view kDefaultClock = "mono";
// Throws std::runtime_error naming the offered clocks when `name` is none of them.
const TraceClock& trace_clock(std::string_view name);

int64_t now_ns(const TraceClock& clock);
// CLOCK_REALTIME - `clock`, in ns, from the tightest of 32 clock/realtime/clock readings.
int64_t measure_realtime_offset(const TraceClock& clock);

}  // namespace traceshark::extcap
