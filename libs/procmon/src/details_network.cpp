// Network-class details: TCP/UDP endpoints, length, and the key/value pairs Procmon appends.
#include <algorithm>

#include "details.hpp"
#include "utf16.hpp"

namespace traceshark::procmon::detail {

void decode_network_details(DetailContext& c)
{
    const uint16_t flags = c.in.u16("network flags");
    NetworkEndpoints n;
    n.source_ipv4 = flags & 1;
    n.destination_ipv4 = flags & 2;
    n.tcp = flags & 4;
    c.event.operation_name.insert(0, n.tcp ? "TCP " : "UDP ");
    c.in.skip(2, "network details");
    const uint32_t length = c.in.u32("network length");
    auto src = c.in.bytes(16, "source address");
    auto dst = c.in.bytes(16, "destination address");
    std::copy(src.begin(), src.end(), n.source.begin());
    std::copy(dst.begin(), dst.end(), n.destination.begin());
    n.source_port = c.in.u16("source port");
    n.destination_port = c.in.u16("destination port");
    const Tables& t = c.tables;
    c.event.path = t.host_name(n.source, n.source_ipv4) + ":" + t.port_name(n.source_port, n.tcp) +
                   std::string(kEndpointSeparator) + t.host_name(n.destination, n.destination_ipv4) + ":" +
                   t.port_name(n.destination_port, n.tcp);
    c.event.network = n;
    c.add(DetailKey::Length, std::to_string(length), length);

    // UTF-16 strings up to an empty one: name, value, name, value...
    const auto rest = c.in.bytes(c.in.remaining(), "network details");
    std::string name;
    bool have_name = false;
    size_t start = 0;
    for (size_t i = 0; i + 1 < rest.size(); i += 2) {
        if (rest[i] != 0 || rest[i + 1] != 0) continue;
        if (i == start) break;
        std::string s = from_utf16(rest.subspan(start, i - start));
        start = i + 2;
        if (!have_name) {
            name = std::move(s);
            have_name = true;
        } else {
            c.event.details.push_back({DetailKey::Other, std::move(name), std::move(s), {}});
            have_name = false;
        }
    }
}

}  // namespace traceshark::procmon::detail
