// Packets linked to the connections of processes, by endpoints and time (any format whose capture holds packets
// next to trace events: Linux `tshark -i ftrace -i lo` or a mergecap of a pcap and a trace.dat with wall-clock
// times). Endpoints are text as the adapters write them: "10.0.0.1:5000", "[fe80::1]:443".
//
// The rule for ambiguities (a port reused by several connections over the capture, both ends of a loopback
// connection in the trace): the candidates are first the connections whose (local, remote) is the packet's
// (source, destination) — the sender's end —, and only when none of those fits, the ones whose (local, remote) is
// (destination, source) — the receiver's end. Among one end's candidates, the latest started of those whose
// lifetime [start, end] contains the packet's time wins (equal starts: the one that ends first); when none contains it, the one that ended latest before
// the packet (the last ACK of a connection in TIME_WAIT, after its close); a packet before every candidate's
// start fits none.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "traceshark/tracking/model.hpp"

namespace traceshark::tracking {

// "a.b.c.d:port" for 4 address bytes, "[v6]:port" (RFC 5952 text) for 16; an IPv4-mapped IPv6 address
// (::ffff:a.b.c.d) as IPv4, as the packets on the wire show it. "" for any other size.
std::string endpoint_text(std::span<const uint8_t> address, uint16_t port);

class PacketLinker {
public:
    static constexpr Timestamp kOpen = UINT64_MAX;
    // Connection `id` (the caller's, e.g. Engine::sockets() index) lived from `start` to `end` (kOpen: to the
    // end of the capture).
    void add(uint32_t id, const std::string& protocol, const std::string& local, const std::string& remote,
             Timestamp start, Timestamp end);
    // The connection packet (protocol, source, destination) at time `ts` belongs to, by the rule above.
    std::optional<uint32_t> find(const std::string& protocol, const std::string& source,
                                 const std::string& destination, Timestamp ts) const;
    // find(), then, for a packet no connection fits, a flow whose local end the trace does not tell (an autobound
    // UDP port; added with local "") and whose remote end is the packet's destination: its sender. That flow then
    // has the packet's source as its local end, so the answers to it (to that port only) link to it too. Call it
    // in time order.
    std::optional<uint32_t> link(const std::string& protocol, const std::string& source,
                                 const std::string& destination, Timestamp ts);
    bool empty() const { return by_key_.empty(); }

private:
    struct Life {
        uint32_t id;
        Timestamp start, end;
    };
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<Life>> by_key_;
};

}  // namespace traceshark::tracking
