#include "traceshark/procmon/error.hpp"

#include <cstdio>

namespace traceshark::procmon {

namespace {
std::string describe(uint64_t offset, const std::string& problem)
{
    char at[32];
    std::snprintf(at, sizeof at, "offset 0x%llx: ", static_cast<unsigned long long>(offset));
    return at + problem;
}
}  // namespace

FormatError::FormatError(uint64_t offset, const std::string& problem)
    : std::runtime_error(describe(offset, problem)), offset_(offset), problem_(problem)
{
}

}  // namespace traceshark::procmon
