// Captured packets linked to the Linux connections of the trace (issue #14): in a capture that holds a packet
// interface and ftrace events (`tshark -i ftrace -i lo`, or a mergecap of a pcap and a trace.dat with wall-clock
// times), each TCP/UDP packet gets the process.* and activity.* (kind "net packet", the connection's object) of
// the socket it belongs to, and each socket event's object its activity.object.first_packet and .packets.
//
// A postdissector records every TCP/UDP packet of the first pass (frame, time, endpoints as the IP and TCP/UDP
// dissectors set them); after the first pass (the first frame dissected again: tshark -2, or the GUI) every
// packet is linked once with the whole trace known, by tracking::PacketLinker's rule (packet_link.hpp: the
// connection whose life contains the packet's time, the sender's end first; else the one that ended latest
// before it). A one-pass tshark shows no links: the connection may be told by events after its first packets.
// Packets inside ICMP errors are not linked; packets that are trace events (ETW NDIS) are the ETW mapper's.
#pragma once

#include <epan/packet.h>

namespace traceshark::epan {

struct ProcessTracker;

void packet_link_register();
// After the first pass: each recorded packet's socket and each socket's packets (once).
void link_packets(ProcessTracker& t);

}  // namespace traceshark::epan
