// What the PML header says about the machine that recorded the log (Procmon's Tools > System Details).
#pragma once

#include <cstdint>
#include <string>

namespace traceshark::procmon {

struct SystemDetails {
    std::string computer_name;
    std::string system_root;      // "C:\Windows"
    uint32_t os_major = 0;        // OSVERSIONINFOEXW
    uint32_t os_minor = 0;
    uint32_t os_build = 0;
    uint32_t os_platform = 0;     // Procmon prints it after the build: "build 7601.2"
    std::string service_pack;     // "Service Pack 1", often empty
    uint32_t logical_processors = 0;
    uint64_t memory_bytes = 0;
    bool is_64bit = false;        // of the system; decides the size of pointers and stack frames in the file

    // "Windows 7, Service Pack 1 (build 7601.2)", "Windows 10 (build 16299.2)"
    std::string operating_system() const;
    // "1.99 GB", as Procmon shows it (truncated to two decimals)
    std::string memory_text() const;
    const char* system_type() const { return is_64bit ? "64-bit" : "32-bit"; }
    unsigned pointer_size() const { return is_64bit ? 8 : 4; }
};

}  // namespace traceshark::procmon
