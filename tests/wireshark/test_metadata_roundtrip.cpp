// Every kind of metadata the plugins write: encode -> decode gives back the original (wiretap and epan sides
// share these codecs; a change to one half shows up here).
#define BOOST_TEST_MODULE wsmeta_roundtrip
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/machine_info.hpp"
#include "traceshark/wsmeta/etl_machine.hpp"
#include "traceshark/wsmeta/pml_tables.hpp"
#include "traceshark/wsmeta/tracedat_formats.hpp"

using namespace traceshark::wsmeta;

namespace {

std::string binary(size_t n, unsigned seed)
{
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131u + seed * 7u) & 0xff);
    return s;
}

// Chunks through the assembler, in reverse order, as a merged capture may list them.
std::string through_chunks(uint64_t key, std::string_view kind, const std::string& blob)
{
    auto chunks = encode_metadata(key, kind, blob, 1000);
    MetaAssembler a;
    for (auto it = chunks.rbegin(); it != chunks.rend(); ++it) BOOST_TEST(a.add(it->name, it->description));
    std::string why;
    auto back = a.blob(key, kind, &why);
    BOOST_TEST_REQUIRE(back.has_value(), why);
    return *back;
}

}  // namespace

BOOST_AUTO_TEST_CASE(event_header)
{
    for (uint16_t family : {uint16_t{1}, uint16_t{2}, uint16_t{0xffff}}) {
        EventHeader h;
        h.family = family;
        h.flags = EventHeader::kFlagBigEndianData | EventHeader::kFlagLostEvents | EventHeader::kFlagNextRecord;
        h.cpu = 0xfffffffe;
        h.buffer = 3;
        h.next_record_size = 5;
        h.missed_events = -1;
        h.machine_key = 0x0123456789abcdefull;
        h.record_ref = ~uint64_t{0};
        std::vector<uint8_t> bytes(EventHeader::kSize + 5);
        h.encode(bytes.data());
        auto d = EventHeader::decode(bytes);
        BOOST_REQUIRE(d);
        BOOST_TEST((*d == h));
    }
}

BOOST_AUTO_TEST_CASE(machine_info)
{
    MachineInfo m{0xfedcba9876543210ull, "host;with=odd%chars\x01", "6.1.0-13-amd64",
                  "#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)", "x86_64", "local", "instance=1", 128};
    auto d = parse_record_interface_description(record_interface_description(m));
    BOOST_REQUIRE(d);
    BOOST_TEST((*d == m));
    m.version.clear();  // optional in the description
    d = parse_record_interface_description(record_interface_description(m));
    BOOST_REQUIRE(d);
    BOOST_TEST((*d == m));
}

BOOST_AUTO_TEST_CASE(metadata_chunk_names)
{
    for (std::string_view kind : {kKindFormats, kKindKallsyms, kKindPrintk, kKindCmdlines, kKindPmlTables, kKindEtlHeader}) {
        for (const MetaChunk& c : encode_metadata(42, kind, binary(5000, 1), 700)) {
            auto n = parse_meta_chunk_name(c.name);
            BOOST_REQUIRE(n);
            BOOST_TEST(n->key == 42u);
            BOOST_TEST(n->kind == kind);
            BOOST_TEST(n->index >= 1u);
            BOOST_TEST(n->index <= n->count);
        }
    }
}

BOOST_AUTO_TEST_CASE(text_metadata_blobs)
{
    const std::string kallsyms = "ffffffff81000000 T _text\nffffffff81001000 t do_one_initcall\n";
    const std::string printk = "0xffffffff82000000 : \"%s: done\\n\"\n";
    const std::string cmdlines = "1 systemd\n42 bash\n";
    BOOST_TEST(through_chunks(7, kKindKallsyms, kallsyms) == kallsyms);
    BOOST_TEST(through_chunks(7, kKindPrintk, printk) == printk);
    BOOST_TEST(through_chunks(7, kKindCmdlines, cmdlines) == cmdlines);
    BOOST_TEST(through_chunks(7, kKindCmdlines, "").empty());
}

BOOST_AUTO_TEST_CASE(tracedat_formats)
{
    TraceDatFormats f;
    f.params.big_endian = true;
    f.params.user_long_size = 4;
    f.params.kernel_long_size = 4;
    f.params.page_size = 65536;
    f.params.cpus = 3;
    f.params.clock_in_ns = false;
    f.params.file_version = 7;
    f.header_page = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n";
    f.header_event = "# compressed entry header\n";
    f.events = {{"sched", "name: sched_switch\nID: 316\n"}, {"ftrace", binary(300, 2)}, {"sched", "name: sched_wakeup\n"}};
    auto d = decode_formats(through_chunks(9, kKindFormats, encode_formats(f)));
    BOOST_REQUIRE(d);
    BOOST_TEST((*d == f));
    f.events.clear();
    d = decode_formats(encode_formats(f));
    BOOST_REQUIRE(d);
    BOOST_TEST((*d == f));

    std::string why;
    BOOST_TEST(!decode_formats("garbage", &why));
    BOOST_TEST(why == "the formats metadata is malformed");
    BOOST_TEST(!decode_formats(encode_parts({{"params", FormatParams{}.encode()}}), &why));
    BOOST_TEST(why == "the formats metadata lacks params or header_page");
}

BOOST_AUTO_TEST_CASE(pml_tables)
{
    for (unsigned width : {4u, 8u}) {
        PmlTables t;
        t.pointer_size = width;
        t.strings = binary(1000, width);
        t.processes = binary(3000, width + 1);
        t.hosts_and_ports = binary(10, width + 2);
        auto d = decode_pml_tables(through_chunks(11, kKindPmlTables, encode_pml_tables(t)));
        BOOST_REQUIRE(d);
        BOOST_TEST((*d == t));
    }
    BOOST_TEST(!decode_pml_tables("not parts"));
    auto empty = decode_pml_tables("");
    BOOST_REQUIRE(empty);
    BOOST_TEST((*empty == PmlTables{}));
}

BOOST_AUTO_TEST_CASE(etl_machine)
{
    // AMSITrace.etl's header (SOURCES.md): Win10 1903, 8 CPUs, 64-bit, 3 events lost; the time zone as UTF-8.
    EtlMachine m;
    m.os_major = 10;
    m.os_build = 18362;
    m.cpus = 8;
    m.cpu_mhz = 2808;
    m.pointer_size = 8;
    m.clock = "qpc";
    m.perf_freq = 10000000;
    m.tz_bias = -60;
    m.tz_standard_name = "Mitteleurop\xc3\xa4ische Zeit";
    m.session = "AMSITraceSession";
    m.log_file = "c:\\work\\AMSITrace.etl";
    m.start_ns = 1595400000123456700ull;
    m.end_ns = m.start_ns + 56707200;
    m.log_file_mode = 0x8000001;
    m.events_lost = 3;
    auto d = decode_etl_machine(through_chunks(7, kKindEtlHeader, encode_etl_machine(m)));
    BOOST_REQUIRE(d);
    BOOST_TEST((*d == m));
    m.pointer_size = 4;
    BOOST_TEST((*decode_etl_machine(encode_etl_machine(m)) == m));
    BOOST_TEST(!decode_etl_machine("not parts"));
    // Malformed numbers read as 0, an unknown pointer size as 8.
    auto odd = decode_etl_machine(encode_parts({{"cpus", "x8"}, {"pointer_size", "6"}, {"tz_bias", "-60"}}));
    BOOST_REQUIRE(odd);
    BOOST_TEST(odd->cpus == 0u);
    BOOST_TEST(odd->pointer_size == 8u);
    BOOST_TEST(odd->tz_bias == -60);
}
