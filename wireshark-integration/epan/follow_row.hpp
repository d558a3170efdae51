// One row of the follow views (-z traceshark,follow,... and Statistics > Traceshark > Follow): an event on the
// object followed, made from what the "traceshark_activity" tap carries, and its cells as both views show them.
#pragma once

#include <epan/packet_info.h>

#include <cstdint>
#include <string>

#include "activity_context.hpp"

namespace traceshark::epan {

struct FollowRow {
    uint32_t frame = 0;
    nstime_t rel_ts{};
    int pid = -1;
    tracking::ActivityKind kind = tracking::ActivityKind::None;
    std::string object;  // the path (and a rename's target) or the endpoints
    uint32_t file = ActivityTapRecord::kNoObject, socket = ActivityTapRecord::kNoObject;
    bool has_bytes = false, has_offset = false, failed = false;
    uint64_t bytes = 0;
    int64_t offset = 0;
};

FollowRow follow_row(const packet_info* pinfo, const ActivityTapRecord& r);

// The cells: "-" where the event gives no bytes or offset or names no object, "?" for an unknown pid,
// "(unknown)" for a path the trace does not know; the object number as f<activity.object.file> or
// s<activity.object.socket>, to follow it in turn.
struct FollowCells {
    std::string time, pid, operation, bytes, offset, result, number, object;
};

FollowCells follow_cells(const FollowRow& r);

}  // namespace traceshark::epan
