#include "wiretap_util.hpp"

#include <algorithm>
#include <cstring>

#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::wiretap {

void set_error(int* err, gchar** err_info, int code, const std::string& message)
{
    *err = code;
    if (err_info) *err_info = g_strdup(("traceshark: " + message).c_str());
}

wtap_block_t make_idb(std::string_view name, std::string_view description, std::string_view os)
{
    wtap_block_t idb = wtap_block_create(WTAP_BLOCK_IF_ID_AND_INFO);
    auto* m = static_cast<wtapng_if_descr_mandatory_t*>(wtap_block_get_mandatory_data(idb));
    m->wtap_encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;  // the same on every IDB, metadata ones included
    m->time_units_per_second = 1000000000;
    m->tsprecision = WTAP_TSPREC_NSEC;
    m->snap_len = WTAP_MAX_PACKET_SIZE_STANDARD;
    m->num_stat_entries = 0;
    m->interface_statistics = nullptr;
    wtap_block_add_uint8_option(idb, OPT_IDB_TSRESOL, 9);
    wtap_block_add_string_option(idb, OPT_IDB_NAME, name.data(), name.size());
    // encode_metadata() keeps chunks within the pcapng limit; descriptions of record interfaces are short.
    const size_t dlen = std::min(description.size(), wsmeta::kMaxOptionString);
    wtap_block_add_string_option(idb, OPT_IDB_DESCRIPTION, description.data(), dlen);
    if (!os.empty()) wtap_block_add_string_option(idb, OPT_IDB_OS, os.data(), os.size());
    return idb;
}

bool slurp(wtap* wth, std::vector<uint8_t>& bytes, int* err, gchar** err_info)
{
    if (file_seek(wth->fh, 0, SEEK_SET, err) == -1) return false;
    uint8_t chunk[65536];
    while (true) {
        const int n = file_read(chunk, sizeof chunk, wth->fh);
        if (n < 0) {
            *err = file_error(wth->fh, err_info);
            return false;
        }
        if (n == 0) break;
        bytes.insert(bytes.end(), chunk, chunk + n);
    }
    return true;
}

uint8_t* start_record(wtap_rec* rec, Buffer* buf, const wsmeta::EventHeader& header, size_t body, uint64_t ts_ns,
                      uint32_t interface_id)
{
    const size_t prefix = sizeof wsmeta::kExportedPduPrefix;
    const size_t total = prefix + wsmeta::EventHeader::kSize + body;
    ws_buffer_assure_space(buf, total);
    uint8_t* p = ws_buffer_start_ptr(buf);
    std::memcpy(p, wsmeta::kExportedPduPrefix, prefix);
    header.encode(p + prefix);

    rec->rec_type = REC_TYPE_PACKET;
    rec->block = wtap_block_create(WTAP_BLOCK_PACKET);
    rec->presence_flags = WTAP_HAS_TS | WTAP_HAS_CAP_LEN | WTAP_HAS_INTERFACE_ID;
    rec->tsprec = WTAP_TSPREC_NSEC;
    rec->ts.secs = static_cast<time_t>(ts_ns / 1000000000u);
    rec->ts.nsecs = static_cast<int>(ts_ns % 1000000000u);
    rec->rec_header.packet_header.caplen = static_cast<guint32>(total);
    rec->rec_header.packet_header.len = static_cast<guint32>(total);
    rec->rec_header.packet_header.pkt_encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;
    rec->rec_header.packet_header.interface_id = interface_id;
    return p + prefix + wsmeta::EventHeader::kSize;
}

void install_reader(wtap* wth, void* priv, int file_type, subtype_read_func read, subtype_seek_read_func seek_read,
                    void (*close)(wtap*))
{
    wth->priv = priv;
    wth->file_type_subtype = file_type;
    wth->file_encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;
    wth->file_tsprec = WTAP_TSPREC_NSEC;
    wth->snapshot_length = 0;
    wth->subtype_read = read;
    wth->subtype_seek_read = seek_read;
    wth->subtype_close = close;
}

wtap_open_return_val read_head(wtap* wth, uint8_t* head, size_t size, int* err, gchar** err_info)
{
    if (wtap_read_bytes(wth->fh, head, static_cast<unsigned>(size), err, err_info)) return WTAP_OPEN_MINE;
    return *err == WTAP_ERR_SHORT_READ ? WTAP_OPEN_NOT_MINE : WTAP_OPEN_ERROR;
}

void add_interfaces(wtap* wth, const CapturePlan& plan)
{
    for (const auto* list : {&plan.record_interfaces, &plan.meta_interfaces}) {
        for (const InterfacePlan& p : *list) {
            wtap_block_t idb = make_idb(p.name, p.description, p.os);
            g_array_append_val(wth->interface_data, idb);
        }
    }
    if (wth->interface_data->len == 0) wtap_add_generated_idb(wth);
}

bool on_disk(wtap* wth)
{
    return wth->pathname && std::strcmp(wth->pathname, "-") != 0 && !file_iscompressed(wth->fh);
}

}  // namespace traceshark::wiretap
