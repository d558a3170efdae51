// Numbers and times the way Procmon prints them (en-US, UTC).
#pragma once

#include <cstdint>
#include <string>

#include "traceshark/common/format_error.hpp"

namespace traceshark::procmon::detail {

using common::hex;  // 0x7ffa744e0000

std::string with_thousands(int64_t value);         // 9,633,792
std::string seconds_7(uint64_t hundred_ns);        // 0.0000161
// FILETIME (100 ns since 1601, UTC) as "7/31/2020 7:37:18 AM" (with_date) / "7:37:18.2093997 AM".
std::string filetime_date_time(uint64_t filetime);
std::string filetime_time_of_day(uint64_t filetime);
std::string elapsed_hms(uint64_t hundred_ns);      // 00:00:02.5537873

}  // namespace traceshark::procmon::detail
