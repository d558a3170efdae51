#include "kernel_network.hpp"

#include "layout.hpp"
#include "traceshark/etl/kernel_providers.hpp"

namespace traceshark::etl::kernel_detail {

bool decode_kernel_network(uint16_t event_id, std::span<const uint8_t> payload, uint8_t pointer_size,
                           std::vector<Field>& out)
{
    KernelKey key;
    key.version = 2;
    key.pointer_size = pointer_size;
    key.payload_size = payload.size();
    EventInfo info;
    bool known = false;
    if (const auto mof = kernel::kernel_network_as_mof(event_id)) {
        key.opcode = mof->opcode;
        key.version = mof->version;
        known = mof->group == kernel::Group::TcpIp ? lookup_tcp_ip(key, info) : lookup_udp_ip(key, info);
    }
    if (!known || !info.has_layout) return false;
    std::vector<Field> fields;
    const LayoutResult r = decode_layout(info.layout, payload, {pointer_size, false}, fields);
    if (!r.problem.empty()) return false;
    out = std::move(fields);
    return true;
}

}  // namespace traceshark::etl::kernel_detail
