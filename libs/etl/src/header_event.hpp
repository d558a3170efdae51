// The EventTrace header event (hook 0x0000): the raw TRACE_LOGFILE_HEADER in 32- or 64-bit layout.
#pragma once

#include <string>

#include "traceshark/etl/metadata.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::etl::detail {

// Fills the header fields of `fm` from the header record; false (with `problem`) when the payload is too short.
bool parse_logfile_header(const EventRecord& rec, FileMetadata& fm, std::string& problem);

}  // namespace traceshark::etl::detail
