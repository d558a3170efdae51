// Packets that ETW events carry, from either packet provider: NDIS packet capture fragments (`netsh trace start
// capture=yes`, ndis_packet_capture.hpp) and PktMon packets and drops (`pktmon start --capture`, pktmon.hpp).
// Also the decoder that names those events' fields when no manifest of the provider is given (the manifests are
// registered on Windows only), so their provider, fields and text do not depend on having them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::etl {

enum class PacketMedium : uint8_t { Unknown, Ethernet, Ip, Wifi };

struct CapturedPacket {
    std::span<const uint8_t> bytes;  // the packet as logged (a fragment of it for NDIS)
    uint32_t payload_offset = 0;     // where `bytes` starts in the record's payload
    PacketMedium medium = PacketMedium::Unknown;
    bool dropped = false;            // PktMon's drop event
};

// The packet an NDIS fragment or PktMon event carries; nullopt for other events and damaged payloads.
std::optional<CapturedPacket> captured_packet(const EventRecord& record);

// Decodes NDIS-PacketCapture 1001 (MiniportIfIndex, LowerIfIndex, FragmentSize, Fragment[, GftFlowEntryId,
// GftOffloadInformation]) and PktMon 160/170 (pktmon.hpp's fields, Payload) by their fixed layouts, with the
// providers' names; tried last, so a given manifest or a schema in the trace still wins.
std::unique_ptr<PayloadDecoder> make_packet_capture_decoder();

}  // namespace traceshark::etl
