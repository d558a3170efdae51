// Manifest decoding of real traces (skipped without ../shared/corpus):
//  - Tx HTTP_Server.etl with HTTP_Server.man: 2041 events, 291 Parse, 289 FastSend, 12 event types, and every
//    event's payload equal to the same event in HTTP_Server.evtx as libevtx's `evtxexport -f xml` shows it;
//  - Process.etl with the Win7 Kernel-Process manifest: 4 ProcessStart (V0), 4 ProcessStop (V1);
//  - PerfView's gcevents baseline: every COUNT line with ClrEtwAll.man, and values of its first events.
#include <expat.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/manifest_decoder.hpp"
#include "traceshark/etl/registry.hpp"

namespace fs = std::filesystem;
using namespace traceshark::etl;

namespace {

std::string corpus()
{
    const char* c = std::getenv("TRACESHARK_CORPUS");
    return c && fs::exists(std::string(c) + "/etl/HTTP_Server.etl") ? c : "";
}

struct EvtxEvent {
    uint16_t id = 0;
    uint8_t version = 0;
    std::string time;
    std::string raw_payload;  // ProcessingErrorData/EventPayload: Windows could not render the event
    std::vector<std::pair<std::string, std::string>> data;
};

// evtxexport's XML: <Event><System><EventID>..</EventID><Version>..<TimeCreated SystemTime=".."/>...
// <EventData><Data Name="X">text</Data>...
struct EvtxParser {
    std::vector<EvtxEvent> events;
    std::string text, element;
    bool in_data = false;

    static void XMLCALL start(void* u, const XML_Char* name, const XML_Char** attrs)
    {
        auto* self = static_cast<EvtxParser*>(u);
        const std::string n = name;
        self->text.clear();
        self->element = n;
        if (n == "Event") self->events.emplace_back();
        if (self->events.empty()) return;
        if (n == "TimeCreated")
            for (size_t i = 0; attrs[i]; i += 2)
                if (std::string(attrs[i]) == "SystemTime") self->events.back().time = attrs[i + 1];
        if (n == "Data") {
            std::string fname;
            for (size_t i = 0; attrs[i]; i += 2)
                if (std::string(attrs[i]) == "Name") fname = attrs[i + 1];
            self->events.back().data.emplace_back(fname, "");
            self->in_data = true;
        }
    }
    static void XMLCALL end(void* u, const XML_Char* name)
    {
        auto* self = static_cast<EvtxParser*>(u);
        const std::string n = name;
        if (self->events.empty()) return;
        if (n == "EventID") self->events.back().id = static_cast<uint16_t>(std::stoul(self->text));
        if (n == "EventPayload") self->events.back().raw_payload = self->text;
        if (n == "Version") self->events.back().version = static_cast<uint8_t>(std::stoul(self->text));
        if (n == "Data") {
            self->events.back().data.back().second = self->text;
            self->in_data = false;
        }
        self->text.clear();
    }
    static void XMLCALL chars(void* u, const XML_Char* s, int len) { static_cast<EvtxParser*>(u)->text.append(s, static_cast<size_t>(len)); }
};

bool evtx_export(const std::string& path, std::vector<EvtxEvent>& out)
{
    if (std::system("command -v evtxexport >/dev/null 2>&1") != 0) return false;
    const std::string cmd = "evtxexport -f xml '" + path + "' 2>/dev/null";
    FILE* f = popen(cmd.c_str(), "r");
    if (!f) return false;
    std::string xml = "<root>";
    char buf[65536];
    size_t n;
    bool header = true;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        std::string chunk(buf, n);
        if (header) {  // the tool's banner line comes before the first <Event>
            const size_t at = chunk.find("<Event");
            chunk = at == std::string::npos ? "" : chunk.substr(at);
            header = chunk.empty();
        }
        xml += chunk;
    }
    pclose(f);
    xml += "</root>";
    EvtxParser p;
    XML_Parser x = XML_ParserCreate(nullptr);
    XML_SetUserData(x, &p);
    XML_SetElementHandler(x, &EvtxParser::start, &EvtxParser::end);
    XML_SetCharacterDataHandler(x, &EvtxParser::chars);
    const bool ok = XML_Parse(x, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_OK;
    XML_ParserFree(x);
    out = std::move(p.events);
    return ok;
}

std::string upper_hex(const std::vector<uint8_t>& b)
{
    static const char* d = "0123456789ABCDEF";
    std::string s;
    for (uint8_t c : b) {
        s += d[c >> 4];
        s += d[c & 15];
    }
    return s;
}

const manifest::DataItem* item_named(const std::vector<manifest::DataItem>& items, const std::string& name)
{
    for (const auto& d : items)
        if (d.name == name) return &d;
    return nullptr;
}

// Does our value equal evtx's text of the same field? libevtx prints integers in decimal (HexInt32/64 outTypes
// as 0x..), binary as upper-case hex, strings as they are, and the raw number of mapped fields.
bool same(const Value& v, const std::string& evtx, const manifest::Provider& p, const manifest::DataItem* d,
          std::string& why)
{
    switch (v.kind) {
    case ValueKind::UInt:
    case ValueKind::HexInt:
    case ValueKind::Port: {
        char* end = nullptr;
        const uint64_t n = std::strtoull(evtx.c_str(), &end, 0);
        why = "number " + std::to_string(std::get<uint64_t>(v.scalar)) + " vs " + evtx;
        return end && !*end && !evtx.empty() && n == std::get<uint64_t>(v.scalar);
    }
    case ValueKind::Int: {
        why = "signed";
        return std::to_string(std::get<int64_t>(v.scalar)) == evtx;
    }
    case ValueKind::Binary:
        why = "binary " + upper_hex(v.bytes) + " vs " + evtx;
        return upper_hex(v.bytes) == evtx;
    case ValueKind::String: {
        const std::string& s = std::get<std::string>(v.scalar);
        if (d && d->map_index >= 0) {  // evtx keeps the number
            const uint64_t n = std::strtoull(evtx.c_str(), nullptr, 0);
            for (const auto& e : p.maps[static_cast<size_t>(d->map_index)].entries)
                if (e.value == n) {
                    why = "map " + s + " vs " + evtx;
                    return e.message == s;
                }
        }
        why = "string '" + s + "' vs '" + evtx + "'";
        return s == evtx;
    }
    default: why = "kind not compared"; return false;
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_corpus)

BOOST_AUTO_TEST_CASE(tx_http_server_equals_evtx)
{
    const std::string dir = corpus();
    if (dir.empty()) {
        BOOST_TEST_MESSAGE("corpus absent: skipped");
        return;
    }
    ManifestDecoder dec(std::vector<std::string>{dir + "/expected/tx/HTTP_Server.man"});
    const manifest::Provider* prov = dec.manifests().find(*Guid::parse("dd5ef90a-6398-47a4-ad34-4dcecdef795f"));
    BOOST_REQUIRE(prov);
    auto trace = EtlTrace::open(dir + "/etl/HTTP_Server.etl");
    EventReader reader(*trace);
    std::vector<EvtxEvent> evtx;
    const bool have_evtx = evtx_export(dir + "/expected/tx/HTTP_Server.evtx", evtx);
    if (!have_evtx) BOOST_TEST_MESSAGE("evtxexport (libevtx-utils) absent: payloads not compared");
    else BOOST_REQUIRE_EQUAL(evtx.size(), 2041u);
    std::map<std::string, size_t> counts;
    size_t events = 0, fields_compared = 0, mismatches = 0, raw_compared = 0;
    while (const EventRecord* r = reader.next()) {
        if (!r->is_event_header()) continue;
        DecodedEvent e;
        BOOST_REQUIRE(dec.decode(*r, e));
        BOOST_TEST(e.decoded);
        BOOST_TEST(e.problem == "", e.name() << ": " << e.problem);
        ++counts[e.name()];
        if (have_evtx && events < evtx.size()) {
            const EvtxEvent& x = evtx[events];
            BOOST_REQUIRE_EQUAL(x.id, r->descriptor.id);
            BOOST_REQUIRE_EQUAL(int(x.version), int(r->descriptor.version));
            if (!x.raw_payload.empty()) {
                // Windows could not render this one (ProcessingErrorData 15005): compare the raw payload.
                BOOST_TEST(x.raw_payload == upper_hex({r->payload.begin(), r->payload.end()}));
                ++raw_compared;
                ++events;
                continue;
            }
            BOOST_TEST_CONTEXT("event " << events << " " << e.name()) BOOST_REQUIRE_EQUAL(x.data.size(), e.fields.size());
            const manifest::Event* ev = prov->find_event(r->descriptor.id, r->descriptor.version);
            const auto& items = prov->templates[static_cast<size_t>(ev->template_index)].items;
            for (size_t i = 0; i < e.fields.size(); ++i) {
                BOOST_TEST(e.fields[i].name == x.data[i].first);
                std::string why;
                if (!same(e.fields[i].value, x.data[i].second, *prov, item_named(items, e.fields[i].name), why)) {
                    if (++mismatches < 20)
                        BOOST_ERROR("event " << events << " " << e.name() << " " << e.fields[i].name << ": " << why);
                }
                ++fields_compared;
            }
        }
        ++events;
    }
    BOOST_TEST(events == 2041u);
    BOOST_TEST(counts.size() == 12u);
    BOOST_TEST(counts["Microsoft-Windows-HttpService/HTTP Request Trace Task/Parse"] == 291u);
    BOOST_TEST(counts["Microsoft-Windows-HttpService/HTTP Request Trace Task/FastSend"] == 289u);
    BOOST_TEST(mismatches == 0u);
    BOOST_TEST_MESSAGE("HTTP_Server: " << events << " events, " << fields_compared << " fields equal to evtx, "
                                        << raw_compared << " events evtx could not render compared as raw payloads");
}

BOOST_AUTO_TEST_CASE(tx_process_kernel_process)
{
    const std::string dir = corpus();
    if (dir.empty()) return;
    ManifestDecoder dec(
        std::vector<std::string>{dir + "/expected/manifests/Manifests-Win7-7600__Microsoft-Windows-Kernel-Process.xml"});
    auto trace = EtlTrace::open(dir + "/etl/Process.etl");
    EventReader reader(*trace);
    std::map<std::string, size_t> counts;
    size_t events = 0, problems = 0, undecoded = 0;
    std::set<uint64_t> started, stopped;
    while (const EventRecord* r = reader.next()) {
        if (!r->is_event_header()) continue;
        DecodedEvent e;
        BOOST_REQUIRE(dec.decode(*r, e));
        ++events;
        problems += !e.problem.empty();
        undecoded += !e.decoded;
        ++counts[e.name()];
        const Field* pid = nullptr;
        for (const Field& f : e.fields)
            if (f.name == "ProcessID") pid = &f;
        if (r->descriptor.id == 1 && pid) started.insert(std::get<uint64_t>(pid->value.scalar));
        if (r->descriptor.id == 2 && pid) stopped.insert(std::get<uint64_t>(pid->value.scalar));
    }
    BOOST_TEST(events == 10343u);
    BOOST_TEST(problems == 0u);
    BOOST_TEST(undecoded == 0u);
    for (const auto& [n, c] : counts) BOOST_TEST_MESSAGE(n << ": " << c);
    BOOST_TEST(counts["Microsoft-Windows-Kernel-Process/ProcessStart/Start"] == 4u);
    BOOST_TEST(counts["Microsoft-Windows-Kernel-Process/ProcessStop/Stop"] == 4u);
    size_t pairs = 0;
    for (uint64_t p : started) pairs += stopped.count(p);
    BOOST_TEST(pairs == 2u);  // Tx ProcessTest: 2 start/stop pairs joined by ProcessID
}

BOOST_AUTO_TEST_CASE(perfview_gcevents_counts)
{
    const std::string dir = corpus();
    if (dir.empty()) return;
    DecoderOptions o;
    o.manifest_paths = {dir + "/expected/manifests/ClrEtwAll.man"};
    auto set = make_default_decoders(o);
    auto trace = EtlTrace::open(dir + "/etl/perfview_gcevents_PerfViewData.etl");
    EventReader reader(*trace);
    // Our names that PerfView spells differently, each for a reason outside the manifest rules:
    const std::map<std::string, std::string> differs{
        // PerfView's compiled ClrTraceEventParser names event 202 after its symbol; this manifest's opcode
        // message for it (GCMarkOpcodeMessage) is "Mark".
        {"Microsoft-Windows-DotNETRuntime/GC/Mark", "Microsoft-Windows-DotNETRuntime/GC/MarkWithType"},
        // Events 208/209 (GC task opcodes 208/209) come from a newer runtime than this ClrEtwAll.man describes:
        // names only, as for any event a manifest lacks.
        {"Microsoft-Windows-DotNETRuntime/GC/Opcode(208)", "Microsoft-Windows-DotNETRuntime/GC/FitBucketInfo"},
        {"Microsoft-Windows-DotNETRuntime/GC/Opcode(209)", "Microsoft-Windows-DotNETRuntime/GC/LOHCompact"},
    };
    std::map<std::string, size_t> counts;
    std::vector<DecodedEvent> first;
    size_t undecoded = 0;
    std::map<std::string, size_t> versions_missing;  // .NET 8 versions newer than the manifest's
    while (const EventRecord* r = reader.next()) {
        DecodedEvent e = set->decode(*r);
        if (e.provider != "Microsoft-Windows-DotNETRuntime") continue;  // the kernel events are not ours
        BOOST_TEST(e.problem == "", e.name() << ": " << e.problem);
        const auto d = differs.find(e.name());
        if (d != differs.end()) {
            ++counts[d->second];
            undecoded += !e.decoded;
        } else {
            ++counts[e.name()];
            if (!e.decoded) ++versions_missing[e.name()];
        }
        if (first.size() < 12) first.push_back(std::move(e));
    }
    BOOST_TEST(undecoded == 2u);  // 208 and 209
    // AllocationTick V4 and GlobalHeapHistory V3+ are newer than ClrEtwAll.man: names only, never errors.
    BOOST_TEST(versions_missing.size() == 2u);
    BOOST_TEST(versions_missing["Microsoft-Windows-DotNETRuntime/GC/AllocationTick"] == 12u);
    BOOST_TEST(versions_missing["Microsoft-Windows-DotNETRuntime/GC/GlobalHeapHistory"] == 2u);
    std::ifstream base(dir + "/expected/perfview/gcevents.baseline.txt");
    std::map<std::string, size_t> expect;
    for (std::string line; std::getline(base, line);) {
        if (line.rfind("COUNT Microsoft-Windows-DotNETRuntime/", 0) != 0) continue;
        const size_t colon = line.rfind(':');
        expect[line.substr(6, colon - 6)] = std::stoul(line.substr(colon + 1));
    }
    BOOST_REQUIRE_EQUAL(expect.size(), 20u);
    for (const auto& [name, n] : expect) BOOST_TEST(counts[name] == n, name);
    BOOST_TEST(counts.size() == expect.size());
    // The baseline's first events: Runtime/Start (Sku=CoreClr, StartupMode=None), CreateSegment Type map.
    auto text = [](const DecodedEvent& e, const char* f) -> std::string {
        for (const Field& x : e.fields)
            if (x.name == f) {
                if (auto* s = std::get_if<std::string>(&x.value.scalar)) return *s;
                if (auto* u = std::get_if<uint64_t>(&x.value.scalar)) return std::to_string(*u);
            }
        return "<none>";
    };
    BOOST_REQUIRE(first.size() > 3);
    BOOST_TEST(first[0].name() == "Microsoft-Windows-DotNETRuntime/Runtime/Start");
    BOOST_TEST(text(first[0], "Sku") == "CoreClr");
    // PerfView shows StartupMode=None and Type=PinnedObjectHeap from its compiled enums: this manifest's
    // StartupModeMap has no entry for 0 and its GCSegmentTypeMap ends at 2 (ReadOnlyHeap), so the numbers stay.
    BOOST_TEST(text(first[0], "StartupMode") == "0");
    BOOST_TEST(text(first[0], "CommandLine") == "");
    BOOST_TEST(first[1].name() == "Microsoft-Windows-DotNETRuntime/GC/CreateSegment");
    BOOST_TEST(text(first[1], "Type") == "3");
    BOOST_TEST(text(first[1], "Address") == std::to_string(0x1b0f1000028ull));
    BOOST_TEST(text(first[2], "Type") == "SmallObjectHeap");
    BOOST_TEST(text(first[2], "Size") == std::to_string(0x003fffd8u));
    BOOST_TEST(text(first[2], "ClrInstanceID") == "8");
}

BOOST_AUTO_TEST_SUITE_END()
