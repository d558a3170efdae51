// Errors raised while reading a trace.dat file. Every error names the file offset it concerns.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace traceshark::tracecmd {

// The file is damaged or not a trace.dat file: what was wrong, and where.
class FormatError : public std::runtime_error {
public:
    FormatError(uint64_t offset, const std::string& problem);
    uint64_t offset() const noexcept { return offset_; }
    const std::string& problem() const noexcept { return problem_; }

private:
    uint64_t offset_;
    std::string problem_;
};

// The file is well formed but uses something this reader does not support (a future file version, an
// unknown compression algorithm, the pre-2.6.31 ring-buffer format).
class UnsupportedError : public FormatError {
public:
    using FormatError::FormatError;
};

// Formats "offset 0x1a2b: problem"; shared by the exceptions and by non-fatal diagnostics.
std::string describe_at(uint64_t offset, const std::string& problem);

// "0x1a2b"
std::string hex(uint64_t value);

}  // namespace traceshark::tracecmd
