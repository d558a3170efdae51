#include "traceshark/procmon/system_details.hpp"

#include <cstdio>

namespace traceshark::procmon {

std::string SystemDetails::operating_system() const
{
    const char* name = nullptr;
    if (os_major == 6 && os_minor == 0) name = "Windows Vista";
    if (os_major == 6 && os_minor == 1) name = "Windows 7";
    if (os_major == 6 && os_minor == 2) name = "Windows 8";
    if (os_major == 6 && os_minor == 3) name = "Windows 8.1";
    // Windows 11 still reports 10.0; Procmon tells them apart by build number.
    if (os_major == 10 && os_minor == 0) name = os_build >= 22000 ? "Windows 11" : "Windows 10";
    std::string s = name ? name : "Windows " + std::to_string(os_major) + "." + std::to_string(os_minor);
    if (!service_pack.empty()) s += ", " + service_pack;
    return s + " (build " + std::to_string(os_build) + "." + std::to_string(os_platform) + ")";
}

std::string SystemDetails::memory_text() const
{
    // Two decimals, truncated (not rounded), as Procmon shows it.
    const uint64_t hundredths = memory_bytes * 100 / (uint64_t{1} << 30);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%llu.%02llu GB", static_cast<unsigned long long>(hundredths / 100),
                  static_cast<unsigned long long>(hundredths % 100));
    return buf;
}

}  // namespace traceshark::procmon
