// Errors the format libraries raise for damaged input: what was wrong, and the file offset it concerns.
// libs/tracecmd and libs/procmon re-export these as their own FormatError/UnsupportedError.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace traceshark::common {

// The file is damaged or not of the expected format: what was wrong, and where.
class FormatError : public std::runtime_error {
public:
    FormatError(uint64_t offset, const std::string& problem);
    uint64_t offset() const noexcept { return offset_; }
    const std::string& problem() const noexcept { return problem_; }

private:
    uint64_t offset_;
    std::string problem_;
};

// The file is well formed but uses something the reader does not support (a future version, an unknown
// compression algorithm, ...).
class UnsupportedError : public FormatError {
public:
    using FormatError::FormatError;
};

// Formats "offset 0x1a2b: problem"; shared by the exceptions and by non-fatal diagnostics.
std::string describe_at(uint64_t offset, const std::string& problem);

// "0x1a2b"
std::string hex(uint64_t value);

}  // namespace traceshark::common
