#include "packet_flow.hpp"

#include "traceshark/tracking/packet_link.hpp"

namespace traceshark::tracking::detail {

namespace {

constexpr uint16_t kIpv4 = 0x0800, kIpv6 = 0x86DD, kVlan = 0x8100;
constexpr uint8_t kTcp = 6, kUdp = 17;
constexpr size_t kEthernetHeader = 14, kVlanTag = 4, kIpv6Header = 40;

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

}  // namespace

std::optional<PacketFlow> ethernet_flow(std::span<const uint8_t> f)
{
    if (f.size() < kEthernetHeader) return std::nullopt;
    size_t at = 12;
    uint16_t type = be16(f.data() + at);
    if (type == kVlan) {
        if (f.size() < kEthernetHeader + kVlanTag) return std::nullopt;
        at += kVlanTag;
        type = be16(f.data() + at);
    }
    at += 2;
    if (type != kIpv4 && type != kIpv6) return std::nullopt;
    const auto flow = ip_flow(f.subspan(at));
    // The EtherType and the IP version must agree.
    if (flow && (type == kIpv6) != ((f[at] >> 4) == 6)) return std::nullopt;
    return flow;
}

std::optional<PacketFlow> ip_flow(std::span<const uint8_t> f)
{
    if (f.empty()) return std::nullopt;
    size_t at = 0;
    const uint8_t *src = nullptr, *dst = nullptr;
    uint8_t protocol = 0;
    bool v6 = false;
    if ((f[0] >> 4) == 4) {
        if (f.size() < 20) return std::nullopt;
        const size_t ihl = static_cast<size_t>(f[0] & 0x0F) * 4;
        if (ihl < 20 || f.size() < ihl) return std::nullopt;
        if ((be16(f.data() + 6) & 0x1FFF) != 0) return std::nullopt;  // a later fragment: no ports
        protocol = f[9];
        src = f.data() + 12;
        dst = f.data() + 16;
        at = ihl;
    } else if ((f[0] >> 4) == 6) {
        if (f.size() < kIpv6Header) return std::nullopt;
        v6 = true;
        protocol = f[6];
        src = f.data() + 8;
        dst = f.data() + 24;
        at = kIpv6Header;
        while (protocol == 0 || protocol == 43 || protocol == 60) {  // hop-by-hop, routing, destination options
            if (f.size() < at + 8) return std::nullopt;
            protocol = f[at];
            at += (static_cast<size_t>(f[at + 1]) + 1) * 8;
        }
    } else {
        return std::nullopt;
    }
    if ((protocol != kTcp && protocol != kUdp) || f.size() < at + 4) return std::nullopt;
    PacketFlow flow;
    flow.protocol = protocol == kTcp ? "tcp" : "udp";
    // As the kernel network events' endpoints are spelled (endpoint_text), so that the two meet.
    const size_t size = v6 ? 16 : 4;
    flow.source = endpoint_text(std::span(src, size), be16(f.data() + at));
    flow.destination = endpoint_text(std::span(dst, size), be16(f.data() + at + 2));
    return flow;
}

}  // namespace traceshark::tracking::detail
