// Errors raised while reading an ETW trace (.etl). Every error names the file offset it concerns.
// FormatError: damaged or not an ETL file. UnsupportedError: well formed, but using something the reader does not
// implement (a buffer compression other than MS-XCA Plain LZ77, ...).
#pragma once

#include "traceshark/common/format_error.hpp"

namespace traceshark::etl {

using common::FormatError;
using common::UnsupportedError;

}  // namespace traceshark::etl
