#include "summary_printer.hpp"

#include <traceevent/event-parse.h>

#include <map>

#include "traceshark/tracecmd/error.hpp"
#include "traceshark/tracecmd/event_reader.hpp"

namespace traceshark::dump {

using namespace traceshark::tracecmd;

size_t print_summary(TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err)
{
    const Metadata& m = file.metadata();
    std::fprintf(out, "file: %s\n", file.path().c_str());
    std::fprintf(out, "format: trace.dat v%d, %s-endian, user long %d, kernel long %d, page size %u, compression %s%s%s\n",
                 m.file_version, m.big_endian ? "big" : "little", m.user_long_size, m.kernel_long_size, m.page_size,
                 m.compression.c_str(), m.compression_version.empty() ? "" : " ", m.compression_version.c_str());
    std::fprintf(out, "machine: hostname=%s system=%s release=%s arch=%s\n", m.machine.hostname.c_str(),
                 m.machine.system.c_str(), m.machine.kernel_release.c_str(), m.machine.arch.c_str());
    std::fprintf(out, "kernel version: %s\n", m.machine.kernel_version.c_str());
    std::fprintf(out, "cpus: %d\n", m.cpu_count);
    std::fprintf(out, "clock: %s%s\n", m.trace_clock.c_str(), m.clock_in_ns ? " (ns)" : " (raw counter)");
    if (!m.tracecmd_version.empty()) std::fprintf(out, "trace-cmd version: %s\n", m.tracecmd_version.c_str());
    if (m.date_offset_us) std::fprintf(out, "date offset: %lld us\n", static_cast<long long>(*m.date_offset_us));
    if (m.offset_option) std::fprintf(out, "timestamp offset: %lld ns\n", static_cast<long long>(m.offset_option));
    if (m.tsc2nsec) std::fprintf(out, "tsc2nsec: mult=%u shift=%u offset=%llu\n", m.tsc2nsec->mult, m.tsc2nsec->shift,
                                 static_cast<unsigned long long>(m.tsc2nsec->offset));
    if (m.trace_id) std::fprintf(out, "trace id: 0x%llx\n", static_cast<unsigned long long>(*m.trace_id));
    std::fprintf(out, "event formats: %zu\n", file.formats().sources().size());
    std::fprintf(out, "saved cmdlines: %zu\n", file.saved_comms().size());
    if (file.guest_clock_sync().enabled() || !m.time_shifts.empty()) {
        const TimeShift& t = m.time_shifts.back();
        std::fprintf(out, "time shift: guest of host trace id 0x%llx, %zu CPU tables, %s%s\n",
                     static_cast<unsigned long long>(t.peer_trace_id), t.per_cpu.size(),
                     t.flags & TimeShift::kFlagInterpolate ? "interpolated" : "stepwise",
                     file.guest_clock_sync().enabled() ? ", applied" : ", not applied");
    }
    for (const Guest& g : m.guests) std::fprintf(out, "guest: %s (trace id 0x%llx, %zu vCPUs)\n", g.name.c_str(),
                                                 static_cast<unsigned long long>(g.trace_id), g.vcpu_to_host_pid.size());

    const auto& buffers = file.buffers();
    for (uint32_t b = 0; b < buffers.size(); ++b) {
        const Buffer& buf = buffers[b];
        std::fprintf(out, "buffer %s: clock %s, page size %u, %s%s, %zu CPUs with data\n",
                     buf.name.empty() ? "(top)" : buf.name.c_str(), buf.clock.c_str(), buf.page_size,
                     buf.latency ? "latency text" : "binary pages", buf.compressed ? " (compressed)" : "", buf.cpus.size());
    }

    struct Counts {
        uint64_t events = 0;
        uint64_t missed = 0;
        uint64_t missed_unknown = 0;
        uint64_t first_ts = UINT64_MAX, last_ts = 0;
    };
    std::map<std::pair<uint32_t, int>, Counts> per_cpu;
    std::map<int, uint64_t> per_event;
    EventReader reader(file, ReadOptions{options.buffers, options.cpu});
    uint64_t total = 0;
    while (const Record* r = reader.next()) {
        ++total;
        ++per_event[file.event_id(*r)];
        Counts& c = per_cpu[{r->buffer, r->cpu}];
        ++c.events;
        if (r->missed_events > 0) c.missed += static_cast<uint64_t>(r->missed_events);
        if (r->missed_events < 0) ++c.missed_unknown;
        c.first_ts = std::min(c.first_ts, r->ts);
        c.last_ts = std::max(c.last_ts, r->ts);
    }
    for (const auto& [key, c] : per_cpu) {
        std::fprintf(out, "buffer %s cpu %d: %llu events, %llu missed%s, first %llu, last %llu\n",
                     buffers[key.first].name.empty() ? "(top)" : buffers[key.first].name.c_str(), key.second,
                     static_cast<unsigned long long>(c.events), static_cast<unsigned long long>(c.missed),
                     c.missed_unknown ? " (+ pages with an unknown count)" : "",
                     static_cast<unsigned long long>(c.first_ts), static_cast<unsigned long long>(c.last_ts));
    }
    std::fprintf(out, "events: %llu\n", static_cast<unsigned long long>(total));
    std::multimap<uint64_t, int, std::greater<>> by_count;
    for (const auto& [id, n] : per_event) by_count.emplace(n, id);
    for (const auto& [n, id] : by_count) {
        tep_event* ev = file.formats().find(id);
        std::fprintf(out, "  %-40s %10llu\n", ev ? (std::string(ev->system) + ":" + ev->name).c_str() : ("id " + std::to_string(id)).c_str(),
                     static_cast<unsigned long long>(n));
    }
    for (const Note& n : m.notes) std::fprintf(out, "note: %s\n", describe_at(n.offset, n.message).c_str());
    for (const Note& n : file.formats().failures()) std::fprintf(out, "note: %s\n", describe_at(n.offset, n.message).c_str());
    for (const Note& n : reader.damage()) std::fprintf(err, "%s: %s\n", file.path().c_str(), describe_at(n.offset, n.message).c_str());
    return reader.damage().size();
}

}  // namespace traceshark::dump
