// Damaged and hostile files: truncation at many offsets, flipped bytes, absurd sizes, loops, unknown versions.
// Every failure must be a FormatError naming an offset inside the file; whatever can still be read must be
// exactly what the intact file holds.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <map>
#include <random>

#include <traceevent/event-parse.h>

#include "test_support.hpp"
#include "traceshark/tracecmd/byte_order.hpp"
#include "traceshark/tracecmd/error.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"

using namespace traceshark::tracecmd;
using namespace traceshark::test;

namespace {

struct Outcome {
    bool opened = false;
    bool unsupported = false;
    uint64_t error_offset = 0;
    std::string error;
    std::vector<Note> notes;
    std::vector<Event> events;
    std::vector<Note> damage;
};

Outcome try_read(std::vector<uint8_t> bytes, bool render = false)
{
    Outcome o;
    try {
        auto f = TraceFile::open_memory(std::move(bytes), "damaged");
        o.opened = true;
        o.notes = f->metadata().notes;
        o.events = all_events(*f, {}, &o.damage);
        if (render) {
            // Printing damaged events goes through libtraceevent: it must not fall over either.
            ReportFormatter fmt(*f);
            EventReader r(*f);
            std::string line;
            for (int i = 0; i < 300; ++i) {
                const Record* rec = r.next();
                if (!rec) break;
                fmt.format_line(*rec, "", line);
            }
        }
    } catch (const UnsupportedError& e) {
        o.unsupported = true;
        o.error_offset = e.offset();
        o.error = e.what();
    } catch (const FormatError& e) {
        o.error_offset = e.offset();
        o.error = e.what();
    }
    return o;
}

std::map<uint64_t, const Event*> by_ref(const std::vector<Event>& events)
{
    std::map<uint64_t, const Event*> m;
    for (const Event& e : events) m[e.ref.value] = &e;
    return m;
}

size_t find(const std::vector<uint8_t>& b, std::string_view needle, size_t from = 0)
{
    auto it = std::search(b.begin() + static_cast<std::ptrdiff_t>(from), b.end(), needle.begin(), needle.end());
    BOOST_REQUIRE(it != b.end());
    return static_cast<size_t>(it - b.begin());
}

template <typename T>
void store(std::vector<uint8_t>& b, size_t at, T v)
{
    std::memcpy(b.data() + at, &v, sizeof v);  // fixtures are little-endian, like this host
}

// Cuts `name` at `count` evenly spread offsets plus `extra` ones.
void check_truncations(const std::string& name, int count, std::vector<uint64_t> extra)
{
    const auto bytes = read_bytes(fixtures() / name);
    auto intact_file = TraceFile::open((fixtures() / name).string());
    const auto intact = all_events(*intact_file);
    const auto known = by_ref(intact);
    for (int i = 0; i < count; ++i) extra.push_back(bytes.size() * static_cast<uint64_t>(i) / static_cast<uint64_t>(count));
    size_t opened = 0, refused = 0;
    for (uint64_t cut : extra) {
        if (cut >= bytes.size()) continue;
        BOOST_TEST_CONTEXT(name << " cut at " << cut)
        {
            const Outcome o = try_read(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut)));
            if (!o.opened) {
                ++refused;
                BOOST_TEST(o.error_offset <= cut);
                BOOST_TEST(o.error.starts_with("offset 0x"));
                continue;
            }
            ++opened;
            // What is read is what the intact file holds, and the loss is reported.
            for (const Event& e : o.events) {
                auto it = known.find(e.ref.value);
                BOOST_REQUIRE(it != known.end());
                BOOST_REQUIRE(it->second->data == e.data);
                BOOST_REQUIRE_EQUAL(it->second->ts, e.ts);
            }
            if (o.events.size() < intact.size()) BOOST_TEST(!o.damage.empty());
        }
    }
    BOOST_TEST_MESSAGE(name << ": " << opened << " truncated files opened with partial events, " << refused << " refused");
    BOOST_TEST(opened > 0u);
    BOOST_TEST(refused > 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(truncated_v7_zstd_at_every_section_and_many_offsets)
{
    auto f = TraceFile::open((fixtures() / "v7-zstd.dat").string());
    std::vector<uint64_t> cuts = {0, 1, 3, 10, 12, 20, 30, 36, 37, 40};
    for (const Section& s : f->metadata().sections)
        for (int64_t d : {-1, 0, 1, 8, 15, 16, 17, 100}) cuts.push_back(static_cast<uint64_t>(static_cast<int64_t>(s.offset) + d));
    for (const Buffer& b : f->buffers())
        for (const CpuData& c : b.cpus)
            for (uint64_t d : {uint64_t{0}, uint64_t{3}, uint64_t{4}, uint64_t{11}, uint64_t{12}, c.size / 2, c.size - 1}) cuts.push_back(c.offset + d);
    check_truncations("v7-zstd.dat", 60, cuts);
}

BOOST_AUTO_TEST_CASE(truncated_v6_keeps_every_page_before_the_cut)
{
    const std::string name = "v6.dat";
    const auto bytes = read_bytes(fixtures() / name);
    auto f = TraceFile::open((fixtures() / name).string());
    const auto intact = all_events(*f);
    const Buffer& top = f->buffers().at(0);
    std::vector<uint64_t> cuts;
    for (const CpuData& c : top.cpus)
        for (uint64_t frac : {1, 2, 3}) cuts.push_back(c.offset + c.size * frac / 4 + 100);
    for (uint64_t cut : cuts) {
        BOOST_TEST_CONTEXT("cut at " << cut)
        {
            const Outcome o = try_read(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut)));
            BOOST_REQUIRE(o.opened);
            BOOST_TEST(!o.damage.empty());
            BOOST_TEST(o.damage.front().message.find("file truncated") != std::string::npos);
            // Every record whose page ends before the cut is still there.
            const auto got = by_ref(o.events);
            size_t expected = 0;
            for (const Event& e : intact) {
                const CpuData& c = top.cpus[f->streams()[e.ref.stream()].cpu_index];
                const uint64_t page_end = c.offset + (e.ref.position() / top.page_size + 1) * top.page_size;
                if (page_end <= cut) {
                    ++expected;
                    BOOST_REQUIRE(got.count(e.ref.value) == 1);
                }
            }
            BOOST_TEST(expected > 0u);
        }
    }
    check_truncations(name, 40, {});
}

// trace-cmd writes the options section that locates a buffer's CPU data after that data: a v7 file cut inside
// the data (or in the options after it) loses it. The data sections are then found by walking the section
// headers, and every event before the cut is kept: per CPU, the first events of the intact file, with the same
// references, in the same merged order; the loss is reported with its offset.
BOOST_AUTO_TEST_CASE(truncated_v7_keeps_events_without_the_options_after_the_data)
{
    for (const std::string name : {"v7-none.dat", "v7-zstd.dat", "v7-zstd-multibuf.dat"}) {
        const auto bytes = read_bytes(fixtures() / name);
        auto f = TraceFile::open((fixtures() / name).string());
        const auto intact = all_events(*f);
        std::map<uint32_t, size_t> per_stream;  // events of each CPU stream
        std::vector<size_t> nth;                 // of each event: its index in its stream
        for (const Event& e : intact) nth.push_back(per_stream[e.ref.stream()]++);
        std::vector<uint64_t> cuts;
        for (const Buffer& b : f->buffers()) {
            for (const CpuData& c : b.cpus)
                for (uint64_t k : {1, 2, 3}) cuts.push_back(c.offset + c.size * k / 4 + 100);
            for (const Section& s : f->metadata().sections)
                if (s.offset == b.section_offset) cuts.push_back(s.offset + 16 + s.size + 20);  // in the options after it
        }
        for (uint64_t cut : cuts) {
            BOOST_TEST_CONTEXT(name << " cut at " << cut)
            {
                const Outcome o = try_read(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut)), true);
                BOOST_REQUIRE(o.opened);
                BOOST_REQUIRE(!o.damage.empty());
                for (const Note& n : o.damage) BOOST_TEST(n.offset <= cut);
                BOOST_TEST(o.damage.front().message.find("data sections found by walking the file") != std::string::npos);
                std::map<uint32_t, size_t> kept;
                for (const Event& e : o.events) ++kept[e.ref.stream()];
                std::vector<Event> expected;
                for (size_t i = 0; i < intact.size(); ++i) {
                    auto k = kept.find(intact[i].ref.stream());
                    if (k != kept.end() && nth[i] < k->second) expected.push_back(intact[i]);
                }
                BOOST_REQUIRE_EQUAL(expected.size(), o.events.size());
                BOOST_TEST((expected == o.events), "the kept events are the intact file's first ones of each CPU, in its order");
                // Every CPU whose data ends before the cut is complete.
                for (uint32_t si = 0; si < f->streams().size(); ++si) {
                    const auto& st = f->streams()[si];
                    const CpuData& c = f->buffers()[st.buffer].cpus[st.cpu_index];
                    if (c.offset + c.size + 4 <= cut) BOOST_TEST(kept[si] == per_stream[si]);
                }
                BOOST_TEST(!o.events.empty());
                BOOST_TEST_MESSAGE(name << " cut at " << cut << " (" << 100 * cut / bytes.size() << " %): " << o.events.size()
                                        << " of " << intact.size() << " events kept");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(flipped_bytes_never_crash)
{
    for (const char* name : {"v7-zstd.dat", "v7-none.dat"}) {
        const auto bytes = read_bytes(fixtures() / name);
        std::mt19937_64 rng(0x7ace5a);
        size_t opened = 0;
        for (int i = 0; i < 150; ++i) {
            auto damaged = bytes;
            for (int k = 0; k < 4; ++k) {
                // Mostly the header and metadata (the first 64 KiB), sometimes anywhere.
                const uint64_t span = (i % 3 == 0) ? damaged.size() : std::min<uint64_t>(damaged.size(), 65536);
                damaged[rng() % span] ^= static_cast<uint8_t>(1u << (rng() % 8));
            }
            const Outcome o = try_read(std::move(damaged), i % 5 == 0);
            if (o.opened) ++opened;
            else BOOST_TEST(o.error_offset <= bytes.size());
        }
        BOOST_TEST(opened > 0u);
    }
}

BOOST_AUTO_TEST_CASE(corrupt_record_loses_one_page_only)
{
    auto bytes = read_bytes(fixtures() / "v6.dat");
    auto f = TraceFile::open((fixtures() / "v6.dat").string());
    const auto intact = all_events(*f);
    const CpuData& cpu0 = f->buffers()[0].cpus[0];
    // First record of the second page of CPU 0: make it claim 60000 bytes (type_len 0, huge length word).
    const uint64_t page = cpu0.offset + 4096;
    store<uint32_t>(bytes, page + 16, 0u);
    store<uint32_t>(bytes, page + 20, 60000u);
    const Outcome o = try_read(std::move(bytes));
    BOOST_REQUIRE(o.opened);
    BOOST_REQUIRE_EQUAL(o.damage.size(), 1u);
    BOOST_TEST(o.damage[0].offset == page + 16);
    BOOST_TEST(o.damage[0].message.find("runs past the committed data") != std::string::npos);
    size_t in_page = 0;
    for (const Event& e : intact)
        if (e.ref.stream() == 0 && e.ref.position() / 4096 == 1) ++in_page;
    BOOST_TEST(o.events.size() == intact.size() - in_page);
}

BOOST_AUTO_TEST_CASE(absurd_sizes_are_refused_with_their_offset)
{
    {  // v6 header_page size
        auto b = read_bytes(fixtures() / "v6.dat");
        const size_t tag = find(b, std::string_view("header_page\0", 12));
        store<uint64_t>(b, tag + 12, ~uint64_t{0});
        const Outcome o = try_read(std::move(b));
        BOOST_REQUIRE(!o.opened);
        BOOST_TEST(o.error_offset == tag + 20);
        BOOST_TEST(o.error.find("truncated header_page format: needs 18446744073709551615 bytes") != std::string::npos);
    }
    {  // v7: a compressed section claiming 4 GiB uncompressed
        auto b = read_bytes(fixtures() / "v7-zstd.dat");
        auto f = TraceFile::open((fixtures() / "v7-zstd.dat").string());
        const Section* header = nullptr;
        for (const Section& s : f->metadata().sections)
            if (s.id == static_cast<uint16_t>(OptionId::HeaderInfo)) header = &s;
        BOOST_REQUIRE(header);
        BOOST_REQUIRE(header->flags & 1);
        store<uint32_t>(b, header->offset + 16 + 4, 0xffffffffu);
        const Outcome o = try_read(std::move(b));
        BOOST_REQUIRE(!o.opened);
        BOOST_TEST(o.error_offset == header->offset + 16);
        BOOST_TEST(o.error.find("claims 4294967295 uncompressed bytes") != std::string::npos);
    }
    {  // v7: a chunk of trace data claiming more than any chunk may hold
        auto b = read_bytes(fixtures() / "v7-zstd.dat");
        auto f = TraceFile::open((fixtures() / "v7-zstd.dat").string());
        const CpuData& c = f->buffers()[0].cpus[0];
        store<uint32_t>(b, c.offset + 4 + 4, 0x7fffffffu);
        const Outcome o = try_read(std::move(b));
        BOOST_REQUIRE(o.opened);
        BOOST_REQUIRE(!o.damage.empty());
        BOOST_TEST(o.damage[0].offset == c.offset + 4);
        BOOST_TEST(o.damage[0].message.find("claims 2147483647 uncompressed bytes") != std::string::npos);
    }
    {  // v7: BUFFER option listing 4 billion CPUs
        auto b = read_bytes(fixtures() / "v7-none.dat");
        const auto intact = TraceFile::open((fixtures() / "v7-none.dat").string());
        // BUFFER option: u16 id 3, u32 size, u64 offset, "" name, "local" clock, u32 page size, u32 CPU count
        const std::string_view pattern("\0local\0\0\x10\0\0", 11);
        const size_t at = find(b, pattern);
        store<uint32_t>(b, at + 11, 0xffffffffu);
        const Outcome o = try_read(std::move(b));
        BOOST_REQUIRE(o.opened);
        bool noted = false;
        for (const Note& n : o.notes) noted |= n.message.find("lists 4294967295 CPUs") != std::string::npos;
        BOOST_TEST(noted);
        BOOST_TEST(o.events.empty());
    }
}

BOOST_AUTO_TEST_CASE(options_chain_loop_is_detected)
{
    auto b = read_bytes(fixtures() / "v7-none.dat");
    auto f = TraceFile::open((fixtures() / "v7-none.dat").string());
    const Section* last = nullptr;
    for (const Section& s : f->metadata().sections)
        if (s.id == 0) last = &s;
    BOOST_REQUIRE(last);
    // The DONE option ends the section: its u64 "next" is the last 8 bytes; point it at the section itself.
    store<uint64_t>(b, last->offset + 16 + last->size - 8, last->offset);
    const Outcome o = try_read(std::move(b));
    BOOST_REQUIRE(!o.opened);
    BOOST_TEST(o.error.find("options sections form a loop") != std::string::npos);
    BOOST_TEST(o.error_offset == last->offset);
}

BOOST_AUTO_TEST_CASE(unknown_versions_and_compression_are_unsupported)
{
    auto b = read_bytes(fixtures() / "v7-zstd.dat");
    b[10] = '8';
    Outcome o = try_read(b);
    BOOST_TEST(o.unsupported);
    BOOST_TEST(o.error == "offset 0xa: unsupported trace.dat version '8' (6 and 7 are supported)");

    b = read_bytes(fixtures() / "v7-zstd.dat");
    std::memcpy(b.data() + find(b, "zstd"), "lz4x", 4);
    o = try_read(b);
    BOOST_TEST(o.unsupported);
    BOOST_TEST(o.error.find("unsupported compression algorithm 'lz4x'") != std::string::npos);
}

// libtraceevent 1.7.1 crashes on a print fmt whose __print_flags names an undeclared field (found by fuzzing);
// the format keeps its fields and loses its print fmt, with a note.
BOOST_AUTO_TEST_CASE(print_fmt_with_undeclared_field_is_not_given_to_libtraceevent)
{
    auto f = TraceFile::open((fixtures() / "v6.dat").string());
    f->formats().add_format("test",
                            "name: bogus\nID: 65000\nformat:\n"
                            "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
                            "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
                            "\tfield:unsigned long flags;\toffset:8;\tsize:8;\tsigned:0;\n\n"
                            "print fmt: \"%s\", __print_flags(REC->nosuch, \"|\", { 1, \"A\" })\n");
    tep_event* ev = f->formats().find(65000);
    BOOST_REQUIRE(ev);
    BOOST_TEST(tep_find_field(ev, "flags") != nullptr);
    bool noted = false;
    for (const Note& n : f->formats().failures()) noted |= n.message.find("undeclared field 'nosuch'") != std::string::npos;
    BOOST_TEST(noted);
}

// Malformed field lines crash libtraceevent 1.7.1's parser (an unterminated "[" leaves it comparing a null token):
// such a format is not used at all.
BOOST_AUTO_TEST_CASE(malformed_field_line_keeps_the_format_from_libtraceevent)
{
    auto f = TraceFile::open((fixtures() / "v6.dat").string());
    f->formats().add_format("test",
                            "name: broken\nID: 65001\nformat:\n"
                            "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
                            "\tfield:char comm[16");
    BOOST_TEST(f->formats().find(65001) == nullptr);
    BOOST_REQUIRE(!f->formats().failures().empty());
    BOOST_TEST(f->formats().failures().back().message.find("malformed field line") != std::string::npos);
}

// libtraceevent divides without checking the divisor (SIGFPE): only non-zero constants and sizeof() may divide.
BOOST_AUTO_TEST_CASE(print_fmt_dividing_by_a_field_or_zero_is_dropped)
{
    auto f = TraceFile::open((fixtures() / "v6.dat").string());
    const std::string fields = "format:\n"
                               "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
                               "\tfield:int a;\toffset:8;\tsize:4;\tsigned:1;\n"
                               "\tfield:int b;\toffset:12;\tsize:4;\tsigned:1;\n\n";
    f->formats().add_format("test", "name: div1\nID: 65002\n" + fields + "print fmt: \"%d\", REC->a / REC->b\n");
    f->formats().add_format("test", "name: div2\nID: 65003\n" + fields + "print fmt: \"%d\", 7 % (0)\n");
    f->formats().add_format("test", "name: div3\nID: 65004\n" + fields + "print fmt: \"%d\", REC->a / 1000\n");
    BOOST_TEST(f->formats().find(65002) != nullptr);
    BOOST_TEST(f->formats().find(65003) != nullptr);
    BOOST_TEST(f->formats().find(65004) != nullptr);
    std::vector<std::string> notes;
    for (const Note& n : f->formats().failures()) notes.push_back(n.message);
    BOOST_REQUIRE_EQUAL(notes.size(), 2u);
    BOOST_TEST(notes[0].find("divides by something other than a constant") != std::string::npos);
    BOOST_TEST(notes[1].find("divides by zero") != std::string::npos);
}

// Every format a real kernel wrote passes those checks.
BOOST_AUTO_TEST_CASE(every_recorded_format_passes_the_checks)
{
    auto f = TraceFile::open((fixtures() / "v6.dat").string());
    f->formats().parse_all();
    BOOST_TEST(f->formats().sources().size() > 2000u);
    BOOST_TEST(f->formats().failures().empty());
}

BOOST_AUTO_TEST_CASE(not_a_trace_file)
{
    for (const std::vector<uint8_t>& junk :
         {std::vector<uint8_t>{}, std::vector<uint8_t>{0x17, 0x08}, std::vector<uint8_t>(4096, 'x'),
          std::vector<uint8_t>{0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'}}) {
        const Outcome o = try_read(junk);
        BOOST_REQUIRE(!o.opened);
        BOOST_TEST(o.error_offset <= junk.size());
        BOOST_TEST(!o.error.empty());
    }
    BOOST_CHECK_THROW(TraceFile::open("/nonexistent/trace.dat"), std::system_error);
}

BOOST_AUTO_TEST_SUITE_END()
