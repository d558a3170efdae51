// Microsoft-Windows-PktMon (Packet Monitor: `pktmon start --capture`): events 160 (a packet seen at a component's
// edge) and 170 (a packet dropped there) carry the packet, after a fixed header: PktGroupId (u64), PktNumber,
// AppearanceCount, DirTag, PacketType, ComponentId, EdgeId, FilterId (u16 each), DropReason, DropLocation (u32
// each), OriginalPayloadSize, LoggedPayloadSize (u16 each), then LoggedPayloadSize bytes of the packet. PacketType
// says what the bytes start with (PKTMON_PACKET_TYPE: 1 Ethernet, 2 Wi-Fi, 3 IP, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "traceshark/etl/guid.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::etl::pktmon {

inline constexpr Guid kProviderGuid{0x4d4f80d9, 0xc8bd, 0x4d73, {0xbb, 0x5b, 0x19, 0xc9, 0x04, 0x02, 0xc5, 0xac}};
inline constexpr uint16_t kPacketEvent = 160, kDropEvent = 170;
inline constexpr uint32_t kPayloadOffset = 34;  // the header's size
enum PacketType : uint16_t { kUnknown = 0, kEthernet = 1, kWifi = 2, kIp = 3 };

struct Packet {
    uint64_t group_id = 0;
    uint16_t number = 0, appearance_count = 0, direction = 0, type = kUnknown, component = 0, edge = 0, filter = 0;
    uint32_t drop_reason = 0, drop_location = 0;
    uint16_t original_size = 0;      // the packet's size on the wire
    std::span<const uint8_t> bytes;  // what was logged (LoggedPayloadSize bytes, maybe fewer than original_size)
    bool dropped = false;            // event 170
};

// The packet of a PktMon event 160 or 170; nullopt for any other event, or a payload shorter than its header or
// than LoggedPayloadSize says.
std::optional<Packet> packet(const EventRecord& record);
// The payload of such an event (LoggedPayloadSize = bytes.size(), at most 65 535); for writers and tests.
std::vector<uint8_t> encode(const Packet& packet);

}  // namespace traceshark::etl::pktmon
