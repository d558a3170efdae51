// Manifest decoding of real traces (skipped without ../shared/corpus):
//  - Tx HTTP_Server.etl with HTTP_Server.man: 2041 events, 291 Parse, 289 FastSend, 12 event types, and every
//    event's payload equal to the same event in HTTP_Server.evtx as libevtx's `evtxexport -f xml` shows it;
//  - Process.etl with the Win7 Kernel-Process manifest: 4 ProcessStart (V0), 4 ProcessStop (V1);
//  - PerfView's gcevents baseline: every COUNT line with ClrEtwAll.man, and values of its first events;
//  - KernelNetwork.etl with the Kernel-Network manifest: every TCP/UDP event decoded with every template field,
//    addresses and ports checked against facts of the protocols (ISATAP addresses embed the host's IPv4, LLMNR
//    and NetBIOS ports and groups, RDP's 3389) and of the trace (one PID per connection);
//  - powershell.etl 7937 ContextInfo with the Win10 manifest (its text fields cross-checked with each other and
//    with the event descriptor), raw with the Win7 manifest that lacks the event;
//  - WsRm01.etl (WinRM) with the Win7 and Win10 manifests: versions the Win10 one lacks fall back to raw, both
//    together decode every event with the manifest of its version; SOAP chunks reassemble to their byte counts.
#include <expat.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>

#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/manifest_decoder.hpp"
#include "traceshark/etl/registry.hpp"

#include "fixture.hpp"

namespace fs = std::filesystem;
using traceshark::etl::test::corpus_having;
using namespace traceshark::etl;

namespace {

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
    const std::string dir = corpus_having("etl/HTTP_Server.etl");
    if (dir.empty()) return;
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
    const std::string dir = corpus_having("etl/HTTP_Server.etl");
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
    const std::string dir = corpus_having("etl/HTTP_Server.etl");
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

namespace {

std::string manifest_path(const std::string& dir, const char* build, const char* provider)
{
    return dir + "/expected/manifests/Manifests-" + build + "__Microsoft-Windows-" + provider + ".xml";
}

const Field* field_named(const DecodedEvent& e, const std::string& name)
{
    for (const Field& f : e.fields)
        if (f.name == name) return &f;
    return nullptr;
}
std::string text_of(const DecodedEvent& e, const std::string& name)
{
    const Field* f = field_named(e, name);
    return f ? f->value.to_string() : "<absent>";
}

struct Decoded {
    EventDescriptor d;
    uint32_t pid;
    size_t payload;
    DecodedEvent e;
};

std::vector<Decoded> decode_provider(ManifestDecoder& dec, const std::string& etl)
{
    auto trace = EtlTrace::open(etl);
    EventReader reader(*trace);
    std::vector<Decoded> out;
    while (const EventRecord* r = reader.next()) {
        if (!r->is_event_header()) continue;
        Decoded x{r->descriptor, r->pid, r->payload.size(), {}};
        BOOST_REQUIRE(dec.decode(*r, x.e));
        out.push_back(std::move(x));
    }
    return out;
}

// The template items of the manifest event that decoded `x` (the provider with its version).
const std::vector<manifest::DataItem>* template_items(const ManifestDecoder& dec, const Guid& g, const Decoded& x)
{
    const manifest::Provider* p = dec.manifests().find_event(g, x.d.id, x.d.version);
    if (!p) return nullptr;
    const manifest::Event* ev = p->find_event(x.d.id, x.d.version);
    if (!ev || ev->template_index < 0) return nullptr;
    return &p->templates[static_cast<size_t>(ev->template_index)].items;
}

uint64_t number_field(const DecodedEvent& e, const std::string& name)
{
    const Field* f = field_named(e, name);
    const uint64_t* u = f ? std::get_if<uint64_t>(&f->value.scalar) : nullptr;
    return u ? *u : ~0ull;
}

}  // namespace

BOOST_AUTO_TEST_CASE(kernel_network_tcp_udp)
{
    const std::string dir = corpus_having("etl/HTTP_Server.etl");
    if (dir.empty()) return;
    const Guid g = *Guid::parse("7dd42a49-5329-4832-8dfd-43d979153a88");
    for (const char* build : {"Win7-7600", "Win10-18990"}) {  // byte-identical exports
        ManifestDecoder dec(std::vector<std::string>{manifest_path(dir, build, "Kernel-Network")});
        const auto events = decode_provider(dec, dir + "/etl/KernelNetwork.etl");
        BOOST_REQUIRE(events.size() == 8923u);  // SOURCES.md own scan: 8923 EVENT_HEADER records of this provider
        std::map<std::string, uint32_t> pid_of_connection;
        std::set<std::string> ipv4_local;
        size_t ipv6 = 0, llmnr = 0, netbios = 0;
        for (const Decoded& x : events) {
            BOOST_TEST_CONTEXT(x.e.name() << " id " << x.d.id)
            {
                BOOST_TEST(x.e.decoded);
                BOOST_TEST(x.e.problem == "");
                const auto* items = template_items(dec, g, x);
                BOOST_REQUIRE(items);
                BOOST_REQUIRE(x.e.fields.size() == items->size());  // every template field, in order
                for (size_t i = 0; i < items->size(); ++i) BOOST_TEST(x.e.fields[i].name == (*items)[i].name);
                const Value& daddr = field_named(x.e, "daddr")->value;
                const Value& saddr = field_named(x.e, "saddr")->value;
                BOOST_TEST((daddr.kind == ValueKind::IPv4 || daddr.kind == ValueKind::IPv6));
                BOOST_TEST(int(daddr.kind) == int(saddr.kind));
                BOOST_TEST((field_named(x.e, "dport")->value.kind == ValueKind::Port));
                // IPv4 ids: TCP 10-18, UDP 42-43; IPv6: +16.
                const bool v6_id = (x.d.id >= 26 && x.d.id <= 34) || x.d.id >= 58;
                BOOST_TEST((daddr.kind == ValueKind::IPv6) == v6_id);
                const std::string da = daddr.to_string(), sa = saddr.to_string(), dp = text_of(x.e, "dport"),
                                  sp = text_of(x.e, "sport");
                if (v6_id) ++ipv6;
                else if (x.d.id < 20) ipv4_local.insert(sa);
                // One owning PID per connection (the 4-tuple, either direction).
                const std::string conn = std::min(da + ":" + dp, sa + ":" + sp) + "|" + std::max(da + ":" + dp, sa + ":" + sp);
                const uint32_t pid = static_cast<uint32_t>(std::get<uint64_t>(field_named(x.e, "PID")->value.scalar));
                auto [it, fresh] = pid_of_connection.emplace(conn, pid);
                BOOST_TEST(it->second == pid, conn);
                // LLMNR (RFC 4795): UDP 5355 to 224.0.0.252 / ff02::1:3; NetBIOS name service: 137 <-> 137.
                if (da == "224.0.0.252" || da == "ff02::1:3") {
                    ++llmnr;
                    BOOST_TEST(dp == "5355");
                }
                if (dp == "137") {
                    ++netbios;
                    BOOST_TEST(sp == "137");
                }
                if (x.d.id == 10 || x.d.id == 26) BOOST_TEST(number_field(x.e, "endtime") >= number_field(x.e, "startime"));
            }
        }
        BOOST_TEST(ipv6 == 223u);  // ids 26, 27, 29, 59: the records of SOURCES.md's scan with 16-byte addresses
        BOOST_TEST(llmnr > 0u);
        BOOST_TEST(netbios > 0u);
        // The first event: an RDP (3389) packet on the host's ISATAP address, whose last 32 bits are the host's
        // IPv4 address (RFC 5214), the local address of the IPv4 TCP events.
        const DecodedEvent& first = events.front().e;
        BOOST_TEST(text_of(first, "sport") == "3389");
        const std::string isatap = text_of(first, "saddr");
        BOOST_REQUIRE(isatap.rfind("2001:4898:0:fff:0:5efe:", 0) == 0);
        const std::string tail = isatap.substr(std::string("2001:4898:0:fff:0:5efe:").size());
        const auto hi = std::stoul(tail.substr(0, tail.find(':')), nullptr, 16),
                   lo = std::stoul(tail.substr(tail.find(':') + 1), nullptr, 16);
        const std::string v4 = std::to_string(hi >> 8) + "." + std::to_string(hi & 255) + "." + std::to_string(lo >> 8) +
                               "." + std::to_string(lo & 255);
        BOOST_TEST(ipv4_local.count(v4) == 1u, v4);
    }
}

BOOST_AUTO_TEST_CASE(powershell_7937_context_info)
{
    const std::string dir = corpus_having("etl/HTTP_Server.etl");
    if (dir.empty()) return;
    {
        ManifestDecoder dec(std::vector<std::string>{manifest_path(dir, "Win10-18990", "PowerShell")});
        const auto events = decode_provider(dec, dir + "/etl/powershell.etl");
        size_t n = 0, started = 0, stopped = 0;
        std::map<std::string, std::set<int64_t>> sequences;  // per Host ID
        for (const Decoded& x : events) {
            BOOST_TEST(x.e.decoded, x.e.name());
            BOOST_TEST(x.e.problem == "", x.e.name());
            if (x.d.id != 7937) continue;
            ++n;
            BOOST_REQUIRE(x.e.fields.size() == 3u);
            BOOST_TEST(x.e.fields[0].name == "ContextInfo");
            BOOST_TEST(x.e.fields[1].name == "UserData");
            BOOST_TEST(x.e.fields[2].name == "Payload");
            const std::string ctx = text_of(x.e, "ContextInfo"), payload = text_of(x.e, "Payload");
            BOOST_TEST(ctx.find("Host Application = ") != std::string::npos);
            BOOST_TEST(ctx.find("Host Application = C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe") !=
                       std::string::npos);
            BOOST_TEST(text_of(x.e, "UserData") == "");
            // The text's "Host ID = <guid>" is the one host of the trace; "Sequence Number" grows.
            // The text names its host ("Host ID = <guid>") and a sequence number within it.
            const std::regex id(R"(Host ID = ([0-9a-f-]{36}))"), seq(R"(Sequence Number = (\d+))"),
                cmd(R"(Command Name = ([^\r\n]*))");
            std::smatch m, sm;
            BOOST_REQUIRE(std::regex_search(ctx, m, id));
            BOOST_REQUIRE(std::regex_search(ctx, sm, seq));
            sequences[m[1]].insert(std::stoll(sm[1]));
            // The payload says Started/Stopped as the descriptor's task (StartingCommand/StoppingCommand) does,
            // and names the command of the context.
            const bool is_start = x.e.task == "StartingCommand";
            started += is_start;
            stopped += x.e.task == "StoppingCommand";
            BOOST_TEST(payload.find(is_start ? " is Started." : " is Stopped.") != std::string::npos, payload);
            if (std::regex_search(ctx, m, cmd) && !std::string(m[1]).empty())
                BOOST_TEST(payload.find(" " + std::string(m[1]) + " ") != std::string::npos, payload << " / " << m[1]);
        }
        BOOST_TEST(n == 101u);
        BOOST_TEST(started + stopped == n);
        // Each event of a host has its own sequence number.
        size_t distinct = 0;
        for (const auto& [host, numbers] : sequences) distinct += numbers.size();
        BOOST_TEST(distinct == n);
    }
    {
        // The Win7 manifest has no event 7937: names only, the raw payload kept, never an error.
        ManifestDecoder dec(std::vector<std::string>{manifest_path(dir, "Win7-7600", "PowerShell")});
        const auto events = decode_provider(dec, dir + "/etl/powershell.etl");
        size_t raw = 0;
        for (const Decoded& x : events) {
            if (x.d.id != 7937) continue;
            ++raw;
            BOOST_TEST(!x.e.decoded);
            BOOST_TEST(x.e.problem == "");
            BOOST_TEST(x.e.fields.empty());
            BOOST_TEST(x.e.provider == "Microsoft-Windows-PowerShell");
            BOOST_TEST(x.e.task == "EventID(7937)");
            BOOST_TEST(x.payload > 0u);
        }
        BOOST_TEST(raw == 101u);
    }
}

BOOST_AUTO_TEST_CASE(winrm_versions_win7_win10)
{
    const std::string dir = corpus_having("etl/HTTP_Server.etl");
    if (dir.empty()) return;
    const Guid g = *Guid::parse("a7975c8f-ac13-49f1-87da-5a984a4ab417");
    const std::string win7 = manifest_path(dir, "Win7-7600", "WinRM"), win10 = manifest_path(dir, "Win10-18990", "WinRM");
    ManifestDecoder only10(std::vector<std::string>{win10});
    const auto e10 = decode_provider(only10, dir + "/etl/WsRm01.etl");
    BOOST_REQUIRE(e10.size() == 70u);
    size_t raw10 = 0;
    for (const Decoded& x : e10) {
        BOOST_TEST(x.e.provider == "Microsoft-Windows-WinRM");
        const bool has = only10.manifests().find_event(g, x.d.id, x.d.version) != nullptr;
        BOOST_TEST(x.e.decoded == has);
        if (!has) {
            ++raw10;
            BOOST_TEST(x.e.fields.empty());
            BOOST_TEST(x.e.problem == "");  // a version the manifest lacks is not an error
        }
    }
    BOOST_TEST(raw10 == 13u);
    // Both exports, the Win10 one first (as a directory lists them): every event finds a manifest of its version
    // whose template fits.
    for (const std::vector<std::string>& paths : {std::vector<std::string>{win7}, std::vector<std::string>{win10, win7}}) {
        ManifestDecoder dec(paths);
        const auto events = decode_provider(dec, dir + "/etl/WsRm01.etl");
        std::map<std::pair<std::string, uint64_t>, std::vector<std::string>> chunks;  // (task, total) -> text
        for (const Decoded& x : events) {
            BOOST_TEST(x.e.decoded, x.e.name());
            BOOST_TEST(x.e.problem == "", x.e.name() << ": " << x.e.problem);
            if (paths.size() == 1) {
                const auto* items = template_items(dec, g, x);
                BOOST_TEST((items ? items->size() : 0u) == x.e.fields.size(), x.e.name());
            }
            // SOAP documents travel in chunks: "bytes" is the chunk's length and the chunks concatenate to one
            // envelope.
            if (field_named(x.e, "SoapDocument") && field_named(x.e, "bytes")) {
                const std::string doc = text_of(x.e, "SoapDocument");
                const uint64_t index = std::stoull(text_of(x.e, "index")), total = std::stoull(text_of(x.e, "totalChunks"));
                auto& list = chunks[{x.e.task, total}];
                if (index == 1) list.clear();
                BOOST_TEST(index == list.size() + 1);
                list.push_back(doc);
                if (index == total) {
                    std::string all;
                    for (const std::string& c : list) all += c;
                    BOOST_TEST(all.rfind("<s:Envelope", 0) == 0);
                    BOOST_TEST(all.find("</s:Envelope>") != std::string::npos);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
