// Microsoft-Windows-NDIS-PacketCapture (ndiscap: `netsh trace start capture=yes`): event 1001 carries one packet
// fragment, MiniportIfIndex (u32), LowerIfIndex (u32), FragmentSize (u32), Fragment (FragmentSize bytes), as the
// provider's manifest (expected/manifests/*NDIS-PacketCapture.xml) gives them. The keywords say the medium
// (0x1: Ethernet 802.3, so the fragment is an Ethernet frame) and where the fragment sits in its packet.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "traceshark/etl/guid.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::etl::ndis {

inline constexpr Guid kPacketCaptureGuid{0x2ed6006e, 0x4729, 0x4609, {0xb4, 0x23, 0x3e, 0xe7, 0xbc, 0xd6, 0x78, 0xef}};
inline constexpr uint16_t kFragmentEvent = 1001;
inline constexpr uint64_t kEthernetKeyword = 0x1;
inline constexpr uint64_t kPacketStartKeyword = 0x40000000, kPacketEndKeyword = 0x80000000;
inline constexpr uint64_t kSendPathKeyword = 0x100000000, kReceivePathKeyword = 0x200000000;
inline constexpr uint32_t kFragmentOffset = 12;  // MiniportIfIndex, LowerIfIndex, FragmentSize

struct Fragment {
    uint32_t miniport_if_index = 0;
    uint32_t lower_if_index = 0;
    uint32_t payload_offset = kFragmentOffset;  // where `bytes` starts in the record's payload
    std::span<const uint8_t> bytes;
    bool ethernet = false;                      // the Ethernet 802.3 keyword: `bytes` is an Ethernet frame
};

// The fragment of an NDIS packet-capture event 1001; nullopt for any other event, or a payload whose
// FragmentSize runs past its end.
std::optional<Fragment> fragment(const EventRecord& record);

}  // namespace traceshark::etl::ndis
