// The guest-to-host clock mapping of a guest file (TIME_SHIFT option written by `trace-cmd record -A`),
// applied exactly as `trace-cmd report` 3.1.6 does, so that guest events sit on the host's time line.
#pragma once

#include <cstdint>
#include <vector>

#include "traceshark/tracecmd/metadata.hpp"

namespace traceshark::tracecmd {

class GuestClockSync {
public:
    GuestClockSync() = default;
    // Validates each CPU's samples: a CPU whose table is empty, goes back in time, has a zero scaling or more
    // than 63 fraction bits gets a problem note (naming the file offset) and keeps guest time; an option that
    // could not be read leaves every CPU in guest time. Samples with equal times are dropped after the
    // first, as trace-cmd does.
    explicit GuestClockSync(const TimeShift& option);

    bool enabled() const { return !cpus_.empty(); }
    uint64_t peer_trace_id() const { return peer_trace_id_; }
    // Host time of guest time `ts` on guest CPU `cpu` (index of the CPU's table); a CPU without a usable
    // table, or beyond the option's CPU count, keeps `ts`.
    uint64_t to_host(uint64_t ts, int cpu) const;
    // Why CPUs (or the whole option) are left in guest time.
    const std::vector<Note>& problems() const { return problems_; }

private:
    uint64_t peer_trace_id_ = 0;
    bool interpolate_ = false;
    std::vector<std::vector<TimeShift::Sample>> cpus_;  // empty table: CPU left unshifted
    std::vector<Note> problems_;
};

}  // namespace traceshark::tracecmd
