#include "traceshark/tracecmd/guest_clock_sync.hpp"

#include <algorithm>
#include <string>

#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd {

namespace {

// Two's-complement arithmetic on the 64-bit values, as trace-cmd's C code wraps on the x86-64 it runs on.
int64_t wrap_add(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }
int64_t wrap_sub(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
int64_t wrap_mul(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)); }

// The correction between the samples `lo` and `hi` (the offset at `ts`, interpolated when the flag says so),
// added to `ts` scaled by `lo`.
uint64_t correct(uint64_t ts, bool interpolate, const TimeShift::Sample& lo, const TimeShift::Sample& hi)
{
    int64_t correction = lo.offset;
    if (interpolate) {
        const int64_t span = wrap_sub(hi.time, lo.time);  // > 0: times are strictly increasing
        const int64_t moved = wrap_mul(wrap_sub(static_cast<int64_t>(ts), lo.time), wrap_sub(hi.offset, lo.offset));
        correction = wrap_add(lo.offset, wrap_add(moved, span / 2) / span);
    }
    const uint64_t scaled = (ts * static_cast<uint64_t>(lo.scaling)) >> lo.fraction;
    return scaled + static_cast<uint64_t>(correction);
}

}  // namespace

GuestClockSync::GuestClockSync(const TimeShift& option)
    : peer_trace_id_(option.peer_trace_id), interpolate_((option.flags & TimeShift::kFlagInterpolate) != 0)
{
    if (option.damage) {
        problems_.push_back({option.damage->offset, "TIME_SHIFT option unreadable: " + option.damage->message +
                                                        "; all guest times are left unshifted"});
        return;
    }
    bool any = false;
    for (size_t c = 0; c < option.per_cpu.size(); ++c) {
        const auto& in = option.per_cpu[c];
        const uint64_t at = c < option.cpu_offsets.size() ? option.cpu_offsets[c] : option.offset;
        const std::string cpu = "TIME_SHIFT CPU " + std::to_string(c) + ": ";
        const std::string kept = "; its guest times are left unshifted";
        std::vector<TimeShift::Sample> samples;
        std::string problem;
        if (in.empty()) problem = "no samples";
        for (size_t i = 0; i < in.size() && problem.empty(); ++i) {
            const TimeShift::Sample& s = in[i];
            if (s.scaling == 0) problem = "sample " + std::to_string(i) + " has scaling 0";
            else if (s.fraction < 0 || s.fraction > 63)
                problem = "sample " + std::to_string(i) + " has " + std::to_string(s.fraction) + " fraction bits (0..63 possible)";
            else if (i > 0 && s.time < in[i - 1].time)
                problem = "sample " + std::to_string(i) + " time " + std::to_string(s.time) + " is before the previous sample's " +
                          std::to_string(in[i - 1].time);
            else if (i == 0 || s.time != in[i - 1].time) samples.push_back(s);
        }
        if (!problem.empty()) {
            problems_.push_back({at, cpu + problem + kept});
            samples.clear();
        } else {
            any = true;
        }
        cpus_.push_back(std::move(samples));
    }
    if (!any) cpus_.clear();
}

uint64_t GuestClockSync::to_host(uint64_t ts, int cpu) const
{
    if (cpu < 0 || static_cast<size_t>(cpu) >= cpus_.size()) return ts;
    const auto& s = cpus_[static_cast<size_t>(cpu)];
    const size_t n = s.size();
    if (n == 0) return ts;
    if (n == 1) return ts + static_cast<uint64_t>(s[0].offset);  // trace-cmd: offset only, no scaling
    // The pair of samples around `ts`, the first or last pair outside their range. A binary search that
    // compares the unsigned timestamp with the times, as trace-cmd's does.
    auto time = [&](size_t i) { return static_cast<uint64_t>(s[i].time); };
    size_t lo = 0;
    if (ts <= time(0)) {
        lo = 0;
    } else if (ts >= time(n - 1)) {
        lo = n - 2;
    } else {
        int64_t first = 0, last = static_cast<int64_t>(n) - 1, mid = last / 2;
        while (first <= last) {
            const uint64_t t = time(static_cast<size_t>(mid));
            if (ts < t) last = mid - 1;
            else if (ts > t) first = mid + 1;
            else break;
            mid = (first + last) / 2;
        }
        lo = std::min(static_cast<size_t>(mid), n - 2);  // only negative times could take it further
    }
    return correct(ts, interpolate_, s[lo], s[lo + 1]);
}

}  // namespace traceshark::tracecmd
