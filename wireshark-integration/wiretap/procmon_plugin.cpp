// Wiretap reader for Process Monitor logs (.PML) through libs/procmon: every event becomes an Exported PDU
// record for the "traceshark" dissector (family 2), carrying the raw PML record and its extra details; the
// log's tables travel in metadata-only interface blocks so that pcapng copies stay dissectable alone.
#include "wiretap_util.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "traceshark/common/filetime.hpp"
#include "traceshark/procmon/layout.hpp"
#include "traceshark/procmon/pml_file.hpp"
#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/machine_info.hpp"
#include "traceshark/wsmeta/pml_tables.hpp"

namespace {

using namespace traceshark;
using namespace traceshark::wiretap;
namespace wm = traceshark::wsmeta;
namespace pm = traceshark::procmon;

int g_file_type = -1;

struct Reader {
    std::unique_ptr<pm::PmlFile> file;
    uint64_t key = 0;
    uint32_t next = 0;
    bool damage_reported = false;
};

Reader* reader_of(wtap* wth) { return static_cast<Reader*>(wth->priv); }

wm::MachineInfo machine_of(const pm::PmlFile& f, uint64_t key)
{
    wm::MachineInfo m;
    m.key = key;
    m.host = f.system().computer_name;
    m.release = f.system().operating_system();
    m.version = f.system().system_root;
    m.arch = f.system().system_type();
    m.cpus = static_cast<int>(f.system().logical_processors);
    m.clock = "filetime";
    m.buffer = "procmon";
    return m;
}

// A key per log: the same computer records different tables in each log.
uint64_t key_of(const pm::PmlFile& f)
{
    wm::KeyHasher h;
    h.add("pml");
    h.add(f.system().computer_name);
    h.add(f.system().operating_system());
    const pm::RawTables t = f.raw_tables();
    h.add({reinterpret_cast<const char*>(t.strings.data()), t.strings.size()});
    h.add({reinterpret_cast<const char*>(t.processes.data()), t.processes.size()});
    h.add(std::to_string(f.event_count()));
    return h.value();
}

std::string tables_blob(const pm::PmlFile& f)
{
    const pm::RawTables t = f.raw_tables();
    auto str = [](std::span<const uint8_t> b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); };
    return wm::encode_pml_tables({f.system().pointer_size(), str(t.strings), str(t.processes), str(t.hosts_and_ports)});
}

void fill_record(const Reader& r, uint32_t index, wtap_rec* rec, Buffer* buf)
{
    const pm::RecordBytes b = r.file->record(index);
    const uint64_t filetime = [&] {
        uint64_t v;
        std::memcpy(&v, b.record.data() + pm::event_header::kFiletime, sizeof v);
        return v;
    }();
    wm::EventHeader h;
    h.family = static_cast<uint16_t>(wm::Family::Procmon);
    h.machine_key = r.key;
    h.record_ref = index;
    if (!b.extra.empty()) {
        h.flags |= wm::EventHeader::kFlagNextRecord;  // the trailing part: the extra details
        h.next_record_size = static_cast<uint32_t>(b.extra.size());
    }

    uint8_t* p = start_record(rec, buf, h, b.record.size() + b.extra.size(),
                              common::filetime_to_unix_ns(filetime), 0);
    std::memcpy(p, b.record.data(), b.record.size());
    if (!b.extra.empty()) std::memcpy(p + b.record.size(), b.extra.data(), b.extra.size());
}

traceshark_read_ret pml_read(wtap* wth, wtap_rec* rec, Buffer* buf, int* err, gchar** err_info, gint64* data_offset)
{
    Reader& r = *reader_of(wth);
    *err = 0;
    return guarded(err, err_info, [&] {
        if (r.next < r.file->event_count()) {
            *data_offset = r.next;
            fill_record(r, r.next, rec, buf);
            if (++r.next % 65536 == 0) r.file->release_before(r.next - 1);
            return true;
        }
        // A damaged log: its events were read up to the damage; say where it is, once.
        if (!r.file->problems().empty() && !r.damage_reported) {
            r.damage_reported = true;
            set_error(err, err_info, WTAP_ERR_BAD_FILE, r.file->problems().front().text());
        }
        return false;
    });
}

traceshark_read_ret pml_seek_read(wtap* wth, gint64 offset, wtap_rec* rec, Buffer* buf, int* err, gchar** err_info)
{
    Reader& r = *reader_of(wth);
    *err = 0;
    return guarded(err, err_info, [&] {
        if (offset < 0 || static_cast<uint64_t>(offset) >= r.file->event_count()) {
            set_error(err, err_info, WTAP_ERR_BAD_FILE, "no event " + std::to_string(offset));
            return false;
        }
        fill_record(r, static_cast<uint32_t>(offset), rec, buf);
        return true;
    });
}

void pml_close(wtap* wth)
{
    delete reader_of(wth);
    wth->priv = nullptr;
}

wtap_open_return_val pml_open(wtap* wth, int* err, gchar** err_info)
{
    uint8_t magic[pm::kPmlSignature.size()];
    const wtap_open_return_val head = read_head(wth, magic, sizeof magic, err, err_info);
    if (head != WTAP_OPEN_MINE) return head;
    if (std::memcmp(magic, pm::kPmlSignature.data(), sizeof magic) != 0) return WTAP_OPEN_NOT_MINE;

    auto r = std::make_unique<Reader>();
    const bool ok = open_source(
        wth, err, err_info, [&](const std::string& path) { r->file = pm::PmlFile::open(path); },
        [&](std::vector<uint8_t> bytes) { r->file = pm::PmlFile::open_memory(std::move(bytes)); });
    CapturePlan plan;
    const bool planned = ok && guarded(err, err_info, [&] {
        r->key = key_of(*r->file);
        const wm::MachineInfo m = machine_of(*r->file, r->key);
        plan.key = r->key;
        plan.record_interfaces.push_back(
            {wm::record_interface_name(m), wm::record_interface_description(m), r->file->system().operating_system()});
        if (r->file->tables_complete()) {
            for (auto& chunk : wm::encode_metadata(r->key, wm::kKindPmlTables, tables_blob(*r->file)))
                plan.meta_interfaces.push_back({std::move(chunk.name), std::move(chunk.description), {}});
        }
        return true;
    });
    if (!planned) return WTAP_OPEN_ERROR;

    add_interfaces(wth, plan);
    install_reader(wth, r.release(), g_file_type, pml_read, pml_seek_read, pml_close);
    return WTAP_OPEN_MINE;
}

const struct file_type_subtype_info kFileType = {
    "Process Monitor log (Traceshark)", "procmon", "pml", nullptr, FALSE, BLOCKS_SUPPORTED(kPacketBlocks),
    nullptr, nullptr, nullptr,
};

}  // namespace

void traceshark::wiretap::register_procmon()
{
    struct open_info oi = {"Process Monitor PML", OPEN_INFO_MAGIC, pml_open, "pml", nullptr, nullptr};
    wtap_register_open_info(&oi, FALSE);
    g_file_type = wtap_register_file_type_subtype(&kFileType);
}
