// The connections and flows of every process of one machine as a table (the endpoints and conversations of
// processes): protocol, local and remote endpoint, the events that used it, bytes sent and received, captured
// packets, and whether it was opened in the capture. Used by Wireshark's `-z traceshark,connections`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traceshark/tracking/engine.hpp"

namespace traceshark::tracking {

// `packets`: per Engine::sockets() index, the packets linked to each socket outside the engine's own NetPacket
// events (Wireshark links a Linux trace's sockets to another interface's packets); nullptr: Socket::packets.
std::string process_connections_text(const Engine& engine, uint32_t machine,
                                     const std::vector<uint64_t>* packets = nullptr);

// "tcp 127.0.0.1:40000 -> 127.0.0.1:5000": protocol, local and remote endpoint, "?" for an endpoint the trace does
// not tell (a UDP sender's own address from a libc uprobe). The connection's name in the views.
std::string connection_label(const Socket& socket);

}  // namespace traceshark::tracking
