// The reference reader: every record of a file as libtracecmd (trace-cmd's own library) returns it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "libtracecmd_oracle_c.h"

namespace traceshark::test {

struct OracleEvent {
    uint64_t ts;
    int cpu;
    std::string buffer;  // "" for the top buffer
    std::vector<uint8_t> data;
};

inline std::vector<OracleEvent> libtracecmd_events(const std::string& path)
{
    std::vector<OracleEvent> out;
    auto collect = [](void* ctx, uint64_t ts, int cpu, const char* buffer, const void* data, int size) {
        const auto* d = static_cast<const uint8_t*>(data);
        static_cast<std::vector<OracleEvent>*>(ctx)->push_back({ts, cpu, buffer, std::vector<uint8_t>(d, d + size)});
    };
    if (oracle_iterate(path.c_str(), collect, &out) != 0) throw std::runtime_error("libtracecmd cannot open " + path);
    return out;
}

}  // namespace traceshark::test
