// The processes a PML log knows (its process table), with the modules loaded in each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace traceshark::procmon {

struct Module {
    uint64_t base = 0;
    uint32_t size = 0;
    std::string path;
    std::string version;
    std::string company;
    std::string description;
    uint32_t timestamp = 0;  // of the image (PE header), seconds since 1970
};

// The System process: kernel code runs in it, so kernel stack frames resolve through its modules.
inline constexpr uint32_t kSystemPid = 4;

struct Process {
    uint32_t index = 0;  // what events refer to; PIDs are reused, indexes are not
    uint32_t pid = 0;
    uint32_t parent_pid = 0;
    uint32_t parent_index = 0;
    uint64_t authentication_id = 0;  // logon session LUID
    uint32_t session = 0;
    uint64_t start_filetime = 0;
    uint64_t end_filetime = 0;       // 0 while running at the end of the capture
    uint32_t virtualized = 0;        // 0 False, 1 True, else n/a
    bool is_64bit = false;
    std::string integrity;
    std::string user;
    std::string name;
    std::string image_path;
    std::string command_line;
    std::string company;
    std::string version;
    std::string description;
    std::vector<Module> modules;

    // The module holding `address`, or nullptr.
    const Module* module_at(uint64_t address) const;
};

}  // namespace traceshark::procmon
