// Wiretap reader for ETW traces (.etl) through libs/etl: every event record becomes an Exported PDU record for the
// "traceshark" dissector (family 3) carrying the raw ETW record; the EventTrace header travels in a metadata-only
// interface block so that pcapng copies stay dissectable alone (docs/wireshark-integration.md, "ETW traces").
#include "wiretap_util.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "traceshark/common/filetime.hpp"
#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/wsmeta/etl_machine.hpp"
#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

namespace {

using namespace traceshark;
using namespace traceshark::wiretap;
namespace wm = traceshark::wsmeta;
namespace etl = traceshark::etl;

// EtlTrace::looks_like_etl judges the first buffer's header and the EventTrace header record's start.
constexpr size_t kHeadSize = 0x70;
// Buffer flags that say events were lost before (formats.md §3: EVENTS_LOST, BUFFER_LOST).
constexpr uint16_t kBufferLostFlags = 0x2 | 0x4;

int g_file_type = -1;

struct Reader {
    std::unique_ptr<etl::EtlTrace> trace;
    std::unique_ptr<etl::EventReader> events;
    uint64_t key = 0;
    bool pointer32 = false;
    bool damage_reported = false;
    // The first record read from each buffer flagged as having lost events (by packed RecordRef): seek_read
    // marks the same frames.
    std::unordered_set<uint64_t> lost_before;
    int64_t last_buffer = -1;  // file << 32 | buffer index of the previous record
};

Reader* reader_of(wtap* wth) { return static_cast<Reader*>(wth->priv); }

std::string os_text(const etl::FileMetadata& f)
{
    return "Windows " + std::to_string(f.os_major) + "." + std::to_string(f.os_minor) + " build " +
           std::to_string(f.os_build);
}

const char* clock_name(etl::ClockType c)
{
    switch (c) {
    case etl::ClockType::Qpc: return "qpc";
    case etl::ClockType::SystemTime: return "systemtime";
    case etl::ClockType::CpuCycles: return "cycles";
    case etl::ClockType::Unknown: break;
    }
    return "unknown";
}

// One machine per trace; the key tells two traces of one computer apart (the header's times and session).
uint64_t key_of(const etl::FileMetadata& f)
{
    wm::KeyHasher h;
    h.add("etl");
    h.add(f.logger_name);
    h.add(f.log_file_name);
    h.add(os_text(f));
    for (uint64_t v : {f.start_time, f.end_time, f.boot_time, static_cast<uint64_t>(f.header_timestamp),
                       f.file_size, static_cast<uint64_t>(f.buffers_written)})
        h.add(std::to_string(v));
    return h.value();
}

wm::EtlMachine etl_machine_of(const etl::FileMetadata& f)
{
    wm::EtlMachine m;
    m.os_major = f.os_major;
    m.os_minor = f.os_minor;
    m.os_build = f.os_build;
    m.cpus = f.cpus;
    m.cpu_mhz = f.cpu_mhz;
    m.pointer_size = f.header_pointer_size;
    m.clock = clock_name(f.clock_type);
    m.perf_freq = f.perf_freq;
    m.tz_bias = f.time_zone.bias;
    m.tz_standard_name = f.time_zone.standard_name;
    m.tz_daylight_name = f.time_zone.daylight_name;
    m.session = f.logger_name;
    m.log_file = f.log_file_name;
    m.start_ns = f.start_time_ns();
    m.end_ns = f.end_time_ns();
    m.boot_ns = f.boot_time ? common::filetime_to_unix_ns(f.boot_time) : 0;
    m.log_file_mode = f.log_file_mode;
    m.events_lost = f.events_lost;
    m.buffers_lost = f.buffers_lost;
    return m;
}

// The EventTrace header names no computer: the machine is the session's ("etw:<session>" as its buffer).
wm::MachineInfo machine_of(const etl::FileMetadata& f, uint64_t key)
{
    wm::MachineInfo m;
    m.key = key;
    m.release = os_text(f);
    m.version = std::to_string(f.version[0]) + "." + std::to_string(f.version[1]) + "." +
                std::to_string(f.version[2]) + "." + std::to_string(f.version[3]);
    m.arch = f.header_pointer_size == 4 ? "32-bit" : "64-bit";
    m.cpus = static_cast<int>(f.cpus);
    m.clock = clock_name(f.clock_type);
    m.buffer = "etw:" + f.logger_name;
    return m;
}

void fill_record(const Reader& r, const etl::EventRecord& ev, wtap_rec* rec, Buffer* buf)
{
    wm::EventHeader h;
    h.family = static_cast<uint16_t>(wm::Family::Etw);
    h.cpu = ev.cpu;
    h.buffer = ev.ref.buffer;
    h.machine_key = r.key;
    h.record_ref = ev.ref.pack();
    if (r.pointer32) h.flags |= wm::EventHeader::kFlagPointer32;
    if (r.lost_before.count(h.record_ref)) {
        h.flags |= wm::EventHeader::kFlagLostEvents;
        h.missed_events = -1;  // the buffer says events were lost, not how many
    }
    uint8_t* p = start_record(rec, buf, h, ev.bytes.size(), ev.time_ns, 0);
    if (!ev.bytes.empty()) std::memcpy(p, ev.bytes.data(), ev.bytes.size());
}

traceshark_read_ret etl_read(wtap* wth, wtap_rec* rec, Buffer* buf, int* err, gchar** err_info, gint64* data_offset)
{
    Reader& r = *reader_of(wth);
    *err = 0;
    return guarded(err, err_info, [&] {
        if (const etl::EventRecord* ev = r.events->next()) {
            const int64_t buffer = static_cast<int64_t>(ev->ref.file) << 32 | ev->ref.buffer;
            if (buffer != r.last_buffer) {
                r.last_buffer = buffer;
                const etl::BufferInfo* b = r.trace->buffer(ev->ref.file, ev->ref.buffer);
                if (b && (b->flags & kBufferLostFlags)) r.lost_before.insert(ev->ref.pack());
            }
            *data_offset = static_cast<gint64>(ev->ref.pack());
            fill_record(r, *ev, rec, buf);
            return true;
        }
        // The reader went on past damage; report it once, after the last good record.
        const auto& damage = r.events->damage();
        if (!damage.empty() && !r.damage_reported) {
            r.damage_reported = true;
            std::string msg = damage.front().text();
            if (damage.size() > 1) msg += " (and " + std::to_string(damage.size() - 1) + " more damaged places)";
            set_error(err, err_info, WTAP_ERR_BAD_FILE, msg);
        }
        return false;
    });
}

traceshark_read_ret etl_seek_read(wtap* wth, gint64 offset, wtap_rec* rec, Buffer* buf, int* err, gchar** err_info)
{
    Reader& r = *reader_of(wth);
    *err = 0;
    return guarded(err, err_info, [&] {
        const etl::OwnedRecord owned = r.trace->read_at(etl::RecordRef::unpack(static_cast<uint64_t>(offset)));
        fill_record(r, owned.record, rec, buf);
        return true;
    });
}

void etl_close(wtap* wth)
{
    delete reader_of(wth);
    wth->priv = nullptr;
}

wtap_open_return_val etl_open(wtap* wth, int* err, gchar** err_info)
{
    uint8_t head[kHeadSize];
    const wtap_open_return_val got = read_head(wth, head, sizeof head, err, err_info);
    if (got != WTAP_OPEN_MINE) return got;
    if (!etl::EtlTrace::looks_like_etl({head, sizeof head})) return WTAP_OPEN_NOT_MINE;

    auto r = std::make_unique<Reader>();
    const bool ok = open_source(
        wth, err, err_info, [&](const std::string& path) { r->trace = etl::EtlTrace::open(path); },
        [&](std::vector<uint8_t> bytes) {
            std::vector<std::vector<uint8_t>> files;
            files.push_back(std::move(bytes));
            r->trace = etl::EtlTrace::open_memory(std::move(files));
        });
    CapturePlan plan;
    const bool planned = ok && guarded(err, err_info, [&] {
        const etl::FileMetadata& f = r->trace->metadata().files.at(0);
        r->key = key_of(f);
        r->pointer32 = f.header_pointer_size == 4;
        r->events = std::make_unique<etl::EventReader>(*r->trace);
        const wm::MachineInfo m = machine_of(f, r->key);
        plan.key = r->key;
        plan.record_interfaces.push_back({wm::record_interface_name(m), wm::record_interface_description(m), os_text(f)});
        for (auto& chunk : wm::encode_metadata(r->key, wm::kKindEtlHeader, wm::encode_etl_machine(etl_machine_of(f))))
            plan.meta_interfaces.push_back({std::move(chunk.name), std::move(chunk.description), {}});
        return true;
    });
    if (!planned) return WTAP_OPEN_ERROR;

    add_interfaces(wth, plan);
    install_reader(wth, r.release(), g_file_type, etl_read, etl_seek_read, etl_close);
    return WTAP_OPEN_MINE;
}

const struct file_type_subtype_info kFileType = {
    "Windows ETW trace (Traceshark)", "etl-traceshark", "etl", nullptr, FALSE, BLOCKS_SUPPORTED(kPacketBlocks),
    nullptr, nullptr, nullptr,
};

}  // namespace

void traceshark::wiretap::register_etl()
{
    // First of all readers: the MPEG reader (a magic one in 4.0, earlier in the list) claims ETL files otherwise.
    struct open_info oi = {"Windows ETW trace (Traceshark)", OPEN_INFO_MAGIC, etl_open, "etl", nullptr, nullptr};
    wtap_register_open_info(&oi, TRUE);
    g_file_type = wtap_register_file_type_subtype(&kFileType);
}
