// TraceLogging schemas and payloads built by hand: every InType, arities, structs, tags, OutType hints,
// malformed metadata and payloads; STRING_ONLY events.
#include <boost/test/unit_test.hpp>

#include "payload_builder.hpp"
#include "traceshark/etl/tracelogging_decoder.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;
namespace tl = traceshark::etl::tracelogging;

namespace {

// Schema blob: u16 size, tags, name, fields (each: name, in-meta [, out-meta [, tags]] [, count]).
struct SchemaBuilder {
    Bytes body;
    SchemaBuilder(const std::string& name, std::initializer_list<uint8_t> tags = {0})
    {
        body.raw(tags).utf8z(name);
    }
    SchemaBuilder& field(const std::string& name, uint8_t in, int out = -1, uint16_t count = 0,
                         std::initializer_list<uint8_t> field_tags = {})
    {
        body.utf8z(name);
        const bool has_out = out >= 0 || field_tags.size() != 0;
        body.u8(in | (has_out ? 0x80 : 0));
        if (has_out) {
            body.u8(static_cast<uint8_t>(out < 0 ? 0 : out) | (field_tags.size() ? 0x80 : 0));
            body.raw(field_tags);
        }
        if ((in & 0x60) == 0x20) body.u16(count);
        return *this;
    }
    std::vector<uint8_t> blob() const
    {
        Bytes b;
        b.u16(body.size() + 2);
        b.b.insert(b.b.end(), body.b.begin(), body.b.end());
        return b.b;
    }
};

std::vector<uint8_t> traits(const std::string& name)
{
    Bytes b;
    b.u16(2 + name.size() + 1).utf8z(name);
    return b.b;
}

struct Result {
    DecodedEvent ev;
    bool known = false;
    std::string operator[](const std::string& k) const
    {
        for (const Field& f : ev.fields)
            if (f.name == k) return f.value.to_string();
        return "<absent>";
    }
};

Result decode(const std::vector<uint8_t>& schema, const std::vector<uint8_t>& payload,
              const std::vector<uint8_t>& provider = traits("solar_system"), TraceLoggingDecoder* d = nullptr)
{
    EventRecord r;
    r.header_type = HeaderType::EventHeader64;
    r.pointer_size = 8;
    r.event_flags = 1;
    r.extended.push_back({ExtendedType::EventSchemaTl, schema});
    if (!provider.empty()) r.extended.push_back({ExtendedType::ProvTraits, provider});
    r.payload = payload;
    TraceLoggingDecoder local;
    Result res;
    res.known = (d ? d : &local)->decode(r, res.ev);
    return res;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tracelogging)

BOOST_AUTO_TEST_CASE(every_scalar_in_type)
{
    SchemaBuilder s("AllTypes");
    s.field("null", 0).field("ustr", 1).field("astr", 2).field("i8", 3).field("u8", 4).field("i16", 5);
    s.field("u16", 6).field("i32", 7).field("u32", 8).field("i64", 9).field("u64", 10).field("f", 11);
    s.field("d", 12).field("b", 13).field("bin", 14).field("g", 15).field("p", 16).field("ft", 17);
    s.field("st", 18).field("sid", 19).field("h32", 20).field("h64", 21).field("cstr", 22).field("castr", 23);
    s.field("cbin", 25);
    Bytes p;
    p.utf16("h").u16(0xE9).utf16z("llo").ansiz("ansi").u8(0xFF).u8(0xFF).u16(0xFFCD).u16(51).u32(0xFFFFFF9A).u32(102);
    p.u64(static_cast<uint64_t>(-204)).u64(204).u32(0x3FC00000).u64(0x3FF8000000000000ull).u32(1);
    p.u16(2).raw({0xde, 0xad});
    p.raw({0xc4, 0x14, 0xd6, 0x0a, 0xf4, 0x0e, 0x25, 0x42, 0x80, 0x13, 0xf4, 0x4f, 0x37, 0xcb, 0x03, 0x97});
    p.u64(0x7ff612345678ull).u64(116444736000000000ull);
    p.raw({0xe5, 7, 9, 0, 4, 0, 9, 0, 14, 0, 59, 0, 35, 0, 30, 0});
    p.raw({1, 1, 0, 0, 0, 0, 0, 5}).u32(18).u32(0xbeef).u64(0xfeedull).u16(4).utf16("ok").u16(3).raw({'a', 'b', 'c'});
    p.u16(1).u8(7);
    Result r = decode(s.blob(), p.b);
    BOOST_TEST(r.known);
    BOOST_TEST(r.ev.name() == "solar_system/AllTypes");
    BOOST_TEST(r.ev.problem == "");
    BOOST_TEST(r["null"] == "");
    BOOST_TEST(r["ustr"] == "h\xc3\xa9llo");
    BOOST_TEST(r["astr"] == "ansi");
    BOOST_TEST(r["i8"] == "-1");
    BOOST_TEST(r["u8"] == "255");
    BOOST_TEST(r["i16"] == "-51");
    BOOST_TEST(r["u16"] == "51");
    BOOST_TEST(r["i32"] == "-102");
    BOOST_TEST(r["u32"] == "102");
    BOOST_TEST(r["i64"] == "-204");
    BOOST_TEST(r["u64"] == "204");
    BOOST_TEST(r["f"] == "1.5");
    BOOST_TEST(r["d"] == "1.5");
    BOOST_TEST(r["b"] == "true");
    BOOST_TEST(r["bin"] == "0xdead");
    BOOST_TEST(r["g"] == "0ad614c4-0ef4-4225-8013-f44f37cb0397");
    BOOST_TEST(r["p"] == "0x7ff612345678");
    BOOST_TEST(r["ft"] == "1970-01-01T00:00:00.0000000Z");
    BOOST_TEST(r["st"] == "2021-09-09T14:59:35.030Z");
    BOOST_TEST(r["sid"] == "S-1-5-18");
    BOOST_TEST(r["h32"] == "0x0000beef");
    BOOST_TEST(r["h64"] == "0x0000feed");
    BOOST_TEST(r["cstr"] == "ok");
    BOOST_TEST(r["castr"] == "abc");
    BOOST_TEST(r["cbin"] == "0x07");
}

BOOST_AUTO_TEST_CASE(out_type_hints)
{
    SchemaBuilder s("Hints");
    s.field("port", 6, 7).field("ip4", 8, 8).field("ip6", 14, 9).field("hex", 8, 4).field("boolean", 4, 3);
    s.field("err", 8, 13).field("ft", 10, 16).field("utf8", 2, 0x23);
    Bytes p;
    p.be16(443).raw({192, 168, 1, 2}).u16(16).raw({0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    p.u32(255).u8(1).u32(5).u64(116444736000000000ull).raw({0xc3, 0xa9, 0});
    Result r = decode(s.blob(), p.b);
    BOOST_TEST(r.ev.problem == "");
    BOOST_TEST(r["port"] == "443");
    BOOST_TEST(r["ip4"] == "192.168.1.2");
    BOOST_TEST(r["ip6"] == "2001:db8::1");
    BOOST_TEST(r["hex"] == "0x000000ff");
    BOOST_TEST(r["boolean"] == "true");
    BOOST_TEST(r["err"] == "0x00000005");
    BOOST_TEST(r["ft"] == "1970-01-01T00:00:00.0000000Z");
    BOOST_TEST(r["utf8"] == "\xc3\xa9");
}

BOOST_AUTO_TEST_CASE(arrays_structs_tags)
{
    // Multi-byte event tags (0x81 0x02 = (1 << 7) | 2) and field tags; constant and variable counts; a struct
    // holding a struct; an array of structs; a UInt16 variable array with OutType String (AMSI's "Raw Script").
    SchemaBuilder s("Shapes", {0x81, 0x02});
    s.field("c3", 8 | 0x20, -1, 3).field("v", 6 | 0x40).field("tagged", 4, 0, 0, {0x8F, 0xFF, 0x7F});
    s.field("outer", 24, 2).field("x", 4).field("inner", 24, 1).field("y", 1);
    s.field("pts", 24 | 0x40, 2).field("px", 4).field("py", 4);
    s.field("raw", 6 | 0x40, 2).field("strs", 1 | 0x40);
    Bytes p;
    p.u32(1).u32(2).u32(3).u16(2).u16(10).u16(20).u8(9);
    p.u8(5).utf16z("deep");
    p.u16(2).u8(1).u8(2).u8(3).u8(4);
    p.u16(3).utf16("abc");
    p.u16(2).utf16z("s1").utf16z("s2");
    tl::Schema schema = tl::parse_schema(s.blob());
    BOOST_TEST(schema.tags == ((1u << 7) | 2u));
    BOOST_TEST(schema.problem == "");
    BOOST_REQUIRE(schema.fields.size() == 7u);
    BOOST_TEST(schema.fields[2].tags == ((0x0Fu << 14) | (0x7Fu << 7) | 0x7Fu));
    BOOST_TEST(schema.fields[3].members.size() == 2u);
    BOOST_TEST(schema.fields[3].members[1].members.size() == 1u);
    Result r = decode(s.blob(), p.b);
    BOOST_TEST(r.ev.problem == "");
    BOOST_TEST(r["c3"] == "[1, 2, 3]");
    BOOST_TEST(r["v"] == "[10, 20]");
    BOOST_TEST(r["tagged"] == "9");
    BOOST_TEST(r["outer"] == "{x=5, inner={y=deep}}");
    BOOST_TEST(r["pts"] == "[{px=1, py=2}, {px=3, py=4}]");
    BOOST_TEST(r["raw"] == "abc");
    BOOST_TEST(r["strs"] == "[s1, s2]");
}

BOOST_AUTO_TEST_CASE(names_provider_and_cache)
{
    SchemaBuilder s("Ev");
    s.field("n", 8);
    TraceLoggingDecoder d;
    Result a = decode(s.blob(), Bytes().u32(1).b, traits("P1"), &d);
    Result b = decode(s.blob(), Bytes().u32(2).b, traits("P1"), &d);
    BOOST_TEST(a.ev.name() == "P1/Ev");
    BOOST_TEST(b["n"] == "2");
    Result no_traits = decode(s.blob(), Bytes().u32(2).b, {}, &d);
    BOOST_TEST(no_traits.ev.provider == "00000000-0000-0000-0000-000000000000");
    // STRING_ONLY
    EventRecord r;
    r.header_type = HeaderType::EventHeader32;
    r.event_flags = 0x4;
    Bytes msg;
    msg.utf16z("hello world");
    r.payload = msg.b;
    DecodedEvent ev;
    BOOST_TEST(d.decode(r, ev));
    BOOST_TEST(ev.fields.at(0).value.to_string() == "hello world");
    BOOST_TEST(ev.message == "hello world");
    // A plain EVENT_HEADER event (manifest-based) is left to the next decoder.
    EventRecord plain;
    plain.header_type = HeaderType::EventHeader64;
    DecodedEvent untouched;
    BOOST_TEST(!d.decode(plain, untouched));
}

BOOST_AUTO_TEST_CASE(malformed_schemas_and_payloads_never_crash)
{
    SchemaBuilder s("Ev");
    s.field("a", 8).field("s", 1).field("arr", 8 | 0x40);
    const std::vector<uint8_t> blob = s.blob();
    // Short payload: a problem, the fields before it kept.
    Result r = decode(blob, Bytes().u32(7).b);
    BOOST_TEST(r["a"] == "7");
    BOOST_TEST(!r.ev.problem.empty());
    // Hostile count: 65535 elements announced, 8 bytes present.
    Result h = decode(blob, Bytes().u32(1).utf16z("x").u16(0xFFFF).u64(0).b);
    BOOST_TEST(!h.ev.problem.empty());
    // Leftover bytes are reported.
    BOOST_TEST(!decode(blob, Bytes().u32(1).utf16z("x").u16(0).u8(0).b).ev.problem.empty());
    // Every truncation of the schema blob, and the size field lying.
    for (size_t n = 0; n <= blob.size(); ++n) {
        std::vector<uint8_t> cut(blob.begin(), blob.begin() + static_cast<long>(n));
        decode(cut, Bytes().u32(1).b);
        std::vector<uint8_t> liar = cut;
        if (liar.size() >= 2) liar[0] = 0xFF, liar[1] = 0xFF;
        decode(liar, Bytes().u32(1).b);
    }
    // Unknown InType, custom arity.
    SchemaBuilder bad("Bad");
    bad.field("x", 30);
    BOOST_TEST(!decode(bad.blob(), {}).ev.problem.empty());
    // Deep nesting: 10000 nested structs are cut at kMaxNesting.
    SchemaBuilder deep("Deep");
    for (int i = 0; i < 10000; ++i) deep.field("s", 24, 1);
    deep.field("leaf", 4);
    Bytes dblob;
    std::vector<uint8_t> db = deep.blob();
    db[0] = 0xFF;
    db[1] = 0xFF;
    Result dr = decode(db, Bytes().u8(1).b);
    BOOST_TEST(!dr.ev.problem.empty());
    // Empty structs in a huge array of huge arrays: bounded by the value budget.
    SchemaBuilder empty("Empty");
    empty.field("a", 24 | 0x20, 1, 0xFFFF).field("b", 24 | 0x20, 0, 0xFFFF);
    Result er = decode(empty.blob(), {});
    BOOST_TEST(!er.ev.problem.empty());
}

BOOST_AUTO_TEST_SUITE_END()
