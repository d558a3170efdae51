#include "traceshark/wsmeta/event_header.hpp"

namespace traceshark::wsmeta {
namespace {

template <typename T>
void put(uint8_t* p, T v)
{
    for (size_t i = 0; i < sizeof(T); ++i) p[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
}

template <typename T>
T get(const uint8_t* p)
{
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= uint64_t{p[i]} << (8 * i);
    return static_cast<T>(v);
}

}  // namespace

void EventHeader::encode(uint8_t* out) const
{
    put<uint32_t>(out + 0, kMagic);
    put<uint16_t>(out + 4, version);
    put<uint16_t>(out + 6, header_length);
    put<uint16_t>(out + 8, family);
    put<uint16_t>(out + 10, flags);
    put<uint32_t>(out + 12, cpu);
    put<uint32_t>(out + 16, buffer);
    put<uint32_t>(out + 20, (flags & kFlagNextRecord) ? next_record_size : 0);
    put<uint64_t>(out + 24, static_cast<uint64_t>(missed_events));
    put<uint64_t>(out + 32, machine_key);
    put<uint64_t>(out + 40, record_ref);
}

std::optional<EventHeader> EventHeader::decode(std::span<const uint8_t> bytes)
{
    if (bytes.size() < kSize) return std::nullopt;
    const uint8_t* p = bytes.data();
    if (get<uint32_t>(p) != kMagic) return std::nullopt;
    EventHeader h;
    h.version = get<uint16_t>(p + 4);
    h.header_length = get<uint16_t>(p + 6);
    if (h.version < 1 || h.header_length < kSize || h.header_length > bytes.size()) return std::nullopt;
    h.family = get<uint16_t>(p + 8);
    h.flags = get<uint16_t>(p + 10);
    h.cpu = get<uint32_t>(p + 12);
    h.buffer = get<uint32_t>(p + 16);
    h.next_record_size = (h.flags & kFlagNextRecord) ? get<uint32_t>(p + 20) : 0;
    if (h.next_record_size > bytes.size() - h.header_length) return std::nullopt;
    h.missed_events = static_cast<int64_t>(get<uint64_t>(p + 24));
    h.machine_key = get<uint64_t>(p + 32);
    h.record_ref = get<uint64_t>(p + 40);
    return h;
}

}  // namespace traceshark::wsmeta
