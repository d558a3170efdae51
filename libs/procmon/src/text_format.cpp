#include "text_format.hpp"

#include <cstdio>

#include "traceshark/common/filetime.hpp"

namespace traceshark::procmon::detail {

namespace {

constexpr uint64_t kTicksPerSecond = common::kFiletimeTicksPerSecond;

struct CivilTime {
    int64_t year;
    unsigned month, day, hour, minute, second;
};

// Days since 1970-01-01 to a proleptic Gregorian date (era-based conversion).
CivilTime civil(uint64_t filetime)
{
    const uint64_t secs = filetime / kTicksPerSecond;
    int64_t days = static_cast<int64_t>(secs / 86400) - common::kFiletimeDaysBeforeUnixEpoch;
    const uint64_t sod = secs % 86400;
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const auto d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2), m, d, static_cast<unsigned>(sod / 3600),
            static_cast<unsigned>(sod / 60 % 60), static_cast<unsigned>(sod % 60)};
}

unsigned hour12(unsigned h) { return h % 12 == 0 ? 12 : h % 12; }
const char* am_pm(unsigned h) { return h < 12 ? "AM" : "PM"; }

}  // namespace

std::string with_thousands(int64_t value)
{
    const bool negative = value < 0;
    uint64_t v = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    char buf[32];
    int pos = sizeof buf;
    int digits = 0;
    do {
        if (digits && digits % 3 == 0) buf[--pos] = ',';
        buf[--pos] = static_cast<char>('0' + v % 10);
        v /= 10;
        ++digits;
    } while (v);
    if (negative) buf[--pos] = '-';
    return std::string(buf + pos, sizeof buf - static_cast<size_t>(pos));
}

std::string seconds_7(uint64_t hundred_ns)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%llu.%07llu", static_cast<unsigned long long>(hundred_ns / kTicksPerSecond),
                  static_cast<unsigned long long>(hundred_ns % kTicksPerSecond));
    return buf;
}

std::string filetime_date_time(uint64_t filetime)
{
    const CivilTime t = civil(filetime);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%u/%u/%lld %u:%02u:%02u %s", t.month, t.day, static_cast<long long>(t.year),
                  hour12(t.hour), t.minute, t.second, am_pm(t.hour));
    return buf;
}

std::string filetime_time_of_day(uint64_t filetime)
{
    const CivilTime t = civil(filetime);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%u:%02u:%02u.%07llu %s", hour12(t.hour), t.minute, t.second,
                  static_cast<unsigned long long>(filetime % kTicksPerSecond), am_pm(t.hour));
    return buf;
}

std::string elapsed_hms(uint64_t hundred_ns)
{
    const uint64_t s = hundred_ns / kTicksPerSecond;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu.%07llu", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60),
                  static_cast<unsigned long long>(hundred_ns % kTicksPerSecond));
    return buf;
}

}  // namespace traceshark::procmon::detail
