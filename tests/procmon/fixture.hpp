// The PML fixtures the build writes with tests/tools/make_pml.py (see tests/procmon/meson.build).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace traceshark::procmon::test {

inline std::string fixture_path(const std::string& name)
{
    const char* dir = std::getenv("TRACESHARK_PML_FIXTURES");
    if (!dir) throw std::runtime_error("TRACESHARK_PML_FIXTURES is not set");
    return std::string(dir) + "/" + name;
}

inline std::vector<uint8_t> read_bytes(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(f), {}};
}

inline void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; ++i) b.at(at + static_cast<size_t>(i)) = static_cast<uint8_t>(v >> (8 * i));
}

inline uint64_t get_u64(const std::vector<uint8_t>& b, size_t at)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | b.at(at + static_cast<size_t>(i));
    return v;
}

}  // namespace traceshark::procmon::test
