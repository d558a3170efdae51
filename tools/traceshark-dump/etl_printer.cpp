#include "etl_printer.hpp"

#include "process_tree.hpp"

#include <cinttypes>
#include <ctime>
#include <map>

#include "traceshark/common/filetime.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/tracelog_rules.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/etl/mapper.hpp"

namespace traceshark::dump {
namespace {

using namespace traceshark::etl;

std::string id_text(uint32_t id) { return id == kNoId ? "-1" : std::to_string(id); }

}  // namespace

std::string utc_ns_text(uint64_t ns)
{
    const auto secs = static_cast<time_t>(ns / 1'000'000'000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char b[64];
    std::snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d:%02d.%09" PRIu64 "Z", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns % 1'000'000'000);
    return b;
}

size_t print_etl(const EtlTrace& trace, DecoderSet& decoders, EtlMode mode, std::FILE* out, std::FILE* err,
                 bool tracelog)
{
    EventReader reader(trace);
    std::map<std::string, uint64_t> counts, providers;
    std::map<int, uint64_t> header_types;
    std::string line;
    while (const EventRecord* r = reader.next()) {
        const DecodedEvent e = decoders.decode(*r);
        if (tracelog && etl::perfview::tracelog_rule(*r) != etl::perfview::TraceLogRule::Kept) continue;
        if (mode == EtlMode::Counts) {
            ++counts[e.name()];
            continue;
        }
        if (mode == EtlMode::Summary) {
            ++providers[e.provider];
            ++header_types[static_cast<int>(r->header_type)];
            continue;
        }
        line = utc_ns_text(r->time_ns);
        line += " cpu=" + std::to_string(r->cpu) + " pid=" + id_text(r->pid) + " tid=" + id_text(r->tid) + " ";
        line += e.text(r->payload.size());
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
    }
    if (mode == EtlMode::Counts) {
        for (const auto& [name, n] : counts) std::fprintf(out, "COUNT %s:%" PRIu64 "\n", name.c_str(), n);
    } else if (mode == EtlMode::Summary) {
        const Metadata& m = trace.metadata();
        for (size_t i = 0; i < m.files.size(); ++i) {
            const FileMetadata& f = m.files[i];
            std::fprintf(out, "file %zu: %s (%" PRIu64 " bytes)\n", i, f.path.c_str(), f.file_size);
            std::fprintf(out, "  os: %s (header version %u.%u.%u.%u)\n", f.os_text().c_str(), f.version[0],
                         f.version[1], f.version[2], f.version[3]);
            std::fprintf(out, "  cpus: %u (%u MHz), pointer size %u (header record: %u-bit)\n", f.cpus, f.cpu_mhz,
                         f.pointer_size, f.header_pointer_size * 8u);
            std::fprintf(out, "  clock: %s, perf frequency %" PRIu64 " Hz, timer resolution %u x 100 ns\n",
                         f.clock_type == ClockType::Qpc          ? "QPC"
                         : f.clock_type == ClockType::SystemTime ? "system time"
                         : f.clock_type == ClockType::CpuCycles  ? "CPU cycles"
                                                                 : "unknown",
                         f.perf_freq, f.timer_resolution);
            std::fprintf(out, "  start: %s  end: %s  boot: %s\n", utc_ns_text(f.start_time_ns()).c_str(),
                         utc_ns_text(f.end_time_ns()).c_str(),
                         utc_ns_text(common::filetime_to_unix_ns(f.boot_time)).c_str());
            std::fprintf(out, "  time zone: bias %d min, \"%s\" / \"%s\"\n", f.time_zone.bias,
                         f.time_zone.standard_name.c_str(), f.time_zone.daylight_name.c_str());
            std::fprintf(out, "  session: \"%s\", log file \"%s\"\n", f.logger_name.c_str(), f.log_file_name.c_str());
            std::fprintf(out, "  log file mode: 0x%x%s%s%s, buffer size %u, max file size %u MB\n", f.log_file_mode,
                         f.compressed() ? " compressed" : "", f.circular() ? " circular" : "",
                         f.relogged() ? " relogged" : "", f.buffer_size, f.maximum_file_size);
            std::fprintf(out, "  buffers: %u in file (%u compressed, %u CPU streams), %u written, %u lost; events lost %u\n",
                         f.buffers, f.compressed_buffers, f.cpu_streams, f.buffers_written, f.buffers_lost,
                         f.events_lost);
        }
        std::fprintf(out, "events: %" PRIu64 "\n", reader.records_read());
        static const std::map<int, const char*> type_names = {
            {0x01, "SYSTEM32"}, {0x02, "SYSTEM64"}, {0x03, "COMPACT32"}, {0x04, "COMPACT64"},
            {0x0A, "FULL32"}, {0x0B, "INSTANCE32"}, {0x0C, "TIMED"}, {0x0D, "ERROR"}, {0x0E, "WNODE"},
            {0x10, "PERFINFO32"}, {0x11, "PERFINFO64"}, {0x12, "EVENT_HEADER32"}, {0x13, "EVENT_HEADER64"},
            {0x14, "FULL64"}, {0x15, "INSTANCE64"}, {0xFF, "MESSAGE"}};
        for (const auto& [t, n] : header_types) {
            auto it = type_names.find(t);
            std::fprintf(out, "  records %s: %" PRIu64 "\n", it == type_names.end() ? "?" : it->second, n);
        }
        for (const auto& [p, n] : providers) std::fprintf(out, "  provider %s: %" PRIu64 "\n", p.c_str(), n);
        std::fprintf(out, "damage: %zu\n", reader.damage().size());
    }
    std::fflush(out);
    for (const Damage& d : reader.damage()) {
        const auto& files = trace.metadata().files;
        std::fprintf(err, "traceshark-dump: %s: %s\n", d.file < files.size() ? files[d.file].path.c_str() : "?",
                     d.text().c_str());
    }
    return reader.damage().size();
}

size_t print_etl_process_tree(const etl::EtlTrace& trace, etl::DecoderSet& decoders, std::FILE* out, std::FILE* err)
{
    namespace tk = traceshark::tracking;
    const auto& files = trace.metadata().files;
    tk::Engine engine;
    const etl::FileMetadata* f = files.empty() ? nullptr : &files.front();
    // As the Wireshark plugin names the machine: an ETL names no host, its session does.
    const uint32_t machine = engine.add_machine(
        {f ? f->logger_name : std::string(),
         f ? f->os_text() : std::string()});
    tk::EtlMapper mapper;
    EventReader reader(trace);
    std::vector<ConsumedEvent> seen;
    while (const EventRecord* r = reader.next()) {
        const tk::NormalizedEvent e = mapper.map(*r, decoders.decode(*r), machine);
        seen.push_back({e.tid, e.pid, engine.consume(e)});
    }
    write_process_tree(engine, machine, seen, out);
    std::fflush(out);
    for (const Damage& d : reader.damage())
        std::fprintf(err, "traceshark-dump: %s: %s\n", d.file < files.size() ? files[d.file].path.c_str() : "?",
                     d.text().c_str());
    return reader.damage().size();
}

}  // namespace traceshark::dump
