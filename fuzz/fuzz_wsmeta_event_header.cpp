// libFuzzer target: the Traceshark event header decoder (every record of an untrusted pcapng starts with one).
// What decodes must encode to bytes that decode to the same header.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "traceshark/wsmeta/event_header.hpp"

using traceshark::wsmeta::EventHeader;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto h = EventHeader::decode(std::span<const uint8_t>(data, size));
    if (!h) return 0;
    std::vector<uint8_t> again(size);  // size >= kSize: decode checked it
    h->header_length = static_cast<uint16_t>(EventHeader::kSize);
    h->encode(again.data());
    auto back = EventHeader::decode(again);
    if (!back || back->family != h->family || back->machine_key != h->machine_key) std::abort();
    return 0;
}
