// The "activity" subtree (activity.*): what an event did to a file, registry key or socket (libs/tracking's
// common model), and the object it used over its life: open/close frames, events, bytes moved. Filled for
// Procmon events; Linux events do not map file and network activity yet.
#pragma once

#include <cstdint>
#include <vector>

#include <epan/packet.h>

#include "traceshark/tracking/engine.hpp"

namespace traceshark::epan {

void activity_context_register();
// `frame_of_seq`: the frame number of each consumed event (EventSeq -> frame).
void activity_context_dissect(tvbuff_t* tvb, proto_tree* tree, const tracking::Engine& engine,
                              const tracking::Activity& activity, tracking::EventSeq seq,
                              const std::vector<guint32>& frame_of_seq);

}  // namespace traceshark::epan
