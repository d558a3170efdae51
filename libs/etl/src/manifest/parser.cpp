// The manifest parser: expat reads the XML (no DTDs, no entities beyond the predefined ones); this file builds
// the model in manifest.hpp, then resolves the references (tasks, opcodes, levels, keywords, channels, templates,
// maps and $(string.X)) once the document, whose string table comes last, is complete.
#include <expat.h>

#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include "traceshark/etl/manifest.hpp"

namespace traceshark::etl::manifest {
namespace {

constexpr size_t kMaxXml = 64u << 20;
constexpr size_t kMaxDepth = 64;
constexpr size_t kMaxStructDepth = 8;
constexpr size_t kMaxItemsPerTemplate = 1024;
constexpr size_t kMaxPerProvider = 65536;
constexpr size_t kMaxProviders = 4096;
constexpr size_t kMaxStrings = 1u << 20;

std::string_view local_name(const char* name)
{
    const char* colon = std::strrchr(name, ':');
    return colon ? std::string_view(colon + 1) : std::string_view(name);
}

bool parse_number(std::string_view s, uint64_t& out)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        base = 16;
    }
    if (s.empty()) return false;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string trim(std::string s)
{
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

class Parser {
public:
    Parser(std::string source) : source_(std::move(source)) { result_.source = source_; }

    Manifest run(std::string_view xml)
    {
        if (xml.size() > kMaxXml) throw ManifestError(source_, 0, "manifest larger than 64 MiB");
        XML_Parser p = XML_ParserCreate(nullptr);
        if (!p) throw ManifestError(source_, 0, "out of memory");
        parser_ = p;
        XML_SetUserData(p, this);
        XML_SetElementHandler(p, &Parser::on_start, &Parser::on_end);
        XML_SetStartDoctypeDeclHandler(p, &Parser::on_doctype);
        XML_SetEntityDeclHandler(p, &Parser::on_entity);
        const XML_Status st = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
        const uint64_t line = XML_GetCurrentLineNumber(p);
        std::string err;
        if (st != XML_STATUS_OK) err = error_.empty() ? XML_ErrorString(XML_GetErrorCode(p)) : error_;
        XML_ParserFree(p);
        parser_ = nullptr;
        if (!err.empty()) throw ManifestError(source_, error_line_ ? error_line_ : line, err);
        resolve();
        return std::move(result_);
    }

private:
    // ---- expat callbacks ----
    static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attrs)
    {
        static_cast<Parser*>(self)->start(local_name(name), attrs);
    }
    static void XMLCALL on_end(void* self, const XML_Char*) { static_cast<Parser*>(self)->end(); }
    static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int)
    {
        static_cast<Parser*>(self)->fail("DOCTYPE declarations are not allowed in manifests");
    }
    static void XMLCALL on_entity(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                  const XML_Char*, const XML_Char*, const XML_Char*)
    {
        static_cast<Parser*>(self)->fail("entity declarations are not allowed in manifests");
    }

    void fail(std::string what)
    {
        if (!error_.empty()) return;
        error_ = std::move(what);
        error_line_ = XML_GetCurrentLineNumber(parser_);
        XML_StopParser(parser_, XML_FALSE);
    }

    uint64_t line() const { return XML_GetCurrentLineNumber(parser_); }

    static const char* attr(const XML_Char** attrs, std::string_view key)
    {
        for (size_t i = 0; attrs[i]; i += 2)
            if (local_name(attrs[i]) == key) return attrs[i + 1];
        return nullptr;
    }
    static std::string attr_s(const XML_Char** attrs, std::string_view key)
    {
        const char* v = attr(attrs, key);
        return v ? std::string(v) : std::string();
    }
    bool attr_u(const XML_Char** attrs, std::string_view key, uint64_t& out, uint64_t max, bool required)
    {
        const char* v = attr(attrs, key);
        if (!v) {
            if (required) fail("missing attribute '" + std::string(key) + "'");
            return false;
        }
        if (!parse_number(v, out) || out > max) {
            fail("bad number '" + std::string(v) + "' in attribute '" + std::string(key) + "'");
            return false;
        }
        return true;
    }

    std::string_view parent(size_t up = 1) const
    {
        return stack_.size() > up ? std::string_view(stack_[stack_.size() - 1 - up]) : std::string_view();
    }

    void start(std::string_view name, const XML_Char** attrs)
    {
        stack_.emplace_back(name);
        if (stack_.size() > kMaxDepth) return fail("elements nested deeper than 64");
        if (skip_) {
            ++skip_;
            return;
        }
        Provider* prov = provider_ < 0 ? nullptr : &result_.providers[static_cast<size_t>(provider_)];
        if (name == "provider" && parent() == "events") {
            if (result_.providers.size() >= kMaxProviders) return fail("more than 4096 providers");
            Provider p;
            p.name = attr_s(attrs, "name");
            const std::string guid = attr_s(attrs, "guid");
            const auto g = Guid::parse(guid);
            if (!g) return fail("provider '" + p.name + "' has no valid guid ('" + guid + "')");
            p.guid = *g;
            p.symbol = attr_s(attrs, "symbol");
            p.message = attr_s(attrs, "message");
            result_.providers.push_back(std::move(p));
            provider_ = static_cast<int32_t>(result_.providers.size() - 1);
            return;
        }
        if (name == "resources") {
            current_culture_ = attr_s(attrs, "culture");
            return;
        }
        if (!prov) {
            if (name == "string" && parent() == "stringTable") add_string(attrs);
            return;
        }
        if (name == "event" && parent() == "events") {
            if (prov->events.size() >= kMaxPerProvider) return fail("more than 65536 events");
            Event e;
            uint64_t v = 0;
            if (!attr_u(attrs, "value", v, 0xFFFF, true)) return;
            e.id = static_cast<uint16_t>(v);
            v = 0;
            if (attr(attrs, "version") && !attr_u(attrs, "version", v, 0xFF, false)) return;
            e.version = static_cast<uint8_t>(v);
            e.symbol = attr_s(attrs, "symbol");
            e.task_ref = attr_s(attrs, "task");
            e.opcode_ref = attr_s(attrs, "opcode");
            e.level_ref = attr_s(attrs, "level");
            e.channel_ref = attr_s(attrs, "channel");
            e.keywords_ref = attr_s(attrs, "keywords");
            e.template_ref = attr_s(attrs, "template");
            e.message = attr_s(attrs, "message");
            e.line = line();
            prov->events.push_back(std::move(e));
        } else if (name == "task" && parent() == "tasks") {
            if (prov->tasks.size() >= kMaxPerProvider) return fail("more than 65536 tasks");
            Task t;
            if (!named(attrs, t, 0xFFFF)) return;
            prov->tasks.push_back(std::move(t));
            task_ = static_cast<int32_t>(prov->tasks.size() - 1);
        } else if (name == "opcode" && parent() == "opcodes") {
            Named o;
            if (!named(attrs, o, 0xFF)) return;
            // task_ may name a task of an earlier provider (a task element left open across providers in a hostile
            // document): only one of this provider's tasks takes the opcode.
            if (parent(2) == "task" && task_ >= 0 && static_cast<size_t>(task_) < prov->tasks.size()) {
                auto& list = prov->tasks[static_cast<size_t>(task_)].opcodes;
                if (list.size() >= 256) return fail("more than 256 opcodes in a task");
                list.push_back(std::move(o));
            } else {
                if (prov->opcodes.size() >= kMaxPerProvider) return fail("more than 65536 opcodes");
                prov->opcodes.push_back(std::move(o));
            }
        } else if (name == "level" && parent() == "levels") {
            Named l;
            if (!named(attrs, l, 0xFF)) return;
            if (prov->levels.size() >= 256) return fail("more than 256 levels");
            prov->levels.push_back(std::move(l));
        } else if (name == "keyword" && parent() == "keywords") {
            Named k;
            k.name = attr_s(attrs, "name");
            k.message = attr_s(attrs, "message");
            if (!attr_u(attrs, "mask", k.value, UINT64_MAX, true)) return;
            if (prov->keywords.size() >= 64 * 4) return fail("too many keywords");
            prov->keywords.push_back(std::move(k));
        } else if ((name == "channel" || name == "importChannel") && parent() == "channels") {
            Named c;
            c.name = attr_s(attrs, "chid");
            c.message = attr_s(attrs, "name");
            if (c.name.empty()) c.name = c.message;
            if (attr(attrs, "value")) {
                if (!attr_u(attrs, "value", c.value, 0xFF, false)) return;
            } else if (const Named* s = standard_channel(c.message)) {
                c.value = s->value;
            } else {
                c.value = 16 + channel_auto_++;  // mc.exe numbers the provider's own channels from 16
            }
            if (prov->channels.size() >= 256) return fail("more than 256 channels");
            prov->channels.push_back(std::move(c));
        } else if ((name == "valueMap" || name == "bitMap") && parent() == "maps") {
            if (prov->maps.size() >= kMaxPerProvider) return fail("more than 65536 maps");
            Map m;
            m.name = attr_s(attrs, "name");
            m.bitmap = name == "bitMap";
            prov->maps.push_back(std::move(m));
            map_entries_ = 0;
        } else if (name == "map" && (parent() == "valueMap" || parent() == "bitMap") && !prov->maps.empty()) {
            if (++map_entries_ > kMaxPerProvider) return fail("more than 65536 entries in a map");
            MapEntry me;
            if (!attr_u(attrs, "value", me.value, UINT64_MAX, true)) return;
            me.message = attr_s(attrs, "message");
            prov->maps.back().entries.push_back(std::move(me));
        } else if (name == "template" && parent() == "templates") {
            if (prov->templates.size() >= kMaxPerProvider) return fail("more than 65536 templates");
            Template t;
            t.tid = attr_s(attrs, "tid");
            prov->templates.push_back(std::move(t));
            containers_.assign(1, &prov->templates.back().items);
            items_in_template_ = 0;
        } else if ((name == "data" || name == "struct") && !containers_.empty() &&
                   (parent() == "template" || parent() == "struct")) {
            if (++items_in_template_ > kMaxItemsPerTemplate) return fail("more than 1024 data items in a template");
            DataItem d;
            d.name = attr_s(attrs, "name");
            d.line = line();
            if (name == "struct") {
                d.in_type = InType::Struct;
            } else {
                const std::string in = attr_s(attrs, "inType");
                if (!parse_in_type(in, d.in_type)) return fail("data '" + d.name + "': unknown inType '" + in + "'");
                d.out_type = parse_out_type(attr_s(attrs, "outType"));
                d.map = attr_s(attrs, "map");
            }
            if (!size_ref(attrs, "count", d.count) || !size_ref(attrs, "length", d.length)) return;
            containers_.back()->push_back(std::move(d));
            if (name == "struct") {
                if (containers_.size() > kMaxStructDepth) return fail("structs nested deeper than 8");
                containers_.push_back(&containers_.back()->back().members);
            }
        } else if (name == "UserData" || name == "EventData") {
            skip_ = 1;  // the template's XML rendering hints
        } else if (name == "string" && parent() == "stringTable") {
            add_string(attrs);
        }
    }

    void end()
    {
        const std::string name = std::move(stack_.back());
        stack_.pop_back();
        if (skip_) {
            --skip_;
            return;
        }
        if (name == "provider" && parent() == "events") {
            provider_ = -1;
            task_ = -1;
            channel_auto_ = 0;
        } else if (name == "task") {
            task_ = -1;
        } else if (name == "template") {
            containers_.clear();
        } else if (name == "struct" && containers_.size() > 1) {
            containers_.pop_back();
        }
    }

    bool named(const XML_Char** attrs, Named& n, uint64_t max)
    {
        n.name = attr_s(attrs, "name");
        n.message = attr_s(attrs, "message");
        return attr_u(attrs, "value", n.value, max, true);
    }

    bool size_ref(const XML_Char** attrs, std::string_view key, SizeRef& r)
    {
        const char* v = attr(attrs, key);
        if (!v || !*v) return true;
        uint64_t n = 0;
        if (parse_number(v, n)) {
            if (n > 0xFFFF) {
                fail(std::string(key) + " " + v + " is larger than 65535");
                return false;
            }
            r.kind = SizeRef::Kind::Constant;
            r.constant = static_cast<uint32_t>(n);
        } else {
            r.kind = SizeRef::Kind::Field;
            r.field = v;
        }
        return true;
    }

    void add_string(const XML_Char** attrs)
    {
        if (strings_.size() >= kMaxStrings) return fail("more than 1M strings");
        const std::string& culture = current_culture_;
        std::string id = attr_s(attrs, "id");
        // The first string table wins, except that en-US replaces another culture's strings.
        auto it = strings_.find(id);
        if (it == strings_.end())
            strings_.emplace(std::move(id), std::pair{attr_s(attrs, "value"), culture == "en-US"});
        else if (!it->second.second && culture == "en-US")
            it->second = {attr_s(attrs, "value"), true};
    }

    // ---- resolution, after the whole document ----
    std::string resolve_string(const std::string& text) const
    {
        const std::string s = trim(text);
        // "$(string.X)" -> the table's value; other text is kept (EventSource manifests use it for names).
        if (s.size() > 10 && s.compare(0, 9, "$(string.") == 0 && s.back() == ')') {
            const auto it = strings_.find(s.substr(9, s.size() - 10));
            return it == strings_.end() ? std::string() : it->second.first;
        }
        return s;
    }

    void resolve_named(Named& n) const { n.message = trim(resolve_string(n.message)); }

    void resolve()
    {
        for (Provider& p : result_.providers) {
            p.message = resolve_string(p.message);
            for (Task& t : p.tasks) {
                resolve_named(t);
                for (Named& o : t.opcodes) resolve_named(o);
            }
            for (Named& o : p.opcodes) resolve_named(o);
            for (Named& l : p.levels) resolve_named(l);
            for (Named& k : p.keywords) resolve_named(k);
            for (Map& m : p.maps)
                for (MapEntry& e : m.entries) e.message = trim(resolve_string(e.message));
            for (Template& t : p.templates) resolve_items(p, t.items);
            for (Event& e : p.events) resolve_event(p, e);
        }
    }

    void resolve_items(const Provider& p, std::vector<DataItem>& items) const
    {
        for (DataItem& d : items) {
            if (!d.map.empty())
                for (size_t i = 0; i < p.maps.size(); ++i)
                    if (p.maps[i].name == d.map) {
                        d.map_index = static_cast<int32_t>(i);
                        break;
                    }
            resolve_items(p, d.members);
        }
    }

    void resolve_event(const Provider& p, Event& e) const
    {
        e.message = resolve_string(e.message);
        uint64_t n = 0;
        if (!e.task_ref.empty()) {
            bool found = false;
            for (const Task& t : p.tasks)
                if (t.name == e.task_ref) {
                    e.task = static_cast<uint16_t>(t.value);
                    found = true;
                    break;
                }
            if (!found && parse_number(e.task_ref, n) && n <= 0xFFFF) e.task = static_cast<uint16_t>(n);
        }
        if (!e.opcode_ref.empty()) {
            const Named* o = standard_opcode(e.opcode_ref);
            if (!o)
                if (const Task* t = p.find_task(e.task))
                    for (const Named& x : t->opcodes)
                        if (x.name == e.opcode_ref) o = &x;
            if (!o)
                for (const Named& x : p.opcodes)
                    if (x.name == e.opcode_ref) o = &x;
            if (o)
                e.opcode = static_cast<uint8_t>(o->value);
            else if (parse_number(e.opcode_ref, n) && n <= 0xFF)
                e.opcode = static_cast<uint8_t>(n);
        }
        if (!e.level_ref.empty()) {
            const Named* l = standard_level(e.level_ref);
            if (!l)
                for (const Named& x : p.levels)
                    if (x.name == e.level_ref) l = &x;
            if (l)
                e.level = static_cast<uint8_t>(l->value);
            else if (parse_number(e.level_ref, n) && n <= 0xFF)
                e.level = static_cast<uint8_t>(n);
        }
        if (!e.channel_ref.empty()) {
            const Named* c = nullptr;
            for (const Named& x : p.channels)
                if (x.name == e.channel_ref || x.message == e.channel_ref) c = &x;
            if (!c) c = standard_channel(e.channel_ref);
            if (c) e.channel = static_cast<uint8_t>(c->value);
        }
        std::istringstream words(e.keywords_ref);
        for (std::string w; words >> w;) {
            if (const Named* k = standard_keyword(w)) {
                e.keywords |= k->value;
                continue;
            }
            for (const Named& x : p.keywords)
                if (x.name == w) e.keywords |= x.value;
        }
        if (!e.template_ref.empty()) {
            for (size_t i = 0; i < p.templates.size(); ++i)
                if (p.templates[i].tid == e.template_ref) {
                    e.template_index = static_cast<int32_t>(i);
                    break;
                }
            if (e.template_index < 0)
                throw ManifestError(source_, e.line, "event " + std::to_string(e.id) + " names unknown template '" +
                                                         e.template_ref + "'");
        }
    }

    std::string source_;
    Manifest result_;
    XML_Parser parser_ = nullptr;
    std::string error_;
    uint64_t error_line_ = 0;
    std::vector<std::string> stack_;
    size_t skip_ = 0;
    int32_t provider_ = -1, task_ = -1;
    uint64_t channel_auto_ = 0;
    size_t map_entries_ = 0, items_in_template_ = 0;
    std::vector<std::vector<DataItem>*> containers_;
    std::string current_culture_;
    std::unordered_map<std::string, std::pair<std::string, bool>> strings_;  // id -> value, from en-US

};

}  // namespace

Manifest parse_manifest(std::string_view xml, const std::string& source)
{
    // ManifestData chunks and some exports end in NULs or start with a UTF-8 BOM.
    while (!xml.empty() && xml.back() == '\0') xml.remove_suffix(1);
    return Parser(source).run(xml);
}

Manifest load_manifest_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ManifestError(path, 0, "cannot open the manifest");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0 || static_cast<uint64_t>(size) > kMaxXml) throw ManifestError(path, 0, "manifest larger than 64 MiB");
    in.seekg(0);
    std::string text(static_cast<size_t>(size), '\0');
    if (!in.read(text.data(), size)) throw ManifestError(path, 0, "cannot read the manifest");
    return parse_manifest(text, path);
}

}  // namespace traceshark::etl::manifest
