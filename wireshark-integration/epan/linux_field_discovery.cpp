#include "ws_compat.h"

#include "linux_field_discovery.hpp"

#include <wiretap/wtap.h>

#include <traceevent/event-parse.h>

#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "command_line_files.hpp"
#include "linux_field_registry.hpp"
#include "machine_directory.hpp"
#include "traceshark/tracecmd/event_formats.hpp"

namespace traceshark::epan {

namespace {

namespace tc = traceshark::tracecmd;

// Registers the fields of every event format the capture at `path` carries (its Traceshark interface blocks).
void register_capture_fields(LinuxFieldRegistry& registry, const std::string& path)
{
    int err = 0;
    gchar* err_info = nullptr;
    wtap* wth = wtap_open_offline(path.c_str(), WTAP_TYPE_AUTO, &err, &err_info, FALSE);
    g_free(err_info);
    if (!wth) return;
    MachineDirectory dir;  // this file's own, not the open capture's
    wtapng_iface_descriptions_t* idbs = wtap_file_get_idb_info(wth);
    for (guint i = 0; idbs && i < idbs->interface_data->len; ++i) {
        wtap_block_t idb = g_array_index(idbs->interface_data, wtap_block_t, i);
        char* name = nullptr;
        char* desc = nullptr;
        if (wtap_block_get_string_option_value(idb, OPT_IDB_NAME, &name) != WTAP_OPTTYPE_SUCCESS) name = nullptr;
        if (wtap_block_get_string_option_value(idb, OPT_IDB_DESCRIPTION, &desc) != WTAP_OPTTYPE_SUCCESS) desc = nullptr;
        dir.add_interface(i, name ? name : "", desc ? std::optional<std::string_view>(desc) : std::nullopt);
    }
    g_free(idbs);  // only the wrapper: the interface blocks belong to wth (wtap_free_idb_info would free them)
    wtap_close(wth);
    for (uint64_t key : dir.machine_keys()) {
        std::string error;
        EventRenderer* r = dir.renderer(key, &error);
        if (!r) continue;
        tc::EventFormats& formats = r->formats();
        formats.parse_all();
        for (const tc::FormatSource& src : formats.sources()) {
            tep_event* ev = src.id >= 0 ? formats.find(src.id) : nullptr;
            if (ev) registry.register_event(ev);
        }
    }
}

}  // namespace

void discover_linux_fields(LinuxFieldRegistry& registry, const char* match)
{
    registry.load_cache();
    for (const std::string& file : files_on_command_line()) {
        try {
            register_capture_fields(registry, file);
        } catch (const std::exception&) {
            // An unreadable capture: the filter is judged on what is known without it.
        }
    }
    if (!match) return;
    // linux_trace_event.data.<system>.<event>.<field>
    std::vector<std::string> parts;
    std::string cur;
    for (const char* p = match; *p; ++p) {
        if (*p == '.') {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += *p;
        }
    }
    parts.push_back(cur);
    if (parts.size() < 4 || parts[1] != "data") return;
    const std::string& sys = parts[2];
    const std::string& ev = parts[3];
    if (sanitize(sys) != sys || sanitize(ev) != ev) return;
    for (const char* root : {"/sys/kernel/tracing/events", "/sys/kernel/debug/tracing/events"}) {
        if (auto text = read_small_file(std::string(root) + "/" + sys + "/" + ev + "/format")) {
            registry.register_text_format(sys, ev, *text);
            return;
        }
    }
}

}  // namespace traceshark::epan
