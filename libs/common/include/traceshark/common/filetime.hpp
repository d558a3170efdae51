// Windows FILETIME: 100 ns ticks since 1601-01-01 00:00 UTC, the clock of Procmon logs and ETW traces.
#pragma once

#include <cstdint>

namespace traceshark::common {

inline constexpr uint64_t kFiletimeTicksPerSecond = 10'000'000;
// 1970-01-01 00:00 UTC as a FILETIME.
inline constexpr uint64_t kFiletimeUnixEpoch = 116'444'736'000'000'000ull;
inline constexpr int64_t kFiletimeDaysBeforeUnixEpoch =
    static_cast<int64_t>(kFiletimeUnixEpoch / kFiletimeTicksPerSecond / 86400);

// Nanoseconds since 1970-01-01 UTC; 0 for anything before 1970.
constexpr uint64_t filetime_to_unix_ns(uint64_t filetime)
{
    return filetime > kFiletimeUnixEpoch ? (filetime - kFiletimeUnixEpoch) * 100 : 0;
}

}  // namespace traceshark::common
