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

// What the "traceshark_activity" tap carries for a frame with an activity (queued only while a listener wants
// it, which then asks for the tree: the activity is worked out with it). Strings live in the packet scope.
struct ActivityTapRecord {
    static constexpr uint32_t kNoObject = UINT32_MAX;
    const tracking::Engine* engine = nullptr;
    tracking::InstanceId process = tracking::kNoInstance;  // the process that did it (a linked packet: its socket's)
    tracking::ActivityKind kind = tracking::ActivityKind::None;
    const char* path = "";
    const char* target = "";
    const char* local = "";
    const char* remote = "";
    bool has_bytes = false, has_offset = false, failed = false;
    uint64_t bytes = 0;
    int64_t offset = 0;
    uint32_t file = kNoObject, socket = kNoObject;  // Engine::files() / sockets() index (activity.object.file/socket)
};

void activity_context_register();
// `frame_of_seq`: the frame number of each consumed event (EventSeq -> frame). `links`: packets linked to the
// sockets outside the trace's events (nullptr: the socket's own NetPacket events, ETW).
// `event`: the consumed event that did it (its seq and thread: the engine has its object and process).
void activity_context_dissect(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const tracking::Engine& engine,
                              const tracking::Activity& activity, const ProcessTracker::FrameEntry& event,
                              const SeqFrames& frame_of_seq,
                              const std::vector<LinkedPackets>* links = nullptr);
// The same for a captured packet linked to socket `socket` (activity kind "net packet").
void activity_context_dissect_packet(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree,
                                     const tracking::Engine& engine, const tracking::Socket& socket,
                                     const SeqFrames& frame_of_seq, const std::vector<LinkedPackets>& links);

}  // namespace traceshark::epan
