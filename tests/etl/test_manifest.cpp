// The manifest parser: the corpus manifests (counts from tests/etl/manifest_counts.py, an independent
// xml.etree count), hand-written manifests for every construct, malformed and hostile documents.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "traceshark/etl/manifest.hpp"

#include "fixture.hpp"

namespace fs = std::filesystem;
using traceshark::etl::test::corpus_having;
using namespace traceshark::etl;
using namespace traceshark::etl::manifest;

namespace {

size_t count_items(const std::vector<DataItem>& items)
{
    size_t n = 0;
    for (const DataItem& d : items) n += 1 + count_items(d.members);
    return n;
}

// A small provider using every construct the parser models.
const char* kSample = R"XML(<?xml version="1.0" encoding="utf-8"?>
<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events"
    xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events">
 <instrumentation>
  <events>
   <provider name="Sample-Provider" guid="{11111111-2222-3333-4444-555555555555}" symbol="SAMPLE"
             message="$(string.provider)">
    <channels><channel chid="op" name="Sample-Provider/Operational" type="Operational"/></channels>
    <levels><level name="Chatty" value="17" message="$(string.level.chatty)"/></levels>
    <tasks>
     <task name="Connect" value="3" message="$(string.task.connect)">
      <opcodes><opcode name="Handshake" value="12" message="$(string.opcode.handshake)"/></opcodes>
     </task>
     <task name="NoMessage" value="4"/>
    </tasks>
    <opcodes><opcode name="Global" value="20" message="$(string.opcode.global)"/></opcodes>
    <keywords><keyword name="Net" mask="0x10" message="$(string.kw.net)"/><keyword name="Io" mask="0x20"/></keywords>
    <maps>
     <valueMap name="KindMap"><map value="0" message="$(string.map.small)"/><map value="0x1" message="$(string.map.large) "/></valueMap>
     <bitMap name="FlagsMap"><map value="0x1" message="$(string.bit.a)"/><map value="0x4" message="$(string.bit.c)"/></bitMap>
    </maps>
    <templates>
     <template tid="T1">
      <data name="Count" inType="win:UInt16"/>
      <data name="Values" inType="win:UInt32" count="Count" outType="win:HexInt32"/>
      <struct name="Pairs" count="2">
       <data name="Key" inType="win:UInt8" map="KindMap"/>
       <data name="Name" inType="win:AnsiString" length="3"/>
      </struct>
      <data name="Flags" inType="win:UInt32" map="FlagsMap"/>
      <UserData><Sample xmlns="x"><data name="NotAField" inType="win:UInt8"/></Sample></UserData>
     </template>
    </templates>
    <events>
     <event value="1" version="0" symbol="Ev1" task="Connect" opcode="Handshake" level="Chatty" channel="op"
            keywords="Net Io" template="T1" message="$(string.event.1)"/>
     <event value="1" version="2" task="Connect" opcode="win:Start" level="win:Informational" keywords="Net"/>
     <event value="2" task="NoMessage" opcode="Global" level="win:Error"/>
    </events>
   </provider>
  </events>
 </instrumentation>
 <localization>
  <resources culture="de-DE"><stringTable><string id="task.connect" value="Verbinden"/></stringTable></resources>
  <resources culture="en-US">
   <stringTable>
    <string id="provider" value="Sample provider"/>
    <string id="level.chatty" value="Chatty"/>
    <string id="task.connect" value="Connect Task"/>
    <string id="opcode.handshake" value="Handshake"/>
    <string id="opcode.global" value="GlobalOp"/>
    <string id="kw.net" value="Network"/>
    <string id="map.small" value="Small"/>
    <string id="map.large" value="Large"/>
    <string id="bit.a" value="A"/>
    <string id="bit.c" value="C"/>
    <string id="event.1" value="%1 values, flags %4%n"/>
   </stringTable>
  </resources>
 </localization>
</instrumentationManifest>
)XML";

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_parser)

BOOST_AUTO_TEST_CASE(sample_manifest_model)
{
    const Manifest m = parse_manifest(kSample, "sample.man");
    BOOST_REQUIRE_EQUAL(m.providers.size(), 1u);
    const Provider& p = m.providers[0];
    BOOST_TEST(p.name == "Sample-Provider");
    BOOST_TEST(p.guid.to_string() == "11111111-2222-3333-4444-555555555555");
    BOOST_TEST(p.message == "Sample provider");
    BOOST_REQUIRE_EQUAL(p.events.size(), 3u);
    const Event& e = p.events[0];
    BOOST_TEST(e.id == 1);
    BOOST_TEST(e.task == 3);
    BOOST_TEST(e.opcode == 12);
    BOOST_TEST(e.level == 17);
    BOOST_TEST(e.channel == 16);  // the provider's first own channel without a value
    BOOST_TEST(e.keywords == 0x30u);
    BOOST_TEST(e.template_index == 0);
    BOOST_TEST(e.message == "%1 values, flags %4%n");
    BOOST_TEST(p.events[1].version == 2);
    BOOST_TEST(p.events[1].opcode == 1);  // win:Start
    BOOST_TEST(p.events[1].level == 4);   // win:Informational
    BOOST_TEST(p.events[2].opcode == 20);
    BOOST_TEST(p.events[2].level == 2);
    BOOST_TEST(p.events[2].template_index == -1);
    // en-US strings win over the de-DE table that comes first.
    BOOST_TEST(p.find_task(3)->display() == "Connect Task");
    BOOST_TEST(p.find_task(4)->display() == "NoMessage");
    BOOST_TEST(p.find_opcode(3, 12)->display() == "Handshake");
    BOOST_TEST(p.find_opcode(4, 20)->display() == "GlobalOp");
    BOOST_TEST(p.find_opcode(4, 3)->display() == "DCStart");
    BOOST_TEST(p.find_opcode(4, 240)->display() == "Receive");
    BOOST_TEST(p.find_opcode(4, 77) == nullptr);
    BOOST_TEST(p.find_level(17)->display() == "Chatty");
    BOOST_TEST(p.find_level(4)->display() == "Information");
    BOOST_TEST(p.keywords[0].display() == "Network");
    BOOST_REQUIRE_EQUAL(p.maps.size(), 2u);
    BOOST_TEST(!p.maps[0].bitmap);
    BOOST_TEST(p.maps[1].bitmap);
    BOOST_TEST(p.maps[0].entries[1].message == "Large");  // trimmed
    const Template& t = p.templates[0];
    BOOST_REQUIRE_EQUAL(t.items.size(), 4u);  // UserData is not part of the layout
    BOOST_TEST((t.items[1].count.kind == SizeRef::Kind::Field));
    BOOST_TEST(t.items[1].count.field == "Count");
    BOOST_TEST((t.items[1].out_type == OutType::HexInt));
    BOOST_TEST((t.items[2].in_type == InType::Struct));
    BOOST_TEST(t.items[2].count.constant == 2u);
    BOOST_REQUIRE_EQUAL(t.items[2].members.size(), 2u);
    BOOST_TEST(t.items[2].members[0].map_index == 0);
    BOOST_TEST(t.items[2].members[1].length.constant == 3u);
    BOOST_TEST(t.items[3].map_index == 1);
    BOOST_TEST(p.find_event(1, 2) == &p.events[1]);
    BOOST_TEST(p.find_event(1, 1) == nullptr);
    BOOST_TEST(p.has_event_id(2));
}

BOOST_AUTO_TEST_CASE(every_in_type_name)
{
    const char* names[] = {"win:UnicodeString", "win:AnsiString", "win:Int8", "win:UInt8", "win:Int16",
                           "win:UInt16", "win:Int32", "win:UInt32", "win:Int64", "win:UInt64", "win:Float",
                           "win:Double", "win:Boolean", "win:Binary", "win:GUID", "win:Pointer", "win:FILETIME",
                           "win:SYSTEMTIME", "win:SID", "win:HexInt32", "win:HexInt64", "win:CountedString",
                           "win:CountedAnsiString", "win:CountedBinary"};
    for (const char* n : names) {
        InType t{};
        BOOST_TEST(parse_in_type(n, t), n);
    }
    InType t{};
    BOOST_TEST(!parse_in_type("win:Nope", t));
    BOOST_TEST((parse_out_type("win:Port") == OutType::Port));
    BOOST_TEST((parse_out_type("xs:unsignedInt") == OutType::Other));
    BOOST_TEST((parse_out_type("") == OutType::Default));
}

BOOST_AUTO_TEST_CASE(message_rendering)
{
    const std::vector<std::string> v{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"};
    BOOST_TEST(render_message("%1 and %2", v) == "a and b");
    BOOST_TEST(render_message("%11!s! %3!d!x", v) == "k cx");
    BOOST_TEST(render_message("100%% %t%r%n%b%.", v) == "100% \t\r\n .");
    BOOST_TEST(render_message("%9%12 end%", v) == "i end%");  // %12: no such insertion
    BOOST_TEST(render_message("%1!unterminated", v) == "a");
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_line)
{
    try {
        parse_manifest("<instrumentationManifest>\n<instrumentation>\n<events>\n<provider name=\"x\" guid=\"nope\"/>",
                       "bad.man");
        BOOST_FAIL("no error");
    } catch (const ManifestError& e) {
        BOOST_TEST(e.file() == "bad.man");
        BOOST_TEST(e.line() == 4u);
        BOOST_TEST(std::string(e.what()).find("bad.man:4:") == 0);
    }
    BOOST_CHECK_THROW(parse_manifest("<a><b></a>", "x"), ManifestError);
    BOOST_CHECK_THROW(parse_manifest("", "x"), ManifestError);
    BOOST_CHECK_THROW(parse_manifest("<a>&undefined;</a>", "x"), ManifestError);
    BOOST_CHECK_THROW(load_manifest_file("/nonexistent/file.man"), ManifestError);
    // A template reference that resolves to nothing is an error at the event's line.
    const std::string unknown_tid =
        "<m><instrumentation><events><provider name=\"p\" guid=\"{11111111-2222-3333-4444-555555555555}\">\n"
        "<events>\n<event value=\"1\" template=\"missing\"/></events></provider></events></instrumentation></m>";
    try {
        parse_manifest(unknown_tid, "t.man");
        BOOST_FAIL("no error");
    } catch (const ManifestError& e) {
        BOOST_TEST(e.line() == 3u);
    }
    const std::string bad_type =
        "<m><instrumentation><events><provider name=\"p\" guid=\"{11111111-2222-3333-4444-555555555555}\">"
        "<templates><template tid=\"t\"><data name=\"x\" inType=\"win:Weird\"/></template></templates>"
        "</provider></events></instrumentation></m>";
    BOOST_CHECK_THROW(parse_manifest(bad_type, "t.man"), ManifestError);
}

BOOST_AUTO_TEST_CASE(hostile_documents_are_bounded)
{
    // Entity expansion ("billion laughs") and DTDs are refused.
    const std::string laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
        "<l>&b;&b;&b;</l>";
    BOOST_CHECK_THROW(parse_manifest(laughs, "x"), ManifestError);
    // Deep nesting.
    std::string deep;
    for (int i = 0; i < 200; ++i) deep += "<a>";
    for (int i = 0; i < 200; ++i) deep += "</a>";
    BOOST_CHECK_THROW(parse_manifest(deep, "x"), ManifestError);
    // Structs nested too deep.
    std::string structs = "<m><instrumentation><events><provider name=\"p\" "
                          "guid=\"{11111111-2222-3333-4444-555555555555}\"><templates><template tid=\"t\">";
    for (int i = 0; i < 12; ++i) structs += "<struct name=\"s\">";
    for (int i = 0; i < 12; ++i) structs += "</struct>";
    structs += "</template></templates></provider></events></instrumentation></m>";
    BOOST_CHECK_THROW(parse_manifest(structs, "x"), ManifestError);
    // Too many data items in one template.
    std::string wide = "<m><instrumentation><events><provider name=\"p\" "
                       "guid=\"{11111111-2222-3333-4444-555555555555}\"><templates><template tid=\"t\">";
    for (int i = 0; i < 1100; ++i) wide += "<data name=\"d\" inType=\"win:UInt8\"/>";
    wide += "</template></templates></provider></events></instrumentation></m>";
    BOOST_CHECK_THROW(parse_manifest(wide, "x"), ManifestError);
    // Counts beyond 16 bits, numbers out of range.
    const std::string big_count =
        "<m><instrumentation><events><provider name=\"p\" guid=\"{11111111-2222-3333-4444-555555555555}\">"
        "<templates><template tid=\"t\"><data name=\"x\" inType=\"win:UInt8\" count=\"99999999\"/></template>"
        "</templates></provider></events></instrumentation></m>";
    BOOST_CHECK_THROW(parse_manifest(big_count, "x"), ManifestError);
    const std::string big_id =
        "<m><instrumentation><events><provider name=\"p\" guid=\"{11111111-2222-3333-4444-555555555555}\">"
        "<events><event value=\"70000\"/></events></provider></events></instrumentation></m>";
    BOOST_CHECK_THROW(parse_manifest(big_id, "x"), ManifestError);
    // Every prefix of a valid manifest either parses or throws ManifestError: never anything else.
    const std::string sample = kSample;
    for (size_t n = 0; n < sample.size(); n += 7) {
        try {
            parse_manifest(std::string_view(sample).substr(0, n), "prefix");
        } catch (const ManifestError&) {
        }
    }
}

BOOST_AUTO_TEST_CASE(corpus_manifests_parse_with_independent_counts)
{
    const std::string dir = corpus_having("expected/manifests");
    if (dir.empty()) return;
    struct Expect {
        const char* file;
        size_t providers, events, templates, maps, items, tasks, opcodes;
    };
    // tests/etl/manifest_counts.py (xml.etree) on the corpus: providers events templates maps data-items
    // (struct members included) tasks opcodes.
    const Expect expect[] = {
        {"manifests/ClrEtwAll.man", 4, 430, 209, 43, 1104, 55, 250},
        {"manifests/Manifests-Win10-18990__Microsoft-Windows-HttpService.xml", 1, 107, 78, 3, 325, 12, 101},
        {"manifests/Manifests-Win10-18990__Microsoft-Windows-Kernel-File.xml", 1, 43, 14, 0, 84, 24, 0},
        {"manifests/Manifests-Win10-18990__Microsoft-Windows-Kernel-Network.xml", 1, 22, 7, 0, 68, 2, 12},
        {"manifests/Manifests-Win10-18990__Microsoft-Windows-Kernel-Process.xml", 1, 40, 24, 1, 185, 19, 0},
        {"manifests/Manifests-Win10-18990__Microsoft-Windows-NDIS-PacketCapture.xml", 1, 20, 13, 4, 61, 4, 3},
        {"manifests/Manifests-Win10-18990__Microsoft-Windows-PowerShell.xml", 1, 188, 81, 4, 238, 13, 27},
        {"manifests/Manifests-Win10-18990__Microsoft-Windows-WinRM.xml", 1, 166, 65, 0, 153, 18, 0},
        {"manifests/Manifests-Win7-7600__Microsoft-Windows-HttpService.xml", 1, 90, 63, 3, 236, 11, 85},
        {"manifests/Manifests-Win7-7600__Microsoft-Windows-Kernel-File.xml", 1, 21, 8, 0, 44, 20, 0},
        {"manifests/Manifests-Win7-7600__Microsoft-Windows-Kernel-Network.xml", 1, 22, 7, 0, 68, 2, 12},
        {"manifests/Manifests-Win7-7600__Microsoft-Windows-Kernel-Process.xml", 1, 13, 8, 0, 70, 10, 0},
        {"manifests/Manifests-Win7-7600__Microsoft-Windows-NDIS-PacketCapture.xml", 1, 17, 10, 3, 36, 4, 3},
        {"manifests/Manifests-Win7-7600__Microsoft-Windows-PowerShell.xml", 1, 58, 25, 5, 87, 3, 11},
        {"manifests/Manifests-Win7-7600__Microsoft-Windows-WinRM.xml", 1, 205, 45, 0, 117, 14, 0},
        {"tx/HTTP_Server.man", 1, 85, 62, 3, 222, 11, 85},
    };
    for (const Expect& x : expect) {
        BOOST_TEST_CONTEXT(x.file)
        {
            const Manifest m = load_manifest_file(dir + "/expected/" + x.file);
            size_t events = 0, templates = 0, maps = 0, items = 0, tasks = 0, opcodes = 0;
            for (const Provider& p : m.providers) {
                events += p.events.size();
                templates += p.templates.size();
                maps += p.maps.size();
                tasks += p.tasks.size();
                opcodes += p.opcodes.size();
                for (const Task& t : p.tasks) opcodes += t.opcodes.size();
                for (const Template& t : p.templates) items += count_items(t.items);
                // Every event with a template names one of them; every mapped item found its map.
                for (const Event& e : p.events) BOOST_TEST(e.template_index < static_cast<int>(p.templates.size()));
            }
            BOOST_TEST(m.providers.size() == x.providers);
            BOOST_TEST(events == x.events);
            BOOST_TEST(templates == x.templates);
            BOOST_TEST(maps == x.maps);
            BOOST_TEST(items == x.items);
            BOOST_TEST(tasks == x.tasks);
            BOOST_TEST(opcodes == x.opcodes);
        }
    }
    // Facts checked by hand in the files.
    const Manifest clr = load_manifest_file(dir + "/expected/manifests/ClrEtwAll.man");
    BOOST_TEST(clr.providers[0].name == "Microsoft-Windows-DotNETRuntime");
    BOOST_TEST(clr.providers[0].guid.to_string() == "e13c0d23-ccbc-4e12-931b-d9cc2eee27e4");
    const Task* gc = clr.providers[0].find_task(1);
    BOOST_REQUIRE(gc);
    BOOST_TEST(gc->name == "GarbageCollection");
    BOOST_TEST(gc->display() == "GC");
    BOOST_TEST(clr.providers[0].find_opcode(1, 11)->display() == "AllocationTick");
    BOOST_TEST(clr.providers[0].find_opcode(1, 19)->display() == "FinalizersStart");
    const Manifest http = load_manifest_file(dir + "/expected/tx/HTTP_Server.man");
    BOOST_TEST(http.providers[0].find_task(1)->display() == "HTTP Request Trace Task");
}

BOOST_AUTO_TEST_SUITE_END()
