#include "traceshark/etl/ndis_packet_capture.hpp"

namespace traceshark::etl::ndis {

namespace {

uint32_t u32(const uint8_t* p)
{
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace

std::optional<Fragment> fragment(const EventRecord& r)
{
    if (!r.is_event_header() || r.provider != kPacketCaptureGuid || r.descriptor.id != kFragmentEvent)
        return std::nullopt;
    if (r.payload.size() < kFragmentOffset) return std::nullopt;
    const uint8_t* p = r.payload.data();
    const uint32_t size = u32(p + 8);
    if (size > r.payload.size() - kFragmentOffset) return std::nullopt;
    Fragment f;
    f.miniport_if_index = u32(p);
    f.lower_if_index = u32(p + 4);
    f.bytes = r.payload.subspan(kFragmentOffset, size);
    f.ethernet = (r.descriptor.keyword & kEthernetKeyword) != 0;
    return f;
}

}  // namespace traceshark::etl::ndis
