// The blob of kind "formats" (machine_info.hpp): what a trace.dat reader writes about a machine's event formats
// and what the dissector needs to decode them again. Encoder and decoder live side by side so that they cannot
// drift apart (round-trip tests, fuzz/fuzz_wsmeta_formats.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::wsmeta {

struct TraceDatFormats {
    FormatParams params;
    std::string header_page, header_event;
    std::vector<Part> events;  // one per event format: name = the event system, data = the format text

    bool operator==(const TraceDatFormats&) const = default;
};

std::string encode_formats(const TraceDatFormats& formats);
// nullopt (with the reason in *error) when the blob is malformed or lacks params or header_page.
std::optional<TraceDatFormats> decode_formats(std::string_view blob, std::string* error = nullptr);

}  // namespace traceshark::wsmeta
