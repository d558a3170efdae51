// KernelTraceControl's ImageID and MetaData events on hand-built payloads: TDH's TRACE_EVENT_INFO and
// EVENT_MAP_INFO as documented (tdh.h layouts, offsets in trace_event_info.cpp), the ImageID layouts of
// TraceEvent's SymbolTraceEventParser, and what happens with damaged ones.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "traceshark/etl/kernel_trace_control.hpp"

using namespace traceshark::etl;
namespace ktc = traceshark::etl::kernel_trace_control;

namespace {

void put16(std::vector<uint8_t>& b, size_t at, uint16_t v)
{
    b[at] = static_cast<uint8_t>(v);
    b[at + 1] = static_cast<uint8_t>(v >> 8);
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void append16(std::vector<uint8_t>& b, uint16_t v) { b.push_back(uint8_t(v)), b.push_back(uint8_t(v >> 8)); }
void append32(std::vector<uint8_t>& b, uint32_t v)
{
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void append64(std::vector<uint8_t>& b, uint64_t v)
{
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void append_utf16z(std::vector<uint8_t>& b, const std::string& s)
{
    for (char c : s) append16(b, static_cast<uint8_t>(c));
    append16(b, 0);
}

const Guid kProvider = *Guid::parse("01020304-0506-0708-090a-0b0c0d0e0f10");

struct Prop {
    uint32_t flags;
    std::string name;
    uint16_t in_type, out_type;
    std::string map;
    uint16_t count, length;
    uint16_t struct_start = 0, struct_members = 0;
};

// A TRACE_EVENT_INFO: header (112 bytes), EVENT_PROPERTY_INFO[props] (24 bytes each), then the strings.
std::vector<uint8_t> event_info(const std::vector<Prop>& props, uint32_t top_level, const std::string& task = "T",
                                const std::string& opcode = "win:Start")
{
    std::vector<uint8_t> b(112 + 24 * props.size());
    std::vector<uint8_t> strings;
    auto add = [&](const std::string& s) -> uint32_t {
        if (s.empty()) return 0;
        const uint32_t off = static_cast<uint32_t>(b.size() + strings.size());
        append_utf16z(strings, s);
        return off;
    };
    const uint8_t g[16] = {4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16};  // kProvider on disk
    std::memcpy(b.data(), g, 16);
    put16(b, 32, 7);   // Id
    b[37] = 1;         // Opcode
    put16(b, 38, 3);   // Task
    put32(b, 52, add("Seed Provider"));
    put32(b, 68, add(task));
    put32(b, 72, add(opcode));
    put32(b, 100, static_cast<uint32_t>(props.size()));
    put32(b, 104, top_level);
    for (size_t i = 0; i < props.size(); ++i) {
        const Prop& p = props[i];
        const size_t at = 112 + 24 * i;
        put32(b, at, p.flags);
        put32(b, at + 4, add(p.name));
        if (p.flags & 1) {
            put16(b, at + 8, p.struct_start);
            put16(b, at + 10, p.struct_members);
        } else {
            put16(b, at + 8, p.in_type);
            put16(b, at + 10, p.out_type);
            put32(b, at + 12, add(p.map));
        }
        put16(b, at + 16, p.count);
        put16(b, at + 18, p.length);
    }
    b.insert(b.end(), strings.begin(), strings.end());
    return b;
}

// GUID + EVENT_MAP_INFO with manifest value-map entries.
std::vector<uint8_t> map_info(const std::string& name, const std::vector<std::pair<uint32_t, std::string>>& entries)
{
    std::vector<uint8_t> m(16 + 8 * entries.size());
    std::vector<uint8_t> strings;
    auto add = [&](const std::string& s) {
        const uint32_t off = static_cast<uint32_t>(m.size() + strings.size());
        append_utf16z(strings, s);
        return off;
    };
    put32(m, 0, add(name));
    put32(m, 4, 1);  // EVENTMAP_INFO_FLAG_MANIFEST_VALUEMAP
    put32(m, 8, static_cast<uint32_t>(entries.size()));
    for (size_t i = 0; i < entries.size(); ++i) {
        put32(m, 16 + 8 * i, add(entries[i].second + " "));  // TDH keeps the manifest's trailing space
        put32(m, 16 + 8 * i + 4, entries[i].first);
    }
    m.insert(m.end(), strings.begin(), strings.end());
    std::vector<uint8_t> b = {4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16};
    b.insert(b.end(), m.begin(), m.end());
    return b;
}

// n:UInt32, arr:UInt16[n], kind:UInt32 (map "M"), s:UnicodeString, st{a:UInt8, b:UInt8}
std::vector<Prop> seed_props()
{
    return {
        {0, "n", 8, 0, "", 0, 4},
        {0x4, "arr", 6, 0, "", 0, 2},  // ParamCount: property 0
        {0, "kind", 8, 0, "M", 0, 4},
        {0, "s", 1, 0, "", 0, 0},
        {0x1, "st", 0, 0, "", 0, 0, 5, 2},
        {0, "a", 4, 0, "", 0, 1},
        {0, "b", 4, 0, "", 0, 1},
    };
}

EventRecord metadata_record(uint8_t opcode, const std::vector<uint8_t>& payload)
{
    EventRecord r;
    r.header_type = HeaderType::Full64;
    r.provider = ktc::metadata_class();
    r.descriptor.opcode = opcode;
    r.payload = payload;
    return r;
}

std::string text_of(const DecodedEvent& e, const std::string& field)
{
    for (const Field& f : e.fields)
        if (f.name == field) return f.value.to_string();
    return "<none>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(perfview_kernel_trace_control)

BOOST_AUTO_TEST_CASE(event_info_becomes_a_template)
{
    ktc::EventSchema s;
    std::string problem;
    BOOST_REQUIRE(ktc::parse_event_info(event_info(seed_props(), 5), s, problem));
    BOOST_TEST(problem.empty());
    BOOST_TEST(s.problem.empty());
    BOOST_TEST(s.provider.to_string() == kProvider.to_string());
    BOOST_TEST(s.provider_name == "Seed Provider");
    BOOST_TEST(s.task_name == "T");
    BOOST_TEST(s.opcode_name == "Start");  // "win:" dropped, as TraceEvent does
    BOOST_TEST(s.descriptor.id == 7u);
    BOOST_TEST(s.descriptor.task == 3u);
    BOOST_REQUIRE(s.tmpl.items.size() == 5u);
    BOOST_TEST(s.tmpl.items[1].count.field == "n");
    BOOST_TEST(s.tmpl.items[2].map == "M");
    BOOST_TEST(s.tmpl.items[4].members.size() == 2u);
    BOOST_TEST(!s.tmpl.items[0].length.present());  // an integer's own width is not a length
}

BOOST_AUTO_TEST_CASE(learned_schema_decodes_later_events)
{
    TraceMetadataDecoder d;
    const std::vector<uint8_t> info = event_info(seed_props(), 5), map = map_info("M", {{1, "one"}, {2, "two"}});
    DecodedEvent meta;
    BOOST_REQUIRE(d.decode(metadata_record(32, info), meta));
    BOOST_TEST(meta.name() == "KernelTraceControl/MetaData/EventInfo");
    BOOST_TEST(meta.problem.empty());
    DecodedEvent mapev;
    BOOST_REQUIRE(d.decode(metadata_record(33, map), mapev));
    BOOST_TEST(mapev.name() == "KernelTraceControl/MetaData/EventMapInfo");
    BOOST_TEST(d.schemas() == 1u);

    std::vector<uint8_t> payload;
    append32(payload, 2);
    append16(payload, 5);
    append16(payload, 6);
    append32(payload, 2);
    append_utf16z(payload, "hi");
    payload.push_back(1);
    payload.push_back(2);
    EventRecord ev;
    ev.header_type = HeaderType::EventHeader64;
    ev.provider = kProvider;
    ev.descriptor.id = 7;
    ev.descriptor.opcode = 1;
    ev.descriptor.task = 3;
    ev.payload = payload;
    DecodedEvent e;
    BOOST_REQUIRE(d.decode(ev, e));
    BOOST_TEST(e.name() == "Seed Provider/T/Start");
    BOOST_TEST(e.decoded);
    BOOST_TEST(e.problem.empty());
    BOOST_TEST(text_of(e, "n") == "2");
    BOOST_TEST(text_of(e, "arr") == "[5, 6]");
    BOOST_TEST(text_of(e, "kind") == "two");  // the map arrived after the schema; the entry is trimmed
    BOOST_TEST(text_of(e, "s") == "hi");
    BOOST_TEST(text_of(e, "st") == "{a=1, b=2}");

    // An event of another id is not this decoder's.
    ev.descriptor.id = 8;
    DecodedEvent other;
    BOOST_TEST(!d.decode(ev, other));
}

BOOST_AUTO_TEST_CASE(damaged_event_info_is_reported)
{
    std::string problem;
    ktc::EventSchema s;
    std::vector<uint8_t> info = event_info(seed_props(), 5);
    // Shorter than the header.
    BOOST_TEST(!ktc::parse_event_info(std::span(info).first(100), s, problem));
    BOOST_TEST(problem.find("112-byte header") != std::string::npos);
    // A property array that does not fit.
    std::vector<uint8_t> big = info;
    put32(big, 100, 100000);
    BOOST_TEST(!ktc::parse_event_info(big, s, problem));
    BOOST_TEST(problem.find("does not fit") != std::string::npos);
    // A provider name offset outside the buffer.
    std::vector<uint8_t> bad_name = info;
    put32(bad_name, 52, 0xFFFFFF);
    BOOST_TEST(!ktc::parse_event_info(bad_name, s, problem));
    BOOST_TEST(problem.find("outside") != std::string::npos);
    // A count taken from a later property: the template stops there, with the reason.
    std::vector<Prop> later = seed_props();
    later[1].count = 3;
    ktc::EventSchema s2;
    BOOST_REQUIRE(ktc::parse_event_info(event_info(later, 5), s2, problem));
    BOOST_TEST(s2.tmpl.items.size() == 1u);
    BOOST_TEST(s2.problem.find("not an earlier one") != std::string::npos);
    // A struct whose members include itself: rejected, not recursed into forever.
    std::vector<Prop> loop = seed_props();
    loop[4].struct_start = 4;
    loop[4].struct_members = 1;
    ktc::EventSchema s3;
    BOOST_REQUIRE(ktc::parse_event_info(event_info(loop, 5), s3, problem));
    BOOST_TEST(!s3.problem.empty());
    // An in-type the decoder does not read ends the template.
    std::vector<Prop> odd = seed_props();
    odd[3].in_type = 300;  // TDH_INTYPE_COUNTEDSTRING and friends
    ktc::EventSchema s4;
    BOOST_REQUIRE(ktc::parse_event_info(event_info(odd, 5), s4, problem));
    BOOST_TEST(s4.tmpl.items.size() == 3u);
    BOOST_TEST(s4.problem.find("in-type 300") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(damaged_map_info_is_reported)
{
    Guid g;
    manifest::Map m;
    std::string problem;
    std::vector<uint8_t> map = map_info("M", {{1, "one"}});
    BOOST_TEST(!ktc::parse_map_info(std::span(map).first(20), g, m, problem));
    std::vector<uint8_t> many = map;
    put32(many, 16 + 8, 1u << 30);  // EntryCount
    BOOST_TEST(!ktc::parse_map_info(many, g, m, problem));
    BOOST_TEST(problem.find("entries does not fit") != std::string::npos);
    std::vector<uint8_t> pattern = map;
    put32(pattern, 16 + 4, 4);  // a pattern map: TraceEvent reads manifest value/bit maps only
    BOOST_TEST(!ktc::parse_map_info(pattern, g, m, problem));
    // The decoder names the event and says why it learned nothing.
    TraceMetadataDecoder d;
    DecodedEvent e;
    BOOST_REQUIRE(d.decode(metadata_record(33, many), e));
    BOOST_TEST(e.name() == "KernelTraceControl/MetaData/EventMapInfo");
    BOOST_TEST(!e.problem.empty());
}

BOOST_AUTO_TEST_CASE(image_id_layouts)
{
    auto d = make_image_id_decoder();
    EventRecord r;
    r.header_type = HeaderType::Full64;
    r.provider = ktc::image_id_class();
    // DbgID_RSDS, 64-bit: ImageBase, ProcessID (not shown), GuidSig, Age, PDB name (UTF-8).
    std::vector<uint8_t> p;
    append64(p, 0x77710000);
    append32(p, 4);
    const uint8_t g[16] = {0xdf, 0xd8, 0x83, 0xec, 0x59, 0x55, 0xe0, 0x46, 0, 1, 2, 3, 4, 5, 6, 7};
    p.insert(p.end(), g, g + 16);
    append32(p, 2);
    for (char c : std::string("wntdll.pdb")) p.push_back(static_cast<uint8_t>(c));
    p.push_back(0);
    r.descriptor.opcode = 36;
    r.payload = p;
    DecodedEvent e;
    BOOST_REQUIRE(d->decode(r, e));
    BOOST_TEST(e.name() == "KernelTraceControl/ImageID/DbgID_RSDS");
    BOOST_TEST(e.problem.empty());
    BOOST_TEST(text_of(e, "ImageBase") == "0x77710000");
    BOOST_TEST(text_of(e, "GuidSig") == "ec83d8df-5559-46e0-0001-020304050607");
    BOOST_TEST(text_of(e, "Age") == "2");
    BOOST_TEST(text_of(e, "PDBFileName") == "wntdll.pdb");

    // ImageID (opcode 0), 32-bit: pointer-sized ImageBase and ImageSize; BuildTime from TimeDateStamp.
    std::vector<uint8_t> q;
    append32(q, 0x10000000);
    append32(q, 0x5000);
    append32(q, 0);
    append32(q, 1343270522);  // 2012-07-26 02:42:02 UTC
    append_utf16z(q, "ntdll.dll");
    r.descriptor.opcode = 0;
    r.pointer_size = 4;
    r.header_type = HeaderType::Full32;
    r.payload = q;
    DecodedEvent e2;
    BOOST_REQUIRE(d->decode(r, e2));
    BOOST_TEST(e2.name() == "KernelTraceControl/ImageID");
    BOOST_TEST(text_of(e2, "ImageSize") == "20480");
    BOOST_TEST(text_of(e2, "BuildTime").rfind("2012-07-26T02:42:02", 0) == 0);
    BOOST_TEST(text_of(e2, "OriginalFileName") == "ntdll.dll");

    // Too short for its layout: named, with the problem.
    r.payload = std::span(q).first(6);
    DecodedEvent e3;
    BOOST_REQUIRE(d->decode(r, e3));
    BOOST_TEST(e3.problem.find("too short") != std::string::npos);

    // Not an ImageID class: not this decoder's.
    r.provider = ktc::metadata_class();
    DecodedEvent e4;
    BOOST_TEST(!d->decode(r, e4));
}

BOOST_AUTO_TEST_SUITE_END()
