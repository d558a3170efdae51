// Errors raised while reading a trace.dat file. Every error names the file offset it concerns.
// FormatError: damaged or not a trace.dat file. UnsupportedError: a well-formed file using something this reader
// does not support (a future file version, an unknown compression algorithm, the pre-2.6.31 ring-buffer format).
#pragma once

#include "traceshark/common/format_error.hpp"

namespace traceshark::tracecmd {

using common::FormatError;
using common::UnsupportedError;
using common::describe_at;
using common::hex;

}  // namespace traceshark::tracecmd
