// The "activity" subtree (activity.*): what an event did to a file, registry key or socket (libs/tracking's
// common model), and the object it used over its life: open/close frames, events, bytes moved (images: load and
// unload frames). Filled for Procmon, ETW and Linux events, and for the captured packets linked to a Linux
// connection (packet_link_context.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include <epan/packet.h>

#include "process_tracker.hpp"
#include "traceshark/tracking/engine.hpp"

namespace traceshark::epan {

void activity_context_register();
// `frame_of_seq`: the frame number of each consumed event (EventSeq -> frame). `links`: packets linked to the
// sockets outside the trace's events (nullptr: the socket's own NetPacket events, ETW).
void activity_context_dissect(tvbuff_t* tvb, proto_tree* tree, const tracking::Engine& engine,
                              const tracking::Activity& activity, tracking::EventSeq seq,
                              const SeqFrames& frame_of_seq,
                              const std::vector<LinkedPackets>* links = nullptr);
// The same for a captured packet linked to socket `socket` (activity kind "net packet").
void activity_context_dissect_packet(tvbuff_t* tvb, proto_tree* tree, const tracking::Engine& engine,
                                     const tracking::Socket& socket, const SeqFrames& frame_of_seq,
                                     const std::vector<LinkedPackets>& links);

}  // namespace traceshark::epan
