// The TCP/UDP endpoints of an Ethernet frame (an NDIS packet-capture fragment), written as the kernel TcpIp/UdpIp
// events' endpoints are ("10.0.0.1:5000", "[fe80::1]:443"), so a packet and a connection compare as text.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace traceshark::tracking::detail {

struct PacketFlow {
    std::string protocol;  // "tcp", "udp"
    std::string source, destination;
};

// Ethernet II (one 802.1Q tag at most), IPv4 (first fragments only) or IPv6 (hop-by-hop, routing and destination
// option headers skipped), TCP or UDP; nullopt for anything else or a frame too short for its headers.
std::optional<PacketFlow> ethernet_flow(std::span<const uint8_t> frame);
// The same for a packet that starts with its IP header (IPv4 or IPv6 by the version nibble).
std::optional<PacketFlow> ip_flow(std::span<const uint8_t> packet);

}  // namespace traceshark::tracking::detail
