#include "traceshark/common/format_error.hpp"

#include <cstdio>

namespace traceshark::common {

std::string describe_at(uint64_t offset, const std::string& problem)
{
    char where[48];
    std::snprintf(where, sizeof where, "offset 0x%llx: ", static_cast<unsigned long long>(offset));
    return where + problem;
}

std::string hex(uint64_t value)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
    return buf;
}

FormatError::FormatError(uint64_t offset, const std::string& problem)
    : std::runtime_error(describe_at(offset, problem)), offset_(offset), problem_(problem)
{
}

}  // namespace traceshark::common
