#include "ws_compat.h"

#include "follow_row.hpp"

#include <cinttypes>
#include <cstdio>

namespace traceshark::epan {

namespace tk = traceshark::tracking;

FollowRow follow_row(const packet_info* pinfo, const ActivityTapRecord& r)
{
    FollowRow row;
    row.frame = pinfo->num;
    row.rel_ts = pinfo->rel_ts;
    if (r.process != tk::kNoInstance && r.engine && r.process < r.engine->processes().size())
        row.pid = r.engine->processes()[r.process].pid;
    row.kind = r.kind;
    if (*r.local || *r.remote) row.object = std::string(r.local) + " -> " + r.remote;
    else row.object = *r.target ? std::string(r.path) + " -> " + r.target : std::string(r.path);
    row.has_bytes = r.has_bytes;
    row.bytes = r.bytes;
    row.has_offset = r.has_offset;
    row.offset = r.offset;
    row.failed = r.failed;
    row.file = r.file;
    row.socket = r.socket;
    return row;
}

FollowCells follow_cells(const FollowRow& r)
{
    char time[40], b[24] = "-", o[24] = "-", pid[16] = "?", obj[16] = "-";
    std::snprintf(time, sizeof time, "%lld.%09d", static_cast<long long>(r.rel_ts.secs), r.rel_ts.nsecs);
    if (r.has_bytes) std::snprintf(b, sizeof b, "%" PRIu64, r.bytes);
    if (r.has_offset) std::snprintf(o, sizeof o, "%" PRId64, r.offset);
    if (r.pid >= 0) std::snprintf(pid, sizeof pid, "%d", r.pid);
    if (r.file != ActivityTapRecord::kNoObject) std::snprintf(obj, sizeof obj, "f%u", r.file);
    else if (r.socket != ActivityTapRecord::kNoObject) std::snprintf(obj, sizeof obj, "s%u", r.socket);
    // What the trace does not say stays visibly unknown (ld.so's opens: no uprobe saw their paths).
    return {time, pid, tk::activity_name(r.kind), b, o, r.failed ? "failed" : "ok", obj,
            r.object.empty() ? "(unknown)" : r.object};
}

}  // namespace traceshark::epan
