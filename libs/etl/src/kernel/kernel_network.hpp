// Microsoft-Windows-Kernel-Network {7dd42a49-5329-4832-8dfd-43d979153a88} is the manifest form of the kernel's
// TcpIp and UdpIp MOF classes: the same payloads (PID, size, addresses, big-endian ports, ..., a pointer-sized
// connid), event id = TcpIp opcode (10-34) or UdpIp opcode + 32 (42-59). The manifests rebuilt from TDH metadata
// (expected/manifests) lose what these payloads need: the IPv6 addresses' length (win:Binary without length), the
// IPv4/port outTypes, and connid's pointer size (declared UInt32). The manifest decoder takes these layouts (types
// and widths) under the manifest's names where the layout consumes the payload exactly and has the template's
// field names, in order; else the template's reading stands.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "traceshark/etl/value.hpp"

namespace traceshark::etl::kernel_detail {

// The fields of a Kernel-Network event by the TcpIp/UdpIp V2 layout of its id; false when the id has none or the
// layout does not consume the payload exactly.
bool decode_kernel_network(uint16_t event_id, std::span<const uint8_t> payload, uint8_t pointer_size,
                           std::vector<Field>& out);

}  // namespace traceshark::etl::kernel_detail
