#include "traceshark/wsmeta/tracedat_formats.hpp"

namespace traceshark::wsmeta {

namespace {
constexpr std::string_view kParams = "params";
constexpr std::string_view kHeaderPage = "header_page";
constexpr std::string_view kHeaderEvent = "header_event";
}  // namespace

std::string encode_formats(const TraceDatFormats& f)
{
    std::vector<Part> parts;
    parts.reserve(f.events.size() + 3);
    parts.push_back({std::string(kParams), f.params.encode()});
    parts.push_back({std::string(kHeaderPage), f.header_page});
    parts.push_back({std::string(kHeaderEvent), f.header_event});
    parts.insert(parts.end(), f.events.begin(), f.events.end());
    return encode_parts(parts);
}

std::optional<TraceDatFormats> decode_formats(std::string_view blob, std::string* error)
{
    auto fail = [&](const char* why) -> std::optional<TraceDatFormats> {
        if (error) *error = why;
        return std::nullopt;
    };
    auto parts = decode_parts(blob);
    if (!parts) return fail("the formats metadata is malformed");
    TraceDatFormats f;
    bool have_params = false, have_header = false;
    for (Part& p : *parts) {
        if (p.name == kParams) {
            f.params = FormatParams::decode(p.data);
            have_params = true;
        } else if (p.name == kHeaderPage) {
            f.header_page = std::move(p.data);
            have_header = true;
        } else if (p.name == kHeaderEvent) {
            f.header_event = std::move(p.data);
        } else {
            f.events.push_back(std::move(p));
        }
    }
    if (!have_params || !have_header) return fail("the formats metadata lacks params or header_page");
    return f;
}

}  // namespace traceshark::wsmeta
