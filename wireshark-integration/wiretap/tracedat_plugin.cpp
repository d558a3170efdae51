// Wiretap (file type) plugin: reads trace-cmd trace.dat files through libs/tracecmd and hands every event to
// Wireshark as an Exported PDU record for the "traceshark" dissector (docs/wireshark-integration.md).
#include "wiretap_util.hpp"  // Wireshark's wiretap headers, private ones included

#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <traceevent/event-parse.h>

#include "tracedat_metadata.hpp"
#include "traceshark/tracecmd/error.hpp"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/wsmeta/event_header.hpp"

namespace {

using namespace traceshark;
using namespace traceshark::wiretap;
namespace tc = traceshark::tracecmd;
namespace wm = traceshark::wsmeta;

constexpr uint8_t kMagic[10] = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};

int g_file_type = -1;

struct Reader {
    std::unique_ptr<tc::TraceFile> file;
    std::unique_ptr<tc::EventReader> events;
    uint64_t key = 0;
    bool damage_reported = false;
    int funcgraph_entry = -1;  // event id of ftrace:funcgraph_entry, -1 if the file has none
    // For each function-graph entry, the record that followed it in its buffer (found while reading in order;
    // seek_read has no "next" of its own).
    std::unordered_map<uint64_t, uint64_t> next_of_entry;
    std::vector<uint8_t> entry_copy;  // the entry's bytes while the reader looks ahead
};

Reader* reader_of(wtap* wth) { return static_cast<Reader*>(wth->priv); }

void fill_record(Reader& r, const tc::Record& ev, wtap_rec* rec, Buffer* buf, const tc::Record* next = nullptr)
{
    wm::EventHeader h;
    const uint32_t next_size = next ? next->size : 0;
    if (next) {
        h.flags |= wm::EventHeader::kFlagNextRecord;
        h.next_record_size = next_size;
    }
    h.cpu = static_cast<uint32_t>(ev.cpu);
    h.buffer = ev.buffer;
    h.missed_events = ev.missed_events;
    h.machine_key = r.key;
    h.record_ref = ev.ref.value;
    if (r.file->metadata().big_endian) h.flags |= wm::EventHeader::kFlagBigEndianData;
    if (ev.missed_events != 0) h.flags |= wm::EventHeader::kFlagLostEvents;

    // Record interfaces come first, one per buffer.
    uint8_t* p = start_record(rec, buf, h, ev.size + next_size, ev.ts, ev.buffer);
    if (ev.size) std::memcpy(p, ev.data, ev.size);
    if (next_size) std::memcpy(p + ev.size, next->data, next_size);
}

traceshark_read_ret tracedat_read(wtap* wth, wtap_rec* rec, Buffer* buf, int* err, gchar** err_info, gint64* data_offset)
{
    Reader& r = *reader_of(wth);
    *err = 0;
    return guarded(err, err_info, [&] {
        const tc::Record* ev = r.events->next();
        if (ev) {
            *data_offset = static_cast<gint64>(ev->ref.value);
            if (r.funcgraph_entry >= 0 && r.file->event_id(*ev) == r.funcgraph_entry) {
                // trace-cmd report prints an entry whose exit comes next (in its buffer) as one leaf line: hand
                // the dissector that next record too. Looking ahead may move the reader's buffers: copy first.
                tc::Record entry = *ev;
                r.entry_copy.assign(ev->data, ev->data + ev->size);
                entry.data = r.entry_copy.data();
                const tc::Record* next = r.events->peek();
                if (next && next->buffer != entry.buffer) next = nullptr;
                if (next) r.next_of_entry[entry.ref.value] = next->ref.value;
                fill_record(r, entry, rec, buf, next);
                return true;
            }
            fill_record(r, *ev, rec, buf);
            return true;
        }
        // The reader went on past damage; report it once, after the last good record.
        const auto& damage = r.events->damage();
        if (!damage.empty() && !r.damage_reported) {
            r.damage_reported = true;
            std::string msg = tc::describe_at(damage.front().offset, damage.front().message);
            if (damage.size() > 1) msg += " (and " + std::to_string(damage.size() - 1) + " more damaged places)";
            set_error(err, err_info, WTAP_ERR_BAD_FILE, msg);
        }
        return false;
    });
}

traceshark_read_ret tracedat_seek_read(wtap* wth, gint64 offset, wtap_rec* rec, Buffer* buf, int* err, gchar** err_info)
{
    Reader& r = *reader_of(wth);
    *err = 0;
    return guarded(err, err_info, [&] {
        auto ev = r.file->read_at(tc::RecordRef{static_cast<uint64_t>(offset)});
        if (!ev) {
            set_error(err, err_info, WTAP_ERR_BAD_FILE,
                      "no event at record reference " + tc::hex(static_cast<uint64_t>(offset)));
            return false;
        }
        const auto next_ref = r.next_of_entry.find(ev->ref.value);
        if (next_ref != r.next_of_entry.end()) {
            r.entry_copy.assign(ev->data, ev->data + ev->size);  // the next read_at may reuse its page buffer
            tc::Record entry = *ev;
            entry.data = r.entry_copy.data();
            const auto next = r.file->read_at(tc::RecordRef{next_ref->second});
            fill_record(r, entry, rec, buf, next ? &*next : nullptr);
            return true;
        }
        fill_record(r, *ev, rec, buf);
        return true;
    });
}

void tracedat_close(wtap* wth)
{
    delete reader_of(wth);
    wth->priv = nullptr;  // wtap_close would g_free() it
}

wtap_open_return_val tracedat_open(wtap* wth, int* err, gchar** err_info)
{
    uint8_t magic[sizeof kMagic];
    const wtap_open_return_val head = read_head(wth, magic, sizeof magic, err, err_info);
    if (head != WTAP_OPEN_MINE) return head;
    if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) return WTAP_OPEN_NOT_MINE;

    auto r = std::make_unique<Reader>();
    const bool ok = open_source(
        wth, err, err_info, [&](const std::string& path) { r->file = tc::TraceFile::open(path); },
        [&](std::vector<uint8_t> bytes) {
            r->file = tc::TraceFile::open_memory(std::move(bytes), wth->pathname ? wth->pathname : "-");
        });
    traceshark::wiretap::CapturePlan plan;
    const bool planned = ok && guarded(err, err_info, [&] {
        plan = traceshark::wiretap::plan_interfaces(*r->file);
        r->key = plan.key;
        r->events = std::make_unique<tc::EventReader>(*r->file);
        if (tep_event* entry = r->file->formats().find("ftrace", "funcgraph_entry")) r->funcgraph_entry = entry->id;
        return true;
    });
    if (!planned) return WTAP_OPEN_ERROR;

    add_interfaces(wth, plan);
    install_reader(wth, r.release(), g_file_type, tracedat_read, tracedat_seek_read, tracedat_close);
    return WTAP_OPEN_MINE;
}

const struct file_type_subtype_info kFileType = {
    "trace-cmd trace.dat (Traceshark)", "tracecmd", "dat", nullptr, FALSE, BLOCKS_SUPPORTED(kPacketBlocks),
    nullptr, nullptr, nullptr,
};

}  // namespace

void traceshark::wiretap::register_tracedat()
{
    struct open_info oi = {"trace-cmd trace.dat", OPEN_INFO_MAGIC, tracedat_open, "dat", nullptr, nullptr};
    wtap_register_open_info(&oi, FALSE);
    g_file_type = wtap_register_file_type_subtype(&kFileType);
}

