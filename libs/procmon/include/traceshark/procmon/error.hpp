// Errors raised while reading a Procmon PML log. Every error names the file offset it concerns.
// FormatError: damaged or not a PML file. UnsupportedError: a PML version other than 9.
#pragma once

#include "traceshark/common/format_error.hpp"

namespace traceshark::procmon {

using common::FormatError;
using common::UnsupportedError;

}  // namespace traceshark::procmon
