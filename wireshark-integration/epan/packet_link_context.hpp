// Captured packets linked to the connections of the trace events (issues #14, #12): in a capture that holds a packet
// interface and trace events (`tshark -i ftrace -i lo`, or a mergecap of a pcap with a trace.dat that has wall-clock
// times, an ETL or a PML), each TCP/UDP packet gets the process.* and activity.* (kind "net packet", the connection's object) of
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
