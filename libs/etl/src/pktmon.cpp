#include "traceshark/etl/pktmon.hpp"

#include <stdexcept>

#include "bytes.hpp"

namespace traceshark::etl::pktmon {

namespace {

// The header's fields, where they lie (the layout in pktmon.hpp).
constexpr size_t kGroupId = 0, kNumber = 8, kAppearance = 10, kDirection = 12, kType = 14, kComponent = 16, kEdge = 18,
                 kFilter = 20, kDropReason = 22, kDropLocation = 26, kOriginalSize = 30, kLoggedSize = 32;
static_assert(kLoggedSize + 2 == kPayloadOffset);

using detail::u16;
using detail::u32;
using detail::u64;

void put(std::vector<uint8_t>& v, size_t at, uint64_t x, int n)
{
    for (int i = 0; i < n; ++i) v[at + static_cast<size_t>(i)] = static_cast<uint8_t>(x >> (8 * i));
}

}  // namespace

std::optional<Packet> packet(const EventRecord& r)
{
    if (!r.is_event_header() || r.provider != kProviderGuid) return std::nullopt;
    if (r.descriptor.id != kPacketEvent && r.descriptor.id != kDropEvent) return std::nullopt;
    if (r.payload.size() < kPayloadOffset) return std::nullopt;
    const uint8_t* p = r.payload.data();
    const uint16_t logged = u16(p + kLoggedSize);
    if (logged > r.payload.size() - kPayloadOffset) return std::nullopt;
    Packet k;
    k.group_id = u64(p + kGroupId);
    k.number = u16(p + kNumber);
    k.appearance_count = u16(p + kAppearance);
    k.direction = u16(p + kDirection);
    k.type = u16(p + kType);
    k.component = u16(p + kComponent);
    k.edge = u16(p + kEdge);
    k.filter = u16(p + kFilter);
    k.drop_reason = u32(p + kDropReason);
    k.drop_location = u32(p + kDropLocation);
    k.original_size = u16(p + kOriginalSize);
    k.bytes = r.payload.subspan(kPayloadOffset, logged);
    k.dropped = r.descriptor.id == kDropEvent;
    return k;
}

std::vector<uint8_t> encode(const Packet& k)
{
    if (k.bytes.size() > 0xFFFF) throw std::invalid_argument("pktmon: a logged payload is at most 65 535 bytes");
    std::vector<uint8_t> v(kPayloadOffset);
    put(v, kGroupId, k.group_id, 8);
    put(v, kNumber, k.number, 2);
    put(v, kAppearance, k.appearance_count, 2);
    put(v, kDirection, k.direction, 2);
    put(v, kType, k.type, 2);
    put(v, kComponent, k.component, 2);
    put(v, kEdge, k.edge, 2);
    put(v, kFilter, k.filter, 2);
    put(v, kDropReason, k.drop_reason, 4);
    put(v, kDropLocation, k.drop_location, 4);
    put(v, kOriginalSize, k.original_size, 2);
    put(v, kLoggedSize, k.bytes.size(), 2);
    v.insert(v.end(), k.bytes.begin(), k.bytes.end());
    return v;
}

}  // namespace traceshark::etl::pktmon
