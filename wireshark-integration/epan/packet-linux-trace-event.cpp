// "linux_trace_event" dissector: every field of a Linux ftrace event, typed from the event's libtraceevent
// format, which comes from the capture's own metadata interface blocks (docs/wireshark-integration.md).
//
// Filter names
//   linux_trace_event.system / .name / .id / .cpu
//   linux_trace_event.data.<system>.<event>.<field>      common_* fields included
// Names are sanitised to [A-Za-z0-9_] per component (Wireshark aborts on other characters).
//
// Types (from size, "signed:" and the C type of the format):
//   integers of 1/2/4/8 bytes    FT_INT8..64 (signed, sign-extended here) / FT_UINT8..64, BASE_DEC
//   pointers, long / unsigned long   FT_UINT<size> BASE_HEX (Wireshark forbids hex display of signed fields)
//   char arrays, __data_loc / __rel_loc char[]     FT_STRING (up to the first NUL, bounded by the array)
//   other arrays, __data_loc / __rel_loc arrays, other sizes   FT_BYTES
// Every offset and length is bounded by the record; a field outside it gets an expert item, never a read.
//
// When a field name can be used in a filter
//   One hf id per (system, event, field), shared by all machines; if a later machine's format gives the same
//   name another type, the first type is kept and the item gets an expert note.
//   * GUI: a field is registered the first time an event of its format is dissected, so it is usable in the
//     display filter as soon as the file is open.
//   * tshark -Y / -R / -e: filters and -e fields are compiled before the file is read, so a field must be
//     registered at start-up. Every field learned from a capture is appended to
//     g_get_user_cache_dir()/traceshark/linux-fields.txt ("system event field FT_TYPE BASE" lines, append-only,
//     deduplicated on load, one write() per event format so that concurrent writers do not interleave, corrupt
//     lines ignored), and every field of that file is registered when the plugin registers. So tshark knows a
//     field from the second run on (any capture that had the event, on any earlier run of this user).
//   * The first run: proto_register_prefix("linux_trace_event") makes Wireshark call prefix_initializer() when a
//     filter names a linux_trace_event.* field it does not know (once per process: Wireshark drops the
//     initializer after calling it). It re-reads the cache file, opens the capture files named on the command
//     line (tshark/wireshark -r FILE: a trace.dat through the reader plugin, or a pcapng) and registers every
//     field of every format their Traceshark interface blocks carry, and, when readable, looks up the running
//     kernel's format of the named event (/sys/kernel/tracing/events/<system>/<event>/format). So
//     `tshark -r FILE -Y 'linux_trace_event.data....'` works on the very first run. `tshark -G fields` lists every
//     cached field.
#include "ws_compat.h"

#include <epan/epan.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <wiretap/wtap.h>

#include <traceevent/event-parse.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linux_trace_event.hpp"
#include "machine_directory.hpp"
#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/metadata.hpp"
#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

namespace {

namespace wm = traceshark::wsmeta;
namespace tc = traceshark::tracecmd;

constexpr char kProtoAbbrev[] = "linux_trace_event";
constexpr uint16_t kFamilyLinux = static_cast<uint16_t>(wm::Family::LinuxFtrace);

int proto_lte = -1;
int hf_system = -1, hf_name = -1, hf_id = -1, hf_cpu = -1, hf_data = -1, hf_raw = -1;
int ett_lte = -1, ett_data = -1;
expert_field ei_bounds = EI_INIT, ei_type_conflict = EI_INIT, ei_no_format = EI_INIT, ei_no_metadata = EI_INIT,
             ei_no_header = EI_INIT, ei_internal = EI_INIT;

// ---------------------------------------------------------------------------------------------------------
// Field types

enum class Kind { Int, String, Bytes };

struct FieldType {
    Kind kind = Kind::Bytes;
    ftenum_t ft = FT_BYTES;
    int base = BASE_NONE;
    bool is_signed = false;
    bool dynamic = false;   // __data_loc / __rel_loc: a 32-bit (len << 16 | offset) word
    bool relative = false;  // __rel_loc: offset counted from the end of the word
};

bool has_word(std::string_view type, std::string_view word)
{
    size_t pos = 0;
    while ((pos = type.find(word, pos)) != std::string_view::npos) {
        auto is_id = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
        bool left = pos == 0 || !is_id(type[pos - 1]);
        bool right = pos + word.size() >= type.size() || !is_id(type[pos + word.size()]);
        if (left && right) return true;
        pos += word.size();
    }
    return false;
}

bool char_element(std::string_view t)
{
    // "char", "const char", "signed char" are text; "unsigned char" / u8 arrays are bytes.
    while (t.starts_with("const ")) t.remove_prefix(6);
    if (t.starts_with("signed ")) t.remove_prefix(7);
    return t.starts_with("char") && (t.size() == 4 || t[4] == '[' || t[4] == ' ');
}

// `type` is the C type as libtraceevent keeps it (array brackets included, e.g. "char[16]", "__data_loc char[]").
FieldType classify(std::string_view type, int size, bool is_signed)
{
    FieldType f;
    if (type.starts_with("__data_loc ") || type.starts_with("__rel_loc ")) {
        f.dynamic = true;
        f.relative = type.starts_with("__rel_loc ");
        std::string_view elem = type.substr(type.find(' ') + 1);
        f.kind = char_element(elem) ? Kind::String : Kind::Bytes;
        f.ft = f.kind == Kind::String ? FT_STRING : FT_BYTES;
        return f;
    }
    if (type.find('[') != std::string_view::npos) {
        f.kind = char_element(type) ? Kind::String : Kind::Bytes;
        f.ft = f.kind == Kind::String ? FT_STRING : FT_BYTES;
        return f;
    }
    if (size != 1 && size != 2 && size != 4 && size != 8) return f;  // bytes
    f.kind = Kind::Int;
    const bool pointer = type.find('*') != std::string_view::npos;
    const bool is_long = has_word(type, "long") && type.find("long long") == std::string_view::npos;
    if (pointer || is_long) {
        static const ftenum_t u[] = {FT_UINT8, FT_UINT16, FT_NONE, FT_UINT32, FT_NONE, FT_NONE, FT_NONE, FT_UINT64};
        f.ft = u[size - 1];
        f.base = BASE_HEX;
        f.is_signed = is_signed;  // read (and sign-extended) as signed, shown as the unsigned hex pattern
        return f;
    }
    f.is_signed = is_signed;
    static const ftenum_t s[] = {FT_INT8, FT_INT16, FT_NONE, FT_INT32, FT_NONE, FT_NONE, FT_NONE, FT_INT64};
    static const ftenum_t u[] = {FT_UINT8, FT_UINT16, FT_NONE, FT_UINT32, FT_NONE, FT_NONE, FT_NONE, FT_UINT64};
    f.ft = is_signed ? s[size - 1] : u[size - 1];
    f.base = BASE_DEC;
    return f;
}

struct TypeName {
    ftenum_t ft;
    const char* name;
};
const TypeName kTypeNames[] = {
    {FT_INT8, "FT_INT8"},   {FT_INT16, "FT_INT16"},   {FT_INT32, "FT_INT32"},   {FT_INT64, "FT_INT64"},
    {FT_UINT8, "FT_UINT8"}, {FT_UINT16, "FT_UINT16"}, {FT_UINT32, "FT_UINT32"}, {FT_UINT64, "FT_UINT64"},
    {FT_STRING, "FT_STRING"}, {FT_BYTES, "FT_BYTES"},
};
const char* ft_name(ftenum_t ft)
{
    for (const auto& t : kTypeNames)
        if (t.ft == ft) return t.name;
    return nullptr;
}
std::optional<ftenum_t> ft_from_name(std::string_view n)
{
    for (const auto& t : kTypeNames)
        if (n == t.name) return t.ft;
    return std::nullopt;
}
const char* base_name(int base) { return base == BASE_HEX ? "BASE_HEX" : base == BASE_DEC ? "BASE_DEC" : "BASE_NONE"; }
std::optional<int> base_from_name(std::string_view n)
{
    if (n == "BASE_HEX") return BASE_HEX;
    if (n == "BASE_DEC") return BASE_DEC;
    if (n == "BASE_NONE") return BASE_NONE;
    return std::nullopt;
}
bool is_int_ft(ftenum_t ft) { return ft != FT_STRING && ft != FT_BYTES; }
// The only combinations classify() produces (and so the only ones the cache may name).
bool valid_combo(ftenum_t ft, int base)
{
    if (ft == FT_STRING || ft == FT_BYTES) return base == BASE_NONE;
    if (ft == FT_INT8 || ft == FT_INT16 || ft == FT_INT32 || ft == FT_INT64) return base == BASE_DEC;
    return base == BASE_DEC || base == BASE_HEX;
}

std::string sanitize(std::string_view s)
{
    if (s.empty()) return std::string(1, '_');
    std::string out(s);
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// Field registry: one hf per (system, event, field) for the whole process.

struct Registered {
    int hf = -1;
    ftenum_t ft = FT_NONE;
    int base = BASE_NONE;
};
std::unordered_map<std::string, Registered*>* g_fields;  // by filter name; never freed (hf strings live on)

std::string filter_name(std::string_view sys, std::string_view ev, std::string_view field)
{
    std::string n = std::string(kProtoAbbrev) + ".data.";
    n += sanitize(sys);
    n += '.';
    n += sanitize(ev);
    n += '.';
    n += sanitize(field);
    return n;
}

// Registers the field unless a field of that name exists (then returns the existing one).
Registered* register_field(const std::string& abbrev, std::string_view display, ftenum_t ft, int base,
                           std::string_view blurb)
{
    if (!g_fields) g_fields = new std::unordered_map<std::string, Registered*>();
    auto it = g_fields->find(abbrev);
    if (it != g_fields->end()) return it->second;
    auto* r = new Registered{-1, ft, base};
    auto* hf = new hf_register_info[1]{};
    hf[0].p_id = &r->hf;
    hf[0].hfinfo.name = g_strndup(display.data(), display.size());
    hf[0].hfinfo.abbrev = g_strdup(abbrev.c_str());
    hf[0].hfinfo.type = ft;
    hf[0].hfinfo.display = base;
    hf[0].hfinfo.strings = nullptr;
    hf[0].hfinfo.bitmask = 0;
    hf[0].hfinfo.blurb = g_strndup(blurb.data(), blurb.size());
    hf[0].hfinfo.id = -1;
    hf[0].hfinfo.parent = 0;
    hf[0].hfinfo.ref_type = HF_REF_TYPE_NONE;
    hf[0].hfinfo.same_name_prev_id = -1;
    hf[0].hfinfo.same_name_next = nullptr;
    proto_register_field_array(proto_lte, hf, 1);
    g_fields->emplace(abbrev, r);
    return r;
}

// ---------------------------------------------------------------------------------------------------------
// The cache of learned field signatures.

std::set<std::string>* g_cache_lines;  // lines known to be in the cache file (loaded or written)

std::string cache_path()
{
    gchar* p = g_build_filename(g_get_user_cache_dir(), "traceshark", "linux-fields.txt", nullptr);
    std::string s = p;
    g_free(p);
    return s;
}

std::string cache_line(std::string_view sys, std::string_view ev, std::string_view field, ftenum_t ft, int base)
{
    std::string l = sanitize(sys) + ' ' + sanitize(ev) + ' ' + sanitize(field) + ' ' + ft_name(ft) + ' ' +
                    base_name(base);
    return l;
}

// Registers every valid line of the cache file not registered yet. Damaged lines are skipped.
void load_cache()
{
    if (!g_cache_lines) g_cache_lines = new std::set<std::string>();
    std::ifstream in(cache_path(), std::ios::binary);
    if (!in) return;
    std::string line;
    size_t total = 0;
    while (std::getline(in, line)) {
        total += line.size() + 1;
        if (total > (size_t{64} << 20)) break;  // a runaway file: use its start only
        if (line.size() > 1024 || g_cache_lines->count(line)) continue;
        std::istringstream ls(line);
        std::string sys, ev, field, type, base, extra;
        if (!(ls >> sys >> ev >> field >> type >> base) || (ls >> extra)) continue;
        if (sanitize(sys) != sys || sanitize(ev) != ev || sanitize(field) != field) continue;
        auto ft = ft_from_name(type);
        auto b = base_from_name(base);
        if (!ft || !b || !valid_combo(*ft, *b)) continue;
        g_cache_lines->insert(line);
        register_field(filter_name(sys, ev, field), field, *ft, *b, sys + ":" + ev + " (remembered)");
    }
}

// Appends lines not known to be in the cache, in one write(), after a newline if a torn line precedes.
void append_cache(const std::vector<std::string>& lines)
{
    if (!g_cache_lines) g_cache_lines = new std::set<std::string>();
    std::string out;
    for (const auto& l : lines)
        if (g_cache_lines->insert(l).second) out += l + '\n';
    if (out.empty()) return;
    const std::string path = cache_path();
    gchar* dir = g_path_get_dirname(path.c_str());
    g_mkdir_with_parents(dir, 0700);
    g_free(dir);
    int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return;  // no cache: fields still work in this run
    struct stat st {};
    char last = '\n';
    if (fstat(fd, &st) == 0 && st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
        out.insert(out.begin(), '\n');
    ssize_t w = ::write(fd, out.data(), out.size());
    (void)w;
    ::close(fd);
}

// ---------------------------------------------------------------------------------------------------------
// Prefix initializer: a filter named a linux_trace_event.* field nobody registered.

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

// "field:TYPE NAME[N];\toffset:O;\tsize:S;\tsigned:G;" lines of a tracefs format file.
void register_text_format(const std::string& sys, const std::string& ev, const std::string& text)
{
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto f = line.find("field:");
        auto semi = line.find(';', f);
        auto sz = line.find("size:");
        auto sg = line.find("signed:");
        if (f == std::string::npos || semi == std::string::npos || sz == std::string::npos) continue;
        std::string decl = line.substr(f + 6, semi - f - 6);
        auto sp = decl.find_last_of(" \t");
        if (sp == std::string::npos) continue;
        std::string type = decl.substr(0, sp), name = decl.substr(sp + 1);
        if (auto br = name.find('['); br != std::string::npos) {
            type += name.substr(br);
            name.resize(br);
        }
        int size = std::atoi(line.c_str() + sz + 5);
        bool is_signed = sg != std::string::npos && std::atoi(line.c_str() + sg + 7) != 0;
        FieldType t = classify(type, size, is_signed);
        register_field(filter_name(sys, ev, name), name, t.ft, t.base, sys + ":" + ev + " " + type + " (running kernel)");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Per-capture state: machines' formats, from the metadata interface blocks.

struct FieldPlan {
    const tep_format_field* field = nullptr;
    FieldType type;
    Registered* reg = nullptr;
    bool conflict = false;  // reg has another type than this machine's format gives
};

// Field plans per machine (by key) and event id; they point into the machine's formats, which the
// "traceshark" dissector keeps for the same capture. Both are dropped when a new capture is opened.
std::map<uint64_t, std::map<int, std::vector<FieldPlan>>>* g_plans;

void init_state()
{
    delete g_plans;
    g_plans = new std::map<uint64_t, std::map<int, std::vector<FieldPlan>>>();
}
void cleanup_state()
{
    delete g_plans;
    g_plans = nullptr;
}

// Registers the fields of an event (and remembers them in the cache); returns how each is to be shown.
std::vector<FieldPlan> register_event_fields(tep_event* ev)
{
    std::vector<FieldPlan> plan;
    std::vector<std::string> lines;
    const std::string sys = ev->system ? ev->system : "", name = ev->name ? ev->name : "";
    for (tep_format_field* list : {ev->format.common_fields, ev->format.fields}) {
        for (tep_format_field* f = list; f; f = f->next) {
            FieldPlan p;
            p.field = f;
            const std::string fname = f->name ? f->name : "";
            p.type = classify(f->type ? f->type : "", f->size, (f->flags & TEP_FIELD_IS_SIGNED) != 0);
            const std::string blurb = sys + ":" + name + " " + (f->type ? f->type : "");
            p.reg = register_field(filter_name(sys, name, fname), fname, p.type.ft, p.type.base, blurb);
            p.conflict = p.reg->ft != p.type.ft || p.reg->base != p.type.base;
            if (!p.conflict) lines.push_back(cache_line(sys, name, fname, p.type.ft, p.type.base));
            plan.push_back(p);
        }
    }
    append_cache(lines);
    return plan;
}

// The fields of an event, registered on first sight.
const std::vector<FieldPlan>& plan_event(std::map<int, std::vector<FieldPlan>>& plans, tep_event* ev)
{
    auto it = plans.find(ev->id);
    if (it != plans.end()) return it->second;
    return plans.emplace(ev->id, register_event_fields(ev)).first->second;
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

// Registers the fields of every event format the capture at `path` carries (its Traceshark interface blocks),
// so that a filter naming them compiles before the capture is read.
void register_capture_fields(const std::string& path)
{
    int err = 0;
    gchar* err_info = nullptr;
    wtap* wth = wtap_open_offline(path.c_str(), WTAP_TYPE_AUTO, &err, &err_info, FALSE);
    g_free(err_info);
    if (!wth) return;
    traceshark::epan::MachineDirectory dir;
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
        traceshark::epan::EventRenderer* r = dir.renderer(key, &error);
        if (!r) continue;
        tc::EventFormats& formats = r->formats();
        formats.parse_all();
        for (const tc::FormatSource& src : formats.sources()) {
            tep_event* ev = src.id >= 0 ? formats.find(src.id) : nullptr;
            if (ev) register_event_fields(ev);
        }
    }
}

void prefix_initializer(const char* match)
{
    load_cache();
    // Wireshark calls this once per process, while it compiles a filter: register everything the captures on the
    // command line describe (tshark -r FILE -Y ...), then what the running kernel knows of the named event.
    for (const std::string& file : files_on_command_line()) {
        try {
            register_capture_fields(file);
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
            register_text_format(sys, ev, *text);
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Dissection

uint64_t load(const uint8_t* p, int size, bool big_endian)
{
    uint64_t v = 0;
    for (int i = 0; i < size; ++i) v |= uint64_t{p[big_endian ? size - 1 - i : i]} << (8 * i);
    return v;
}

int64_t sign_extend(uint64_t v, int size)
{
    if (size >= 8) return static_cast<int64_t>(v);
    const uint64_t sign = uint64_t{1} << (size * 8 - 1);
    return static_cast<int64_t>((v ^ sign) - sign);
}

void add_int(proto_tree* tree, const Registered* r, tvbuff_t* tvb, int off, int len, uint64_t raw, int64_t sval,
             bool is_signed)
{
    switch (r->ft) {
    case FT_INT8:
    case FT_INT16:
    case FT_INT32:
        proto_tree_add_int(tree, r->hf, tvb, off, len, static_cast<gint32>(is_signed ? sval : static_cast<int64_t>(raw)));
        break;
    case FT_INT64:
        proto_tree_add_int64(tree, r->hf, tvb, off, len, is_signed ? sval : static_cast<int64_t>(raw));
        break;
    case FT_UINT8:
    case FT_UINT16:
    case FT_UINT32:
        proto_tree_add_uint(tree, r->hf, tvb, off, len, static_cast<guint32>(raw));
        break;
    default:
        proto_tree_add_uint64(tree, r->hf, tvb, off, len, is_signed ? static_cast<uint64_t>(sval) : raw);
        break;
    }
}

void dissect_field(const FieldPlan& p, tvbuff_t* tvb, packet_info* pinfo, proto_tree* dt, proto_item* parent,
                   const uint8_t* data, guint len, bool be)
{
    const tep_format_field* f = p.field;
    const char* fname = f->name ? f->name : "?";
    const auto bad = [&](proto_item* at, const char* what) {
        expert_add_info_format(pinfo, at ? at : parent, &ei_bounds, "Field %s: %s (record is %u bytes)", fname, what, len);
    };
    if (f->offset < 0 || f->size < 0 || static_cast<guint64>(f->offset) + static_cast<guint64>(f->size) > len) {
        bad(nullptr, "lies outside the record");
        return;
    }
    const int off = f->offset, size = f->size;
    proto_item* item = nullptr;
    const Registered* r = p.reg;
    if (p.type.kind == Kind::Int) {
        const uint64_t raw = load(data + off, size, be);
        const int64_t sval = p.type.is_signed ? sign_extend(raw, size) : static_cast<int64_t>(raw);
        if (is_int_ft(r->ft)) {
            item = nullptr;
            add_int(dt, r, tvb, off, size, raw, sval, p.type.is_signed);
        } else {
            item = proto_tree_add_bytes_format(dt, hf_raw, tvb, off, size, nullptr, "%s: %lld", fname,
                                               static_cast<long long>(sval));
        }
    } else {
        int doff = off, dlen = size;
        if (p.type.dynamic) {
            if (size < 4) {
                bad(nullptr, "dynamic field word shorter than 4 bytes");
                return;
            }
            const uint32_t word = static_cast<uint32_t>(load(data + off, 4, be));
            doff = static_cast<int>(word & 0xffff);
            dlen = static_cast<int>(word >> 16);
            if (p.type.relative) doff += off + size;
            if (static_cast<guint64>(doff) + static_cast<guint64>(dlen) > len) {
                item = proto_tree_add_bytes_format(dt, hf_raw, tvb, off, size, nullptr,
                                                   "%s: [data at %d, %d bytes: outside the record]", fname, doff, dlen);
                bad(item, "dynamic data lies outside the record");
                return;
            }
        }
        if (p.type.kind == Kind::String && r->ft == FT_STRING) {
            const auto* s = reinterpret_cast<const char*>(data + doff);
            const int n = static_cast<int>(strnlen(s, static_cast<size_t>(dlen)));
            char* text = reinterpret_cast<char*>(tvb_get_string_enc(pinfo->pool, tvb, doff, n, ENC_UTF_8));
            proto_tree_add_string(dt, r->hf, tvb, doff, dlen, text);
        } else if (r->ft == FT_BYTES) {
            proto_tree_add_item(dt, r->hf, tvb, doff, dlen, ENC_NA);
        } else if (r->ft == FT_STRING) {  // registered as text by another machine, bytes here
            proto_tree_add_string(dt, r->hf, tvb, doff, dlen,
                                  reinterpret_cast<char*>(tvb_get_string_enc(pinfo->pool, tvb, doff, dlen, ENC_UTF_8)));
        } else {
            item = proto_tree_add_bytes_format(dt, hf_raw, tvb, doff, dlen, nullptr, "%s: %s", fname,
                                               tvb_bytes_to_str(pinfo->pool, tvb, doff, dlen));
        }
    }
    if (p.conflict) {
        expert_add_info_format(pinfo, item ? item : parent, &ei_type_conflict,
                               "Field %s is %s in this machine's format but registered as %s (the first format seen, "
                               "or one remembered from an earlier run, decides)",
                               fname, ft_name(p.type.ft), ft_name(r->ft));
    }
}

int dissect_lte(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data)
{
    const auto* family = static_cast<const traceshark::epan::FamilyData*>(data);
    const wm::EventHeader* hdr = family ? family->header : nullptr;
    proto_item* ti = proto_tree_add_item(tree, proto_lte, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(ti, ett_lte);
    const guint len = tvb_captured_length(tvb);
    if (!hdr) {
        expert_add_info(pinfo, ti, &ei_no_header);
        return static_cast<int>(len);
    }
    proto_item_set_generated(proto_tree_add_uint(t, hf_cpu, tvb, 0, 0, hdr->cpu));
    if (!g_plans) init_state();
    if (!family->renderer) {
        expert_add_info_format(pinfo, ti, &ei_no_metadata, "No event formats for machine %s: %s",
                               wm::key_hex(hdr->machine_key).c_str(), family->error.c_str());
        proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
        return static_cast<int>(len);
    }
    const auto* bytes = static_cast<const uint8_t*>(tvb_get_ptr(tvb, 0, static_cast<gint>(len)));
    const bool be = (hdr->flags & wm::EventHeader::kFlagBigEndianData) != 0;
    try {
        tc::EventFormats& formats = family->renderer->formats();
        const tc::CommonLayout& c = formats.common_layout();
        if (!c.known || c.type_offset + c.type_size > len) {
            expert_add_info(pinfo, ti, &ei_no_format);
            proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
            return static_cast<int>(len);
        }
        const int id = static_cast<int>(load(bytes + c.type_offset, static_cast<int>(c.type_size), be));
        proto_item_set_generated(proto_tree_add_uint(t, hf_id, tvb, static_cast<gint>(c.type_offset),
                                                     static_cast<gint>(c.type_size), static_cast<guint32>(id)));
        tep_event* ev = formats.find(id);
        if (!ev) {
            expert_add_info_format(pinfo, ti, &ei_no_format, "No format for event id %d in the capture", id);
            proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
            return static_cast<int>(len);
        }
        const char* sys = ev->system ? ev->system : "";
        const char* name = ev->name ? ev->name : "";
        proto_item_set_generated(proto_tree_add_string(t, hf_system, tvb, 0, 0, sys));
        proto_item_set_generated(proto_tree_add_string(t, hf_name, tvb, 0, 0, name));
        proto_item_append_text(ti, ", %s:%s", sys, name);
        const auto& plan = plan_event((*g_plans)[hdr->machine_key], ev);
        proto_item* di = proto_tree_add_item(t, hf_data, tvb, 0, -1, ENC_NA);
        proto_item_set_text(di, "Fields of %s:%s", sys, name);
        proto_tree* dt = proto_item_add_subtree(di, ett_data);
        for (const FieldPlan& p : plan) dissect_field(p, tvb, pinfo, dt, di, bytes, len, be);
    } catch (const std::exception& e) {
        expert_add_info_format(pinfo, ti, &ei_internal, "%s", e.what());
    }
    return static_cast<int>(len);
}

}  // namespace

extern "C" void proto_register_linux_trace_event(void)
{
    static hf_register_info hf[] = {
        {&hf_system, {"System", "linux_trace_event.system", FT_STRING, BASE_NONE, nullptr, 0, "Event system", HFILL}},
        {&hf_name, {"Name", "linux_trace_event.name", FT_STRING, BASE_NONE, nullptr, 0, "Event name", HFILL}},
        {&hf_id, {"Id", "linux_trace_event.id", FT_UINT32, BASE_DEC, nullptr, 0, "Event id (common_type)", HFILL}},
        {&hf_cpu, {"CPU", "linux_trace_event.cpu", FT_UINT32, BASE_DEC, nullptr, 0, nullptr, HFILL}},
        {&hf_data, {"Event data", "linux_trace_event.event_data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr, HFILL}},
        {&hf_raw, {"Field", "linux_trace_event.field_raw", FT_BYTES, BASE_NONE, nullptr, 0,
                   "A field that cannot be shown with its registered type", HFILL}},
    };
    static gint* ett[] = {&ett_lte, &ett_data};
    static ei_register_info ei[] = {
        {&ei_bounds, {"linux_trace_event.out_of_bounds", PI_MALFORMED, PI_ERROR, "Field lies outside the event record", EXPFILL}},
        {&ei_type_conflict, {"linux_trace_event.type_conflict", PI_PROTOCOL, PI_NOTE,
                             "Field registered with another type by an earlier format", EXPFILL}},
        {&ei_no_format, {"linux_trace_event.no_format", PI_UNDECODED, PI_WARN, "No format for this event", EXPFILL}},
        {&ei_no_metadata, {"linux_trace_event.no_metadata", PI_UNDECODED, PI_WARN, "No event formats for this machine", EXPFILL}},
        {&ei_no_header, {"linux_trace_event.no_header", PI_UNDECODED, PI_WARN,
                         "Called without a Traceshark event header", EXPFILL}},
        {&ei_internal, {"linux_trace_event.internal_error", PI_MALFORMED, PI_ERROR, "Internal error", EXPFILL}},
    };
    proto_lte = proto_register_protocol("Linux trace event", "Linux trace event", kProtoAbbrev);
    proto_register_field_array(proto_lte, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t* em = expert_register_protocol(proto_lte);
    expert_register_field_array(em, ei, array_length(ei));
    register_init_routine(init_state);
    register_cleanup_routine(cleanup_state);
    load_cache();
    proto_register_prefix(kProtoAbbrev, prefix_initializer);
}

extern "C" void proto_reg_handoff_linux_trace_event(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_lte, proto_lte);
    dissector_add_uint("traceshark.family", kFamilyLinux, h);
}
