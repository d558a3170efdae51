#include "ws_compat.h"

#include "linux_field_discovery.hpp"

#include <wiretap/wtap.h>

#include <traceevent/event-parse.h>

#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "linux_field_registry.hpp"
#include "machine_directory.hpp"
#include "traceshark/tracecmd/event_formats.hpp"

namespace traceshark::epan {

namespace {

namespace tc = traceshark::tracecmd;

std::optional<std::string> read_small_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string s;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        s.append(buf, static_cast<size_t>(in.gcount()));
        if (s.size() > (1u << 20)) return std::nullopt;
    }
    return s;
}

// Capture files named on this process's command line (-r FILE, -rFILE, --read-file FILE, --read-file=FILE).
std::vector<std::string> files_on_command_line()
{
    std::vector<std::string> files;
    auto text = read_small_file("/proc/self/cmdline");
    if (!text) return files;
    std::vector<std::string> args;
    for (size_t at = 0; at < text->size();) {
        const size_t end = text->find('\0', at);
        args.emplace_back(text->substr(at, end == std::string::npos ? std::string::npos : end - at));
        if (end == std::string::npos) break;
        at = end + 1;
    }
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if ((a == "-r" || a == "--read-file") && i + 1 < args.size()) files.push_back(args[++i]);
        else if (a.size() > 2 && a.starts_with("-r") && a[2] != '-') files.push_back(a.substr(2));
        else if (a.starts_with("--read-file=")) files.push_back(a.substr(12));
    }
    std::erase(files, std::string("-"));  // standard input cannot be read twice
    return files;
}

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
