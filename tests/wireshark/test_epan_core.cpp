// The Wireshark-free part of the epan plugin: field typing and filter names, the field cache codec and file,
// tracefs format lines, and the MachineDirectory that indexes a capture's interface blocks.
#define BOOST_TEST_MODULE epan_core
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "chunked_vector.hpp"
#include "linux_field_cache.hpp"
#include "linux_field_type.hpp"
#include "machine_directory.hpp"
#include "tracefs_format.hpp"
#include "traceshark/wsmeta/machine_info.hpp"
#include "traceshark/wsmeta/pml_tables.hpp"
#include "traceshark/wsmeta/tracedat_formats.hpp"

using namespace traceshark::epan;
namespace wm = traceshark::wsmeta;

BOOST_AUTO_TEST_CASE(chunked_vector_keeps_elements_across_chunks)
{
    ChunkedVector<uint32_t, 4> v;  // chunks of 4: every boundary is exercised
    BOOST_TEST(v.empty());
    for (uint32_t i = 0; i < 11; ++i) v.push_back(i * 10 + 1);
    BOOST_TEST(v.size() == 11u);
    BOOST_TEST(v[0] == 1u);
    BOOST_TEST(v[3] == 31u);   // last of the first chunk
    BOOST_TEST(v[4] == 41u);   // first of the second
    BOOST_TEST(v[10] == 101u);
    BOOST_TEST(v.back() == 101u);
    const uint32_t* first = &v[0];
    for (uint32_t i = 0; i < 100; ++i) v.push_back(i);
    BOOST_TEST(&v[0] == first);  // appending never moves what is held
    BOOST_TEST(v[0] == 1u);
    BOOST_TEST(v[110] == 99u);
    v[5] = 7;
    BOOST_TEST(v[5] == 7u);
}

BOOST_AUTO_TEST_CASE(classify_integers_pointers_and_longs)
{
    auto t = classify("int", 4, true);
    BOOST_TEST((t.kind == FieldKind::Int && t.ft == FieldFt::Int32 && t.base == FieldBase::Dec && t.is_signed));
    t = classify("unsigned short", 2, false);
    BOOST_TEST((t.ft == FieldFt::Uint16 && t.base == FieldBase::Dec));
    t = classify("long long", 8, true);
    BOOST_TEST((t.ft == FieldFt::Int64 && t.base == FieldBase::Dec));
    // Pointers and longs: the unsigned hex pattern, still read as signed.
    t = classify("long", 8, true);
    BOOST_TEST((t.ft == FieldFt::Uint64 && t.base == FieldBase::Hex && t.is_signed));
    t = classify("void *", 4, false);
    BOOST_TEST((t.ft == FieldFt::Uint32 && t.base == FieldBase::Hex));
    t = classify("longevity_t", 1, false);  // "long" only as a word
    BOOST_TEST((t.ft == FieldFt::Uint8 && t.base == FieldBase::Dec));
    t = classify("u8", 3, false);  // no integer of that size
    BOOST_TEST((t.kind == FieldKind::Bytes && t.ft == FieldFt::Bytes && t.base == FieldBase::None));
}

BOOST_AUTO_TEST_CASE(classify_arrays_and_dynamic_fields)
{
    auto t = classify("char[16]", 16, false);
    BOOST_TEST((t.kind == FieldKind::String && t.ft == FieldFt::String && !t.dynamic));
    t = classify("unsigned char[6]", 6, false);
    BOOST_TEST((t.kind == FieldKind::Bytes && t.ft == FieldFt::Bytes));
    t = classify("__data_loc char[]", 4, false);
    BOOST_TEST((t.ft == FieldFt::String && t.dynamic && !t.relative));
    t = classify("__rel_loc const char[]", 4, false);
    BOOST_TEST((t.ft == FieldFt::String && t.dynamic && t.relative));
    t = classify("__data_loc u32[]", 4, false);
    BOOST_TEST((t.ft == FieldFt::Bytes && t.dynamic));
}

BOOST_AUTO_TEST_CASE(names_of_types_and_bases)
{
    for (FieldFt ft : {FieldFt::Int8, FieldFt::Int16, FieldFt::Int32, FieldFt::Int64, FieldFt::Uint8, FieldFt::Uint16,
                       FieldFt::Uint32, FieldFt::Uint64, FieldFt::String, FieldFt::Bytes}) {
        BOOST_REQUIRE(ft_name(ft));
        BOOST_TEST((ft_from_name(ft_name(ft)) == ft));
    }
    BOOST_TEST(!ft_name(FieldFt::None));
    BOOST_TEST(!ft_from_name("FT_DOUBLE"));
    for (FieldBase b : {FieldBase::None, FieldBase::Dec, FieldBase::Hex}) BOOST_TEST((base_from_name(base_name(b)) == b));
    BOOST_TEST(valid_combo(FieldFt::Uint32, FieldBase::Hex));
    BOOST_TEST(!valid_combo(FieldFt::Int32, FieldBase::Hex));  // Wireshark forbids hex signed fields
    BOOST_TEST(!valid_combo(FieldFt::String, FieldBase::Dec));
    BOOST_TEST(!valid_combo(FieldFt::None, FieldBase::None));
    BOOST_TEST(is_int_ft(FieldFt::Int8));
    BOOST_TEST(!is_int_ft(FieldFt::Bytes));
}

BOOST_AUTO_TEST_CASE(filter_names_are_sanitised)
{
    BOOST_TEST(sanitize("sched_switch") == "sched_switch");
    BOOST_TEST(sanitize("a-b.c d") == "a_b_c_d");
    BOOST_TEST(sanitize("") == "_");
    BOOST_TEST(filter_name("sched", "sched_switch", "prev_pid") == "linux_trace_event.data.sched.sched_switch.prev_pid");
    BOOST_TEST(filter_name("x.y", "", "f[0]") == "linux_trace_event.data.x_y._.f_0_");
}

BOOST_AUTO_TEST_CASE(cache_line_codec)
{
    const std::string l = cache_line("sched", "sched-switch", "prev_comm", FieldFt::String, FieldBase::None);
    BOOST_TEST(l == "sched sched_switch prev_comm FT_STRING BASE_NONE");
    auto c = parse_cache_line(l);
    BOOST_REQUIRE(c);
    BOOST_TEST(c->system == "sched");
    BOOST_TEST(c->event == "sched_switch");
    BOOST_TEST(c->field == "prev_comm");
    BOOST_TEST((c->ft == FieldFt::String && c->base == FieldBase::None));
    for (const char* bad : {"", "sched sched_switch prev_comm FT_STRING", "a b c FT_STRING BASE_NONE extra",
                            "a b c FT_INT32 BASE_HEX", "a b c FT_FLOAT BASE_DEC", "a b c- FT_STRING BASE_NONE"})
        BOOST_TEST(!parse_cache_line(bad), bad);
    BOOST_TEST(!parse_cache_line("a b " + std::string(2000, 'c') + " FT_BYTES BASE_NONE"));
}

BOOST_AUTO_TEST_CASE(cache_file_dedups_and_survives_torn_lines)
{
    char tmpl[] = "/tmp/epan-core-XXXXXX";
    BOOST_REQUIRE(mkdtemp(tmpl));
    const std::string path = std::string(tmpl) + "/sub/linux-fields.txt";
    {
        FieldCacheFile f(path);
        BOOST_TEST(f.load().empty());  // no file yet
        f.append({"a b c FT_INT32 BASE_DEC", "a b d FT_BYTES BASE_NONE"});
        f.append({"a b c FT_INT32 BASE_DEC"});  // known: not written twice
    }
    std::ofstream(path, std::ios::app) << "garbage without newline";
    {
        FieldCacheFile f(path);
        auto fields = f.load();
        BOOST_TEST(fields.size() == 2u);
        f.append({"x y z FT_UINT64 BASE_HEX"});  // after a newline: the torn line stays alone
    }
    FieldCacheFile f(path);
    auto fields = f.load();
    BOOST_REQUIRE(fields.size() == 3u);
    BOOST_TEST(fields[2].field == "z");
    BOOST_TEST(f.load().empty());  // the same lines again: nothing new
    std::filesystem::remove_all(tmpl);
}

BOOST_AUTO_TEST_CASE(tracefs_format_lines)
{
    const auto fields = parse_format_fields(
        "name: sched_switch\nID: 316\nformat:\n"
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:1;\n"
        "\tfield:__data_loc char[] name;\toffset:24;\tsize:4;\tsigned:0;\n"
        "\tfield:broken\n"
        "print fmt: \"%s\", REC->prev_comm\n");
    BOOST_REQUIRE(fields.size() == 3u);
    BOOST_TEST(fields[0].type == "unsigned short");
    BOOST_TEST(fields[0].name == "common_type");
    BOOST_TEST(fields[0].size == 2);
    BOOST_TEST(!fields[0].is_signed);
    BOOST_TEST(fields[1].type == "char[16]");
    BOOST_TEST(fields[1].name == "prev_comm");
    BOOST_TEST(fields[1].is_signed);
    BOOST_TEST(fields[2].type == "__data_loc char[]");
    BOOST_TEST(fields[2].name == "name");
}

namespace {

void add_chunks(MachineDirectory& dir, uint32_t& id, uint64_t key, std::string_view kind, const std::string& blob)
{
    for (const auto& c : wm::encode_metadata(key, kind, blob, 500)) dir.add_interface(id++, c.name, c.description);
}

}  // namespace

BOOST_AUTO_TEST_CASE(machine_directory_indexes_interfaces)
{
    wm::MachineInfo m;
    m.key = 0x42;
    m.host = "box";
    m.release = "6.1";
    m.arch = "x86_64";
    m.buffer = "top";
    MachineDirectory dir;
    dir.add_interface(0, wm::record_interface_name(m), wm::record_interface_description(m));
    dir.add_interface(1, "eth0", std::nullopt);        // not ours
    dir.add_interface(2, "eth1", "a network card");  // not ours either
    BOOST_TEST(dir.interfaces_seen() == 3u);
    BOOST_REQUIRE(dir.interface_machine(0));
    BOOST_TEST(dir.interface_machine(0)->host == "box");
    BOOST_TEST(!dir.interface_machine(1));
    BOOST_REQUIRE(dir.machine(0x42));
    BOOST_TEST(!dir.machine(0x43));
    BOOST_TEST(dir.machine_keys() == std::vector<uint64_t>{0x42});

    // No metadata yet: the reason, and a retry once the chunks arrive (interface blocks after records).
    std::string why;
    BOOST_TEST(!dir.renderer(0x42, &why));
    BOOST_TEST(why.find("no formats metadata") != std::string::npos);
    BOOST_TEST(!dir.pml_tables(0x42, &why));
    uint32_t id = 3;
    wm::TraceDatFormats f;
    f.header_page = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
                    "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
                    "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";
    add_chunks(dir, id, 0x42, wm::kKindFormats, wm::encode_formats(f));
    BOOST_TEST(dir.renderer(0x42, &why), why);
    add_chunks(dir, id, 0x42, wm::kKindPmlTables, "damaged");  // parses as no tables at all
    (void)dir.pml_tables(0x42, &why);                          // must not throw, whatever it concludes
}

BOOST_AUTO_TEST_CASE(machine_directory_tolerates_a_key_twice)
{
    wm::MachineInfo a;
    a.key = 7;
    a.host = "first";
    wm::MachineInfo b = a;
    b.host = "second";
    MachineDirectory dir;
    dir.add_interface(0, "first/top", wm::record_interface_description(a));
    dir.add_interface(1, "second/top", wm::record_interface_description(b));
    BOOST_TEST(dir.machine(7)->host == "first");  // merges: the first description wins
    BOOST_TEST(dir.interface_machine(1)->host == "second");
}
