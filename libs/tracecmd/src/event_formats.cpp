#include "traceshark/tracecmd/event_formats.hpp"

#include <dlfcn.h>
#include <traceevent/event-parse.h>

#include <bit>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>

#include "format_validator.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd {

namespace {

// libtraceevent keeps a little global state while it parses a format, and plugins register their options in a
// global list: handles used on different threads must not parse or load plugins at the same time.
std::mutex& libtraceevent_parse_lock()
{
    static std::mutex m;
    return m;
}

std::string_view line_value(std::string_view text, std::string_view key)
{
    const size_t k = text.find(key);
    if (k == std::string_view::npos) return {};
    const size_t start = k + key.size();
    const size_t end = text.find('\n', start);
    return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

}  // namespace

FormatSource describe_format(std::string system, std::string_view text, uint64_t file_offset)
{
    FormatSource s;
    s.system = std::move(system);
    s.text = text;
    s.file_offset = file_offset;
    s.name = line_value(text, "name: ");
    const std::string id(line_value(text, "ID: "));
    char* end = nullptr;
    const long v = std::strtol(id.c_str(), &end, 10);
    if (!id.empty() && end != id.c_str() && v >= 0 && v < 65536) s.id = static_cast<int>(v);
    return s;
}

EventFormats::EventFormats(const Metadata& meta, std::vector<FormatSource> sources)
    : meta_(meta), sources_(std::move(sources)), by_id_(65536, -1), state_(sources_.size(), 0)
{
    tep_ = tep_alloc();
    if (!tep_) throw std::bad_alloc();
    tep_set_file_bigendian(tep_, meta.big_endian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
    tep_set_local_bigendian(tep_, std::endian::native == std::endian::big ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
    tep_set_long_size(tep_, meta.user_long_size);
    tep_set_page_size(tep_, static_cast<int>(meta.page_size));
    tep_set_cpus(tep_, meta.cpu_count);
    std::string header(meta.header_page);
    tep_parse_header_page(tep_, header.data(), header.size(), meta.user_long_size);
    for (size_t i = 0; i < sources_.size(); ++i) {
        const int id = sources_[i].id;
        if (id >= 0 && id < 65536 && by_id_[static_cast<size_t>(id)] < 0) by_id_[static_cast<size_t>(id)] = static_cast<int32_t>(i);
    }
}

EventFormats::~EventFormats()
{
    if (plugins_) tep_unload_plugins(plugins_, tep_);
    tep_free(tep_);
}

int EventFormats::kernel_long_size() const { return tep_get_header_page_size(tep_); }

tep_event* EventFormats::parse(size_t index)
{
    const FormatSource& src = sources_[index];
    if (state_[index] == 2) return nullptr;
    auto lookup = [&]() -> tep_event* {
        if (src.id >= 0) return tep_find_event(tep_, src.id);
        return tep_find_event_by_name(tep_, src.system.c_str(), std::string(src.name).c_str());
    };
    if (state_[index] == 1) return lookup();
    std::string_view text = src.text;
    const FormatCheck check = check_format(text);
    const std::string label = "event format " + src.system + ":" + std::string(src.name.substr(0, 64)) + ": ";
    if (!check.fields_ok) {
        failures_.push_back({src.file_offset, label + check.problem + "; format ignored"});
        state_[index] = 2;
        return nullptr;
    }
    if (!check.print_ok) {
        failures_.push_back({src.file_offset, label + check.problem + "; print fmt ignored"});
        text = text.substr(0, text.find("\nprint fmt: ") + 1);
    }
    std::unique_lock lock(libtraceevent_parse_lock());
    const enum tep_errno rc = tep_parse_event(tep_, text.data(), text.size(), src.system.c_str());
    tep_event* ev = lookup();
    if (rc != 0) {
        // A format whose print fmt libtraceevent cannot read is still registered (its fields are usable);
        // anything worse leaves nothing.
        char reason[160] = "";
        tep_strerror(tep_, rc, reason, sizeof reason);
        failures_.push_back({src.file_offset, "event format " + src.system + ":" + std::string(src.name) + ": " + reason});
    }
    state_[index] = ev ? 1 : 2;
    return ev;
}

void EventFormats::add_format(std::string system, std::string text)
{
    synthetic_.push_back(std::make_unique<std::string>(std::move(text)));
    FormatSource src = describe_format(std::move(system), *synthetic_.back(), 0);
    if (src.id >= 0 && by_id_[static_cast<size_t>(src.id)] < 0) by_id_[static_cast<size_t>(src.id)] = static_cast<int32_t>(sources_.size());
    sources_.push_back(std::move(src));
    state_.push_back(0);
}

tep_event* EventFormats::find(int id)
{
    if (id < 0 || id >= 65536) return nullptr;
    const int32_t idx = by_id_[static_cast<size_t>(id)];
    if (idx < 0) return nullptr;
    return parse(static_cast<size_t>(idx));
}

tep_event* EventFormats::find(std::string_view system, std::string_view name)
{
    for (size_t i = 0; i < sources_.size(); ++i) {
        if (sources_[i].name == name && sources_[i].system == system) return parse(i);
    }
    return nullptr;
}

size_t EventFormats::parsed_count() const
{
    size_t n = 0;
    for (uint8_t st : state_) n += st != 0;
    return n;
}

void EventFormats::parse_all()
{
    for (size_t i = 0; i < sources_.size(); ++i) parse(i);
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// One kallsyms line as tep_parse_kallsyms reads it with sscanf("%16llx %c %n%*s%n%*1[\t][%n%*s%n"), for lines
// of the canonical shape only: "<1-16 hex digits> <type> <name>" optionally followed by "\t[<module>]".
struct KallsymsLine {
    unsigned long long addr = 0;
    char type = 0;
    std::string_view name, module;  // module without its last character (the ']'), empty if none
};

bool parse_kallsyms_line(std::string_view line, KallsymsLine& out)
{
    size_t i = 0;
    out.addr = 0;
    for (; i < line.size() && i < 17; ++i) {
        const char c = line[i];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) break;
        out.addr = out.addr << 4 | static_cast<unsigned>(d);
    }
    if (i == 0 || i > 16 || i + 3 > line.size() || line[i] != ' ' || is_space(line[i + 1]) || line[i + 2] != ' ')
        return false;
    out.type = line[i + 1];
    i += 3;
    size_t end = i;
    while (end < line.size() && !is_space(line[end])) ++end;
    if (end == i) return false;
    out.name = line.substr(i, end - i);
    out.module = {};
    if (end == line.size()) return true;
    if (line.size() - end < 4 || line[end] != '\t' || line[end + 1] != '[') return false;
    for (size_t k = end + 2; k < line.size(); ++k)
        if (is_space(line[k])) return false;
    out.module = line.substr(end + 2, line.size() - end - 3);
    return true;
}

// Registers the functions of a kallsyms text exactly as tep_parse_kallsyms does (same functions, same order),
// without its sscanf per line and its copy of the text. False, having registered nothing, if a line is not of
// the canonical shape: libtraceevent then reads the text itself.
bool register_kallsyms(tep_handle* tep, std::string_view text)
{
    if (text.find('\0') != std::string_view::npos) return false;
    KallsymsLine l;
    for (int pass = 0; pass < 2; ++pass) {
        std::string name, module;
        size_t pos = 0;
        while (pos < text.size()) {
            size_t nl = text.find('\n', pos);
            if (nl == std::string_view::npos) nl = text.size();
            const std::string_view line = text.substr(pos, nl - pos);
            pos = nl + 1;
            if (line.empty()) continue;  // strtok_r skips empty lines
            if (!parse_kallsyms_line(line, l)) return false;  // only in the first pass: the text is the same
            // libtraceevent's filters: arm's '$a' mapping symbols, x86-64's absolute per-cpu offsets
            if (pass == 0 || l.name[0] == '$' || l.type == 'A' || l.type == 'a') continue;
            name.assign(l.name);
            if (l.module.data()) module.assign(l.module);
            tep_register_function(tep, name.data(), l.addr, l.module.data() ? module.data() : nullptr);
        }
    }
    return true;
}

}  // namespace

void EventFormats::load_symbols()
{
    if (symbols_loaded_) return;
    symbols_loaded_ = true;
    // libtraceevent wants NUL-terminated text.
    if (!meta_.kallsyms.empty() && !register_kallsyms(tep_, meta_.kallsyms)) {
        std::string text(meta_.kallsyms);
        tep_parse_kallsyms(tep_, text.c_str());
    }
    if (!meta_.printk_formats.empty()) {
        std::string text(meta_.printk_formats);
        tep_parse_printk_formats(tep_, text.c_str());
    }
    if (!meta_.saved_cmdlines.empty()) {
        std::string text(meta_.saved_cmdlines);
        tep_parse_saved_cmdlines(tep_, text.c_str());
    }
}

// libtraceevent's plugins (sched_switch, function, ...) are not linked against libtraceevent: they expect its
// symbols in the global scope, as in trace-cmd. A host that loads us with local binding (Wireshark opens its
// plugins with G_MODULE_BIND_LOCAL) would see every libtraceevent plugin fail to load, silently. Re-opening the
// library that is already loaded, with RTLD_GLOBAL, puts its symbols in the global scope.
static void make_libtraceevent_global()
{
    static const bool done = [] {
        Dl_info info{};
        if (!dladdr(reinterpret_cast<void*>(&tep_alloc), &info) || !info.dli_fname) return false;
        return dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD) != nullptr;  // stays loaded
    }();
    (void)done;
}

void EventFormats::load_plugins()
{
    make_libtraceevent_global();
    std::unique_lock lock(libtraceevent_parse_lock());
    if (!plugins_) plugins_ = tep_load_plugins(tep_);
}

const CommonLayout& EventFormats::common_layout()
{
    if (common_.known) return common_;
    // Any format of this kernel describes the common fields; parse the first one that works.
    for (size_t i = 0; i < sources_.size() && !common_.known; ++i) {
        tep_event* ev = parse(i);
        if (!ev) continue;
        tep_format_field* type = tep_find_common_field(ev, "common_type");
        tep_format_field* pid = tep_find_common_field(ev, "common_pid");
        if (!type || !pid) continue;
        common_.type_offset = static_cast<uint32_t>(type->offset);
        common_.type_size = static_cast<uint32_t>(type->size);
        common_.pid_offset = static_cast<uint32_t>(pid->offset);
        common_.pid_size = static_cast<uint32_t>(pid->size);
        common_.known = true;
    }
    return common_;
}

}  // namespace traceshark::tracecmd
