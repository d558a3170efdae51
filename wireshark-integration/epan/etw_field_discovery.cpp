#include "ws_compat.h"

#include "etw_field_discovery.hpp"

#include <wiretap/wtap.h>

#include <cstring>
#include <exception>

#include "command_line_files.hpp"
#include "etw_field_registry.hpp"
#include "traceshark/etl/record_parser.hpp"
#include "traceshark/etl/registry.hpp"
#include "traceshark/wsmeta/event_header.hpp"

namespace traceshark::epan {

namespace {

namespace wm = traceshark::wsmeta;

void register_capture_fields(EtwFieldRegistry& registry, etl::DecoderSet& decoders, const std::string& path)
{
    int err = 0;
    gchar* err_info = nullptr;
    wtap* wth = wtap_open_offline(path.c_str(), WTAP_TYPE_AUTO, &err, &err_info, FALSE);
    g_free(err_info);
    err_info = nullptr;
    if (!wth) return;
    wtap_rec rec;
    Buffer buf;
    wtap_rec_init(&rec);
    ws_buffer_init(&buf, 4096);
    gint64 offset = 0;
    const size_t prefix = sizeof wm::kExportedPduPrefix;
    while (wtap_read(wth, &rec, &buf, &err, &err_info, &offset)) {
        const uint8_t* p = ws_buffer_start_ptr(&buf);
        const size_t len = rec.rec_type == REC_TYPE_PACKET ? rec.rec_header.packet_header.caplen : 0;
        if (len > prefix && std::memcmp(p, wm::kExportedPduPrefix, prefix) == 0) {
            const auto hdr = wm::EventHeader::decode({p + prefix, len - prefix});
            if (hdr && hdr->family == static_cast<uint16_t>(wm::Family::Etw) &&
                len - prefix >= hdr->header_length) {
                const uint8_t* event = p + prefix + hdr->header_length;
                const auto size = static_cast<uint32_t>(len - prefix - hdr->header_length);
                etl::EventRecord r;
                const uint8_t default_p = hdr->flags & wm::EventHeader::kFlagPointer32 ? 4 : 8;
                if (etl::parse_record({event, size}, size, 0, default_p, r).status == etl::ParseStatus::Record) {
                    r.cpu = static_cast<uint16_t>(hdr->cpu);
                    const etl::DecodedEvent e = decoders.decode(r);
                    registry.register_fields(e.provider, e.fields);
                }
            }
        }
        wtap_rec_reset(&rec);
    }
    g_free(err_info);
    wtap_rec_cleanup(&rec);
    ws_buffer_free(&buf);
    wtap_close(wth);
}

}  // namespace

void discover_etw_fields(EtwFieldRegistry& registry, const std::vector<std::string>& manifests)
{
    for (const std::string& file : files_on_command_line()) {
        try {
            etl::DecoderOptions options;
            options.manifest_paths = manifests;
            std::unique_ptr<etl::DecoderSet> decoders;
            try {
                decoders = etl::make_default_decoders(options);
            } catch (const std::exception&) {
                decoders = etl::make_default_decoders();  // unreadable manifests: the dissector says so per frame
            }
            register_capture_fields(registry, *decoders, file);
        } catch (const std::exception&) {
            // An unreadable capture: the filter is judged on what is known without it.
        }
    }
}

}  // namespace traceshark::epan
