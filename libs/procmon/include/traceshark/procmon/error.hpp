// Errors raised while reading a Procmon PML log. Every error names the file offset it concerns.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace traceshark::procmon {

// The file is damaged or not a PML file: what was wrong, and where.
class FormatError : public std::runtime_error {
public:
    FormatError(uint64_t offset, const std::string& problem);
    uint64_t offset() const noexcept { return offset_; }
    const std::string& problem() const noexcept { return problem_; }

private:
    uint64_t offset_;
    std::string problem_;
};

// A well-formed file this reader does not support (a PML version other than 9).
class UnsupportedError : public FormatError {
public:
    using FormatError::FormatError;
};

}  // namespace traceshark::procmon
