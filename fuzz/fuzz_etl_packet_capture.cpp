// libFuzzer target: the packets ETW events carry (libs/etl captured_packet.hpp: NDIS fragments, PktMon packets and
// drops) on arbitrary payloads, through the fallback decoder and the ETW tracking adapter, whose packet matching
// parses the packet's Ethernet/IP/TCP/UDP headers. Input: u8 event (0: NDIS 1001, 1: PktMon 160, 2: PktMon 170),
// u8 keyword bits for NDIS (bit 0: Ethernet), payload.
#include <cstdint>

#include "traceshark/etl/captured_packet.hpp"
#include "traceshark/etl/ndis_packet_capture.hpp"
#include "traceshark/etl/pktmon.hpp"
#include "traceshark/etl/registry.hpp"
#include "traceshark/tracking/etl/mapper.hpp"

using namespace traceshark;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2) return 0;
    etl::EventRecord r;
    r.header_type = etl::HeaderType::EventHeader64;
    r.pid = 4;
    r.tid = 100;
    if (data[0] % 3 == 0) {
        r.provider = etl::ndis::kPacketCaptureGuid;
        r.descriptor.id = etl::ndis::kFragmentEvent;
        r.descriptor.keyword = (data[1] & 1) ? etl::ndis::kEthernetKeyword : 0;
    } else {
        r.provider = etl::pktmon::kProviderGuid;
        r.descriptor.id = data[0] % 3 == 1 ? etl::pktmon::kPacketEvent : etl::pktmon::kDropEvent;
    }
    r.payload = {data + 2, size - 2};
    if (const auto p = etl::captured_packet(r)) {
        // The packet lies inside the payload, where the dissector takes it from.
        if (p->payload_offset + p->bytes.size() > r.payload.size() || p->bytes.data() != r.payload.data() + p->payload_offset)
            __builtin_trap();
    }
    auto decoders = etl::make_default_decoders();
    const etl::DecodedEvent d = decoders->decode(r);
    (void)d.text(r.payload.size());
    tracking::EtlMapper mapper;
    (void)mapper.map(r, d, 0);
    (void)mapper.activity(r, d);
    return 0;
}
