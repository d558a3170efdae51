// The compiled print formats against libtraceevent: every record of every fixture and corpus capture is
// rendered twice, by a ReportFormatter using compiled formats and by one using libtraceevent only, and the
// two texts must be equal; a difference names the format and the record.
#include <boost/test/unit_test.hpp>

#include <traceevent/event-parse.h>

#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "test_support.hpp"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"

using namespace traceshark::tracecmd;
using traceshark::test::fixtures;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> captures()
{
    std::vector<fs::path> files;
    for (const char* name : {"v6.dat", "v7-none.dat", "v7-zstd.dat", "v7-zstd-multibuf.dat", "other-host.dat"})
        files.push_back(fixtures() / name);
    if (const char* corpus = std::getenv("TRACESHARK_CORPUS")) {
        for (const char* sub : {"tracecmd", "tracecmd-recorded"}) {
            const fs::path dir = fs::path(corpus) / sub;
            if (!fs::is_directory(dir)) continue;
            for (const auto& e : fs::recursive_directory_iterator(dir))
                if (e.is_regular_file() && e.path().extension() == ".dat") files.push_back(e.path());
        }
    }
    // more captures to compare, e.g. the bench recordings: TRACESHARK_COMPARE_FILES=a.dat:b.dat
    if (const char* more = std::getenv("TRACESHARK_COMPARE_FILES")) {
        std::stringstream list(more);
        for (std::string p; std::getline(list, p, ':');)
            if (!p.empty()) files.emplace_back(p);
    }
    return files;
}

struct Comparison {
    size_t records = 0, compiled_records = 0;
    std::set<std::string> compiled_formats, mismatched_formats;
    std::map<std::string, size_t> reference_records;  // records of the formats left to libtraceevent
};

// Renders each record with both formatters; both see the same records in the same order, so the state the
// plugins keep (the sched plugin's command names) is the same for both.
Comparison compare(const fs::path& path)
{
    auto fast_file = TraceFile::open(path.string());
    auto ref_file = TraceFile::open(path.string());
    ReportFormatter fast(*fast_file), ref(*ref_file);
    ref.set_compiled_formats(false);
    EventReader fast_reader(*fast_file), ref_reader(*ref_file);
    Comparison c;
    std::string a, b;
    std::map<std::string, int> reported;
    while (const Record* r = ref_reader.next()) {
        const Record* f = fast_reader.next();
        BOOST_REQUIRE(f);
        ++c.records;
        tep_event* ev = fast_file->formats().find(fast_file->event_id(*f));
        const std::string name = ev ? std::string(ev->system) + ":" + ev->name : "(no format)";
        // compiled at first use, and kept unless a handler turns out to print the whole text
        const bool compiled = ev && fast.uses_compiled_format(ev->id);
        fast.format_info(*f, a);
        ref.format_info(*r, b);
        if (compiled && fast.uses_compiled_format(ev->id)) {
            ++c.compiled_records;
            c.compiled_formats.insert(name);
        } else {
            ++c.reference_records[name];
        }
        if (a != b) {
            c.mismatched_formats.insert(name);
            if (reported[name]++ < 3)
                BOOST_ERROR(path.filename().string() << ": format " << name << ", record at offset 0x" << std::hex
                                                     << f->ref.position() << std::dec << ":\n  compiled:       " << a
                                                     << "\n  libtraceevent:  " << b);
        }
    }
    BOOST_TEST(!fast_reader.next());
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compiled_print)

BOOST_AUTO_TEST_CASE(compiled_formats_print_what_libtraceevent_prints)
{
    size_t records = 0, compiled = 0;
    std::set<std::string> formats;
    std::map<std::string, size_t> left;
    for (const fs::path& p : captures()) {
        BOOST_TEST_CONTEXT(p.string())
        {
            const Comparison c = compare(p);
            BOOST_TEST(c.mismatched_formats.empty());
            records += c.records;
            compiled += c.compiled_records;
            formats.insert(c.compiled_formats.begin(), c.compiled_formats.end());
            for (const auto& [name, n] : c.reference_records) left[name] += n;
        }
    }
    BOOST_TEST_MESSAGE(compiled << " of " << records << " records rendered by " << formats.size()
                                << " compiled formats; left to libtraceevent:");
    for (const auto& [name, n] : left)
        if (!formats.count(name)) BOOST_TEST_MESSAGE("  " << name << ": " << n << " records");
    // The comparison means something only if the compiled path is taken, for the formats that fill captures.
    BOOST_TEST(compiled * 2 > records);
    for (const auto& name : formats) BOOST_TEST_MESSAGE("  compiled: " << name);
    for (const char* name : {"sched:sched_waking", "sched:sched_stat_runtime", "irq:softirq_entry", "syscalls:sys_enter_read", "sched:sched_process_fork"})
        if (formats.count(name) || left.count(name))  // present in these captures (the corpus may be absent)
            BOOST_TEST(formats.count(name), name << " is rendered by its compiled format");
}

// The per-record fallback: a record shorter than its format's fields is left to libtraceevent.
BOOST_AUTO_TEST_CASE(a_truncated_record_falls_back_to_libtraceevent)
{
    auto fast_file = TraceFile::open((fixtures() / "v6.dat").string());
    auto ref_file = TraceFile::open((fixtures() / "v6.dat").string());
    ReportFormatter fast(*fast_file), ref(*ref_file);
    ref.set_compiled_formats(false);
    EventReader reader(*fast_file);
    std::string a, b;
    size_t tried = 0;
    std::set<int> seen;
    while (const Record* r = reader.next()) {
        const int id = fast_file->event_id(*r);
        fast.format_info(*r, a);  // first use compiles the format
        if (!fast.uses_compiled_format(id) || !seen.insert(id).second || r->size < 16) continue;
        Record cut = *r;
        cut.size = 12;  // the common fields and a little more
        fast.format_info(cut, a);
        ref.format_info(cut, b);
        BOOST_TEST(a == b);
        ++tried;
    }
    BOOST_TEST(tried > 3u);
}

// load_symbols() reads kallsyms itself (no sscanf per line): every address of the text, and the bytes after it,
// must resolve to the function, start and size libtraceevent's own tep_parse_kallsyms gives.
BOOST_AUTO_TEST_CASE(symbols_resolve_as_with_tep_parse_kallsyms)
{
    size_t checked = 0;
    for (const fs::path& p : captures()) {
        auto file = TraceFile::open(p.string());
        const std::string text(file->metadata().kallsyms);
        if (text.empty()) continue;
        BOOST_TEST_CONTEXT(p.string())
        {
            file->formats().load_symbols();
            tep_handle* ours = file->formats().tep();
            tep_handle* ref = tep_alloc();
            tep_parse_kallsyms(ref, text.c_str());
            BOOST_TEST(tep_get_function_count(ours) == tep_get_function_count(ref));
            std::istringstream lines(text);
            size_t mismatches = 0;
            for (std::string line; std::getline(lines, line);) {
                const unsigned long long addr = std::strtoull(line.c_str(), nullptr, 16);
                for (const unsigned long long a : {addr, addr + 1, addr + 0x40}) {
                    const char *n1 = nullptr, *n2 = nullptr;
                    unsigned long long s1 = 0, s2 = 0;
                    unsigned long z1 = 0, z2 = 0;
                    const int r1 = tep_find_function_info(ours, a, &n1, &s1, &z1);
                    const int r2 = tep_find_function_info(ref, a, &n2, &s2, &z2);
                    const bool same = r1 == r2 && (!r1 || (std::string(n1) == n2 && s1 == s2 && z1 == z2));
                    if (!same && mismatches++ < 5) BOOST_ERROR("address 0x" << std::hex << a << " of line: " << line);
                    ++checked;
                }
            }
            BOOST_TEST(mismatches == 0u);
            tep_free(ref);
        }
    }
    BOOST_TEST(checked > 1000u);
}

// Hostile formats and records: odd field sizes, fields and dynamic strings beyond the record, strings without
// their NUL, widths and flags from the record, symbols and flags not in their tables. Whatever is compiled must
// print what libtraceevent prints, record for record; what cannot be compiled stays with libtraceevent.
BOOST_AUTO_TEST_CASE(hostile_formats_and_records_print_as_libtraceevent_does)
{
    const std::string common = "format:\n"
                               "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
                               "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
                               "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
                               "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";
    const std::vector<std::string> bodies = {
        // a field far beyond any record
        "\tfield:int far;\toffset:4000;\tsize:4;\tsigned:1;\n\nprint fmt: \"far=%d\", REC->far\n",
        // a dynamic string whose location word points anywhere
        "\tfield:__data_loc char[] s;\toffset:8;\tsize:4;\tsigned:0;\n\nprint fmt: \"s=%s\", __get_str(s)\n",
        // odd sizes, casts to other widths, length modifiers that disagree with the field size
        "\tfield:int odd;\toffset:8;\tsize:3;\tsigned:1;\n\tfield:unsigned long long big;\toffset:12;\tsize:8;\tsigned:0;\n\n"
        "print fmt: \"odd=%d big=%hhd %hx %llx\", REC->odd, REC->big, (u8)REC->big, (s16)REC->odd\n",
        // width and precision from the record
        "\tfield:int w;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:char name[8];\toffset:12;\tsize:8;\tsigned:0;\n\n"
        "print fmt: \"[%*d] [%.*s]\", REC->w % 64, REC->w, REC->w % 16, REC->name\n",
        // symbols and flags the tables do not have
        "\tfield:unsigned long f;\toffset:8;\tsize:8;\tsigned:0;\n\n"
        "print fmt: \"%s %s\", __print_symbolic(REC->f, { 0, \"zero\" }, { 1, \"one\" }), "
        "__print_flags(REC->f, \"|\", { 0x1, \"A\" }, { 0x100, \"B\" })\n",
        // a fixed char array with no NUL inside the record
        "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n\nprint fmt: \"comm=%s\", REC->comm\n",
    };
    auto fast_file = TraceFile::open((fixtures() / "v6.dat").string());
    auto ref_file = TraceFile::open((fixtures() / "v6.dat").string());
    for (size_t i = 0; i < bodies.size(); ++i) {
        const std::string text = "name: hostile" + std::to_string(i) + "\nID: " + std::to_string(65100 + i) + "\n" +
                                 common + bodies[i];
        fast_file->formats().add_format("test", text);
        ref_file->formats().add_format("test", text);
    }
    ReportFormatter fast(*fast_file), ref(*ref_file);
    ref.set_compiled_formats(false);
    std::set<int> compiled;
    size_t records = 0;
    std::string a, b;
    for (size_t i = 0; i < bodies.size(); ++i) {
        const int id = static_cast<int>(65100 + i);
        BOOST_TEST_CONTEXT("format hostile" << i)
        {
            BOOST_REQUIRE(fast_file->formats().find(id));
            for (uint32_t size : {8u, 11u, 12u, 16u, 20u, 24u, 64u}) {
                for (int pattern = 0; pattern < 5; ++pattern) {
                    // Zeros after the record, as the rest of a ring-buffer page would be: libtraceevent 1.7.1
                    // reads a char array without a NUL on to the next NUL (past the field and the record).
                    std::array<uint8_t, 4096> data{};
                    for (uint32_t k = 0; k < size; ++k)
                        data[k] = static_cast<uint8_t>(pattern == 0   ? 0
                                                       : pattern == 1 ? 0xff
                                                       : pattern == 2 ? 'A'
                                                       : pattern == 3 ? k
                                                                      : k * 37 + 11);
                    data[0] = static_cast<uint8_t>(id);
                    data[1] = static_cast<uint8_t>(id >> 8);
                    if (size >= 12 && pattern == 4) {  // a __data_loc word pointing inside the record: offset 12, length 4..
                        data[8] = 12;
                        data[9] = 0;
                        data[10] = static_cast<uint8_t>(size - 12);
                        data[11] = 0;
                    }
                    Record rec;
                    rec.data = data.data();
                    rec.size = size;
                    fast.format_info(rec, a);
                    ref.format_info(rec, b);
                    BOOST_TEST(a == b, "record of " << size << " bytes, pattern " << pattern << ":\n  compiled:      " << a
                                                    << "\n  libtraceevent: " << b);
                    ++records;
                }
            }
            if (fast.uses_compiled_format(id)) compiled.insert(id);
        }
    }
    BOOST_TEST_MESSAGE(compiled.size() << " of " << bodies.size() << " hostile formats compiled; " << records
                                       << " records compared");
    BOOST_TEST(compiled.size() >= 3u);  // the comparison must exercise the compiled path
}

BOOST_AUTO_TEST_SUITE_END()
