// The manifest decoders on hand-built EVENT_HEADER records (every inType, counts, lengths, structs, maps,
// messages, short payloads, versions a manifest lacks, EventSource ManifestData reassembly, hostile templates)
// and, with the corpus, on real traces: Tx HTTP_Server.etl against the same events in HTTP_Server.evtx as
// libevtx's evtxexport shows them, Process.etl's Kernel-Process events, PerfView's gcevents COUNT lines.
#include <expat.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/manifest_decoder.hpp"
#include "traceshark/etl/registry.hpp"

namespace fs = std::filesystem;
using namespace traceshark::etl;

namespace {

const Guid kGuid = *Guid::parse("11111111-2222-3333-4444-555555555555");

std::string provider_xml(const std::string& body, const std::string& strings = "")
{
    return "<instrumentationManifest xmlns=\"http://schemas.microsoft.com/win/2004/08/events\"><instrumentation>"
           "<events><provider name=\"Test-Provider\" guid=\"{11111111-2222-3333-4444-555555555555}\">" +
           body + "</provider></events></instrumentation><localization><resources culture=\"en-US\"><stringTable>" +
           strings + "</stringTable></resources></localization></instrumentationManifest>";
}

struct Bytes {
    std::vector<uint8_t> b;
    Bytes& u8(uint8_t v)
    {
        b.push_back(v);
        return *this;
    }
    Bytes& u16(uint16_t v) { return le(v, 2); }
    Bytes& u32(uint32_t v) { return le(v, 4); }
    Bytes& u64(uint64_t v) { return le(v, 8); }
    Bytes& le(uint64_t v, int n)
    {
        for (int i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
        return *this;
    }
    Bytes& wstr(const std::string& s, bool nul = true)
    {
        for (char c : s) u16(static_cast<uint8_t>(c));
        if (nul) u16(0);
        return *this;
    }
    Bytes& str(const std::string& s, bool nul = true)
    {
        for (char c : s) b.push_back(static_cast<uint8_t>(c));
        if (nul) b.push_back(0);
        return *this;
    }
    Bytes& raw(std::initializer_list<uint8_t> l)
    {
        b.insert(b.end(), l);
        return *this;
    }
};

EventRecord record(const std::vector<uint8_t>& payload, uint16_t id, uint8_t version = 0, uint8_t ptr = 8,
                   uint16_t task = 1, uint8_t opcode = 0)
{
    EventRecord r;
    r.header_type = ptr == 4 ? HeaderType::EventHeader32 : HeaderType::EventHeader64;
    r.pointer_size = ptr;
    r.provider = kGuid;
    r.descriptor.id = id;
    r.descriptor.version = version;
    r.descriptor.task = task;
    r.descriptor.opcode = opcode;
    r.payload = payload;
    return r;
}

const Field* field(const DecodedEvent& e, const std::string& name)
{
    for (const Field& f : e.fields)
        if (f.name == name) return &f;
    return nullptr;
}

uint64_t uval(const Value& v) { return std::get<uint64_t>(v.scalar); }
int64_t ival(const Value& v) { return std::get<int64_t>(v.scalar); }
const std::string& sval(const Value& v) { return std::get<std::string>(v.scalar); }

// A formatter for the tests' message checks only (the library's is Value::to_string).
std::string test_text(const Value& v)
{
    if (auto* s = std::get_if<std::string>(&v.scalar)) return *s;
    if (auto* u = std::get_if<uint64_t>(&v.scalar)) return std::to_string(*u);
    if (auto* i = std::get_if<int64_t>(&v.scalar)) return std::to_string(*i);
    if (v.kind == ValueKind::Array) return "[" + std::to_string(v.items.size()) + "]";
    return "?";
}

const char* kAllTypes = R"XML(
<tasks><task name="T" value="1" message="$(string.task)"/></tasks>
<templates><template tid="all">
 <data name="U" inType="win:UnicodeString"/>
 <data name="A" inType="win:AnsiString"/>
 <data name="I8" inType="win:Int8"/>
 <data name="U8" inType="win:UInt8"/>
 <data name="I16" inType="win:Int16"/>
 <data name="U16" inType="win:UInt16"/>
 <data name="I32" inType="win:Int32"/>
 <data name="U32" inType="win:UInt32"/>
 <data name="I64" inType="win:Int64"/>
 <data name="U64" inType="win:UInt64"/>
 <data name="F" inType="win:Float"/>
 <data name="D" inType="win:Double"/>
 <data name="B" inType="win:Boolean"/>
 <data name="BinLen" inType="win:UInt16"/>
 <data name="Bin" inType="win:Binary" length="BinLen"/>
 <data name="G" inType="win:GUID"/>
 <data name="P" inType="win:Pointer"/>
 <data name="FT" inType="win:FILETIME"/>
 <data name="ST" inType="win:SYSTEMTIME"/>
 <data name="S" inType="win:SID"/>
 <data name="H32" inType="win:HexInt32"/>
 <data name="H64" inType="win:HexInt64"/>
 <data name="CS" inType="win:CountedString"/>
 <data name="CA" inType="win:CountedAnsiString"/>
 <data name="CB" inType="win:CountedBinary"/>
 <data name="UHex" inType="win:UInt32" outType="win:HexInt32"/>
 <data name="Ip" inType="win:UInt32" outType="win:IPv4"/>
 <data name="Port" inType="win:UInt16" outType="win:Port"/>
 <data name="Ip6" inType="win:Binary" outType="win:IPv6" length="16"/>
 <data name="Fixed" inType="win:UnicodeString" length="3"/>
 <data name="Latin" inType="win:AnsiString"/>
</template></templates>
<events><event value="7" version="1" task="T" opcode="win:Stop" template="all"/></events>
)XML";

std::vector<uint8_t> all_types_payload(uint8_t ptr)
{
    Bytes b;
    b.u16('h').u16(0xE9).wstr("llo").str("ansi").u8(0xFE).u8(200).u16(0xFFFE).u16(60000).u32(0xFFFFFFFD).u32(4000000000u);
    b.u64(static_cast<uint64_t>(-5)).u64(18000000000000000000ull);
    float f = 1.5f;
    double d = -2.25;
    uint32_t fb;
    uint64_t db;
    std::memcpy(&fb, &f, 4);
    std::memcpy(&db, &d, 8);
    b.u32(fb).u64(db).u32(1).u16(3).raw({0xAA, 0xBB, 0xCC});
    b.raw({0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 1, 2, 3, 4, 5, 6, 7, 8});
    b.le(0x1122334455667788ull, ptr).u64(129402940472257591ull);
    b.u16(2011).u16(1).u16(0).u16(23).u16(22).u16(6).u16(37).u16(476);
    b.raw({1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0});  // S-1-5-32-544
    b.u32(0xDEADBEEF).u64(0x123456789ull);
    b.u16(4).wstr("hi", false).u16(3).str("abc", false).u16(2).raw({9, 8});
    b.u32(0xABC).raw({192, 168, 1, 2}).raw({0x1F, 0x90});
    b.raw({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    b.wstr("abc", false).raw({'c', 'a', 'f', 0xE9, 0});
    return b.b;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_decoder)

BOOST_AUTO_TEST_CASE(every_in_type)
{
    for (uint8_t ptr : {uint8_t{8}, uint8_t{4}}) {
        BOOST_TEST_CONTEXT("pointer size " << int(ptr))
        {
            ManifestDecoder dec({manifest::parse_manifest(provider_xml(kAllTypes, "<string id=\"task\" value=\"Task T\"/>"),
                                                          "all.man")});
            const std::vector<uint8_t> payload = all_types_payload(ptr);
            const EventRecord rec = record(payload, 7, 1, ptr, 1, 2);
            DecodedEvent e;
            BOOST_REQUIRE(dec.decode(rec, e));
            BOOST_TEST(e.problem == "");
            BOOST_TEST(e.decoded);
            BOOST_TEST(e.name() == "Test-Provider/Task T/Stop");
            BOOST_REQUIRE_EQUAL(e.fields.size(), 31u);
            BOOST_TEST(sval(field(e, "U")->value) == "h\xC3\xA9llo");
            BOOST_TEST(sval(field(e, "A")->value) == "ansi");
            BOOST_TEST(ival(field(e, "I8")->value) == -2);
            BOOST_TEST(uval(field(e, "U8")->value) == 200u);
            BOOST_TEST(ival(field(e, "I16")->value) == -2);
            BOOST_TEST(uval(field(e, "U16")->value) == 60000u);
            BOOST_TEST(ival(field(e, "I32")->value) == -3);
            BOOST_TEST(field(e, "I32")->value.size == 4);
            BOOST_TEST(uval(field(e, "U32")->value) == 4000000000u);
            BOOST_TEST(ival(field(e, "I64")->value) == -5);
            BOOST_TEST(uval(field(e, "U64")->value) == 18000000000000000000ull);
            BOOST_TEST(std::get<double>(field(e, "F")->value.scalar) == 1.5);
            BOOST_TEST(std::get<double>(field(e, "D")->value.scalar) == -2.25);
            BOOST_TEST(std::get<bool>(field(e, "B")->value.scalar));
            BOOST_TEST((field(e, "Bin")->value.bytes == std::vector<uint8_t>{0xAA, 0xBB, 0xCC}));
            BOOST_TEST(std::get<Guid>(field(e, "G")->value.scalar).to_string() ==
                       "12345678-1234-5678-0102-030405060708");
            const Value& p = field(e, "P")->value;
            BOOST_TEST((p.kind == ValueKind::HexInt));
            BOOST_TEST(p.size == ptr);
            BOOST_TEST(uval(p) == (ptr == 8 ? 0x1122334455667788ull : 0x55667788u));
            BOOST_TEST((field(e, "FT")->value.kind == ValueKind::FileTime));
            BOOST_TEST(uval(field(e, "FT")->value) == 129402940472257591ull);
            BOOST_TEST((field(e, "ST")->value.kind == ValueKind::SystemTime));
            BOOST_TEST(field(e, "ST")->value.bytes.size() == 16u);
            BOOST_TEST((field(e, "S")->value.kind == ValueKind::Sid));
            BOOST_TEST(field(e, "S")->value.bytes.size() == 16u);
            BOOST_TEST((field(e, "H32")->value.kind == ValueKind::HexInt));
            BOOST_TEST(uval(field(e, "H32")->value) == 0xDEADBEEFu);
            BOOST_TEST(uval(field(e, "H64")->value) == 0x123456789ull);
            BOOST_TEST(sval(field(e, "CS")->value) == "hi");
            BOOST_TEST(sval(field(e, "CA")->value) == "abc");
            BOOST_TEST((field(e, "CB")->value.bytes == std::vector<uint8_t>{9, 8}));
            BOOST_TEST((field(e, "UHex")->value.kind == ValueKind::HexInt));
            BOOST_TEST((field(e, "Ip")->value.kind == ValueKind::IPv4));
            BOOST_TEST((field(e, "Ip")->value.bytes == std::vector<uint8_t>{192, 168, 1, 2}));
            BOOST_TEST((field(e, "Port")->value.kind == ValueKind::Port));
            BOOST_TEST(uval(field(e, "Port")->value) == 8080u);
            BOOST_TEST((field(e, "Ip6")->value.kind == ValueKind::IPv6));
            BOOST_TEST(sval(field(e, "Fixed")->value) == "abc");
            BOOST_TEST(sval(field(e, "Latin")->value) == "caf\xC3\xA9");
        }
    }
}

BOOST_AUTO_TEST_CASE(counts_structs_maps_messages)
{
    const std::string body = R"XML(
<tasks><task name="Net" value="3"/></tasks>
<opcodes><opcode name="Go" value="11" message="$(string.go)"/></opcodes>
<maps>
 <valueMap name="Kind"><map value="0" message="$(string.small)"/><map value="1" message="$(string.large)"/></valueMap>
 <bitMap name="Flags"><map value="0x1" message="$(string.a)"/><map value="0x2" message="$(string.b)"/><map value="0x8" message="$(string.d)"/></bitMap>
</maps>
<templates><template tid="t">
 <data name="Count" inType="win:UInt16"/>
 <data name="Values" inType="win:UInt32" count="Count"/>
 <data name="Two" inType="win:UInt8" count="2"/>
 <struct name="Pairs" count="Count">
  <data name="Kind" inType="win:UInt8" map="Kind"/>
  <data name="Len" inType="win:UInt8"/>
  <data name="Name" inType="win:UnicodeString" length="Len"/>
 </struct>
 <data name="Flags" inType="win:UInt32" map="Flags"/>
 <data name="Flags0" inType="win:UInt32" map="Flags"/>
 <data name="Unmapped" inType="win:UInt8" map="Kind"/>
 <data name="Nothing" inType="win:UInt8" map="NoSuchMap"/>
</template></templates>
<events><event value="5" task="Net" opcode="Go" template="t" message="$(string.msg)"/></events>)XML";
    const std::string strings = R"XML(<string id="go" value="Going"/><string id="small" value="Small"/>
<string id="large" value="Large"/><string id="a" value="A"/><string id="b" value="B"/><string id="d" value="D"/>
<string id="msg" value="n=%1 flags=%5 pairs=%4."/>)XML";
    ManifestDecoder dec({manifest::parse_manifest(provider_xml(body, strings), "t.man")}, test_text);
    Bytes b;
    b.u16(2).u32(10).u32(20).u8(7).u8(8);
    b.u8(1).u8(2).wstr("ab", false).u8(0).u8(0);
    b.u32(0x1 | 0x8 | 0x40).u32(0).u8(9).u8(3);
    const EventRecord rec = record(b.b, 5, 0, 8, 3, 11);
    DecodedEvent e;
    BOOST_REQUIRE(dec.decode(rec, e));
    BOOST_TEST(e.problem == "");
    BOOST_TEST(e.name() == "Test-Provider/Net/Going");
    const Value& values = field(e, "Values")->value;
    BOOST_REQUIRE((values.kind == ValueKind::Array));
    BOOST_REQUIRE_EQUAL(values.items.size(), 2u);
    BOOST_TEST(uval(values.items[1]) == 20u);
    BOOST_TEST(field(e, "Two")->value.items.size() == 2u);
    const Value& pairs = field(e, "Pairs")->value;
    BOOST_REQUIRE_EQUAL(pairs.items.size(), 2u);
    BOOST_REQUIRE((pairs.items[0].kind == ValueKind::Struct));
    BOOST_TEST(sval(pairs.items[0].fields[0].value) == "Large");
    BOOST_TEST(sval(pairs.items[0].fields[2].value) == "ab");
    BOOST_TEST(sval(pairs.items[1].fields[0].value) == "Small");
    BOOST_TEST(sval(pairs.items[1].fields[2].value) == "");
    BOOST_TEST(sval(field(e, "Flags")->value) == "A, D, 0x40");
    BOOST_TEST(uval(field(e, "Flags0")->value) == 0u);  // no entry for 0
    BOOST_TEST(uval(field(e, "Unmapped")->value) == 9u);  // no entry: the number
    BOOST_TEST(uval(field(e, "Nothing")->value) == 3u);
    BOOST_TEST(e.message == "n=2 flags=A, D, 0x40 pairs=[2].");
}

BOOST_AUTO_TEST_CASE(short_payload_keeps_the_fields_before)
{
    ManifestDecoder dec({manifest::parse_manifest(provider_xml(kAllTypes), "all.man")});
    const std::vector<uint8_t> full = all_types_payload(8);
    for (size_t n = 0; n < full.size(); ++n) {
        const std::vector<uint8_t> cut(full.begin(), full.begin() + static_cast<long>(n));
        DecodedEvent e;
        BOOST_REQUIRE(dec.decode(record(cut, 7, 1), e));
        BOOST_TEST(e.decoded);
        // Strings without a terminator end at the payload's end, so only the fixed types complain.
        if (n > 20 && n < full.size() - 5) BOOST_TEST(!e.problem.empty(), "cut at " << n);
        BOOST_TEST(e.fields.size() <= 31u);
    }
    std::vector<uint8_t> cut(full.begin(), full.begin() + 12 + 5 + 1 + 1 + 2 + 2);  // U, A, I8, U8, I16, U16, then 1 byte
    cut.push_back(0);
    DecodedEvent e;
    dec.decode(record(cut, 7, 1), e);
    BOOST_TEST(e.fields.size() == 6u);
    BOOST_TEST(e.problem.find("field 'I32'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_version_or_id_gives_names_only)
{
    ManifestDecoder dec({manifest::parse_manifest(provider_xml(kAllTypes, "<string id=\"task\" value=\"Task T\"/>"), "all.man")});
    DecodedEvent e;
    BOOST_REQUIRE(dec.decode(record({1, 2, 3}, 7, 9, 8, 1, 1), e));
    BOOST_TEST(!e.decoded);
    BOOST_TEST(e.problem == "");
    BOOST_TEST(e.name() == "Test-Provider/Task T/Start");
    DecodedEvent u;
    BOOST_REQUIRE(dec.decode(record({}, 99, 0, 8, 0, 0), u));
    BOOST_TEST(u.name() == "Test-Provider/EventID(99)");
    // Other providers and other record kinds are left to the next decoder.
    EventRecord other = record({}, 7, 1);
    other.provider = Guid{};
    DecodedEvent o;
    BOOST_TEST(!dec.decode(other, o));
    EventRecord kernel = record({}, 7, 1);
    kernel.header_type = HeaderType::System64;
    BOOST_TEST(!dec.decode(kernel, o));
}

BOOST_AUTO_TEST_CASE(hostile_templates_do_not_crash)
{
    const std::string body = R"XML(
<templates><template tid="t">
 <data name="N" inType="win:UInt32"/>
 <data name="Many" inType="win:UInt8" count="N"/>
 <data name="Long" inType="win:UnicodeString" length="N"/>
 <data name="Blob" inType="win:Binary" length="N"/>
 <struct name="Empty" count="N"></struct>
 <data name="Nulls" inType="win:Null" count="N"/>
 <data name="Later" inType="win:UInt8" count="Missing"/>
</template></templates>
<events><event value="1" template="t"/></events>)XML";
    ManifestDecoder dec({manifest::parse_manifest(provider_xml(body), "h.man")});
    std::mt19937 rng(7);
    for (int i = 0; i < 2000; ++i) {
        std::vector<uint8_t> p(rng() % 24);
        for (auto& c : p) c = static_cast<uint8_t>(rng());
        if (i % 3 == 0 && p.size() >= 4) p[3] = p[2] = 0;
        DecodedEvent e;
        BOOST_REQUIRE(dec.decode(record(p, 1), e));
    }
    DecodedEvent e;
    dec.decode(record({0xFF, 0xFF, 0xFF, 0x7F}, 1), e);
    BOOST_TEST(e.problem.find("exceeds the payload") != std::string::npos);
    // Empty structs and Nulls with a huge count are stopped by the value budget.
    Bytes zero;
    zero.u32(0);
    dec.decode(record(zero.b, 1), e);
    BOOST_TEST(e.problem.find("Missing") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(eventsource_manifest_data_is_learned)
{
    const std::string xml = provider_xml(kAllTypes, "<string id=\"task\" value=\"Task T\"/>");
    EventSourceDecoder dec;
    // Before the manifest: not ours.
    const std::vector<uint8_t> payload = all_types_payload(8);
    DecodedEvent before;
    BOOST_TEST(!dec.decode(record(payload, 7, 1, 8, 1, 2), before));
    const size_t chunk = xml.size() / 3 + 1;
    std::vector<std::vector<uint8_t>> chunks;
    for (uint16_t n = 0; n < 3; ++n) {
        Bytes b;
        b.u8(1).u8(1).u8(0).u8(0x5B).u16(3).u16(n);
        b.str(xml.substr(n * chunk, chunk), false);
        chunks.push_back(b.b);
    }
    for (size_t n = 0; n < 3; ++n) {
        DecodedEvent m;
        BOOST_REQUIRE(dec.decode(record(chunks[n], 0xFFFE, 1, 8, 0xFFFE, 0xFE), m));
        BOOST_TEST(m.task == "ManifestData");
        BOOST_TEST(m.problem == "");
        BOOST_TEST(uval(field(m, "ChunkNumber")->value) == n);
    }
    BOOST_TEST(dec.learned().size() == 1u);
    BOOST_TEST(dec.errors().empty());
    DecodedEvent e;
    BOOST_REQUIRE(dec.decode(record(payload, 7, 1, 8, 1, 2), e));
    BOOST_TEST(e.name() == "Test-Provider/Task T/Stop");
    BOOST_TEST(e.fields.size() == 31u);
    // A bad envelope is reported, never thrown.
    DecodedEvent bad;
    BOOST_REQUIRE(dec.decode(record({1, 1, 0, 0x5C, 1, 0, 0, 0}, 0xFFFE, 1, 8, 0xFFFE, 0xFE), bad));
    BOOST_TEST(!bad.problem.empty());
    BOOST_REQUIRE(dec.decode(record({1, 1, 0, 0x5B, 1, 0, 5, 0}, 0xFFFE, 1, 8, 0xFFFE, 0xFE), bad));
    BOOST_TEST(!bad.problem.empty());
    BOOST_REQUIRE(dec.decode(record({1, 1}, 0xFFFE, 1, 8, 0xFFFE, 0xFE), bad));
    BOOST_TEST(!bad.problem.empty());
    // A manifest that does not parse is an error of the decoder, not of the trace.
    EventSourceDecoder broken;
    Bytes b;
    b.u8(1).u8(1).u8(0).u8(0x5B).u16(1).u16(0).str("<not xml", false);
    DecodedEvent m;
    EventRecord r = record(b.b, 0xFFFE, 1, 8, 0xFFFE, 0xFE);
    r.provider = *Guid::parse("99999999-2222-3333-4444-555555555555");
    BOOST_REQUIRE(broken.decode(r, m));
    BOOST_TEST(broken.errors().size() == 1u);
}

BOOST_AUTO_TEST_CASE(directory_loading)
{
    const fs::path dir = fs::temp_directory_path() / ("ts-man-" + std::to_string(::getpid()));
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "sub" / "good.man") << provider_xml(kAllTypes);
    std::ofstream(dir / "bad.xml") << "<broken";
    std::ofstream(dir / "ignored.txt") << "<broken";
    ManifestDecoder dec({dir.string()});
    BOOST_TEST(dec.manifests().size() == 1u);
    BOOST_REQUIRE_EQUAL(dec.load_errors().size(), 1u);
    BOOST_TEST(dec.load_errors()[0].find("bad.xml:") != std::string::npos);
    BOOST_CHECK_THROW(ManifestDecoder({(dir / "bad.xml").string()}), manifest::ManifestError);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
