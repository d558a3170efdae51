// Damaged and hostile PML files: a clear error with the offset, never a crash, and the events before the
// damage stay readable.
#include <boost/test/unit_test.hpp>

#include "fixture.hpp"
#include "traceshark/procmon/error.hpp"
#include "traceshark/procmon/pml_file.hpp"

using namespace traceshark::procmon;
using namespace traceshark::procmon::test;

namespace {

std::vector<uint8_t> fixture() { return read_bytes(fixture_path("session64.PML")); }

template <typename E>
E expect_open_error(std::vector<uint8_t> bytes)
{
    try {
        PmlFile::open_memory(std::move(bytes));
    } catch (const E& e) {
        return e;
    }
    BOOST_FAIL("no error");
    throw;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(not_a_pml_and_unsupported_version)
{
    auto b = fixture();
    b[0] = 'X';
    const FormatError e = expect_open_error<FormatError>(b);
    BOOST_TEST(e.offset() == 0u);
    BOOST_TEST(std::string(e.what()).find("PML_") != std::string::npos);

    b = fixture();
    put_u32(b, 4, 10);
    const UnsupportedError u = expect_open_error<UnsupportedError>(b);
    BOOST_TEST(u.offset() == 4u);
    BOOST_TEST(std::string(u.what()).find("version 10") != std::string::npos);

    b = fixture();
    const FormatError t = expect_open_error<FormatError>(std::vector<uint8_t>(b.begin(), b.begin() + 100));
    BOOST_TEST(t.problem().find("truncated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(zero_events)
{
    auto b = fixture();
    put_u32(b, 0x234, 0);
    auto f = PmlFile::open_memory(b);
    BOOST_TEST(f->event_count() == 0u);
    BOOST_TEST(f->problems().empty());
    BOOST_TEST(f->tables().processes().size() == 4u);
}

BOOST_AUTO_TEST_CASE(truncated_file_keeps_the_events_before_the_cut)
{
    const auto whole = fixture();
    auto complete = PmlFile::open_memory(whole);
    // Cut inside event 10: its tables and offsets are gone, events 0-9 are intact.
    const uint64_t cut = complete->event_offset(10) + 20;
    auto f = PmlFile::open_memory(std::vector<uint8_t>(whole.begin(), whole.begin() + static_cast<long>(cut)));
    BOOST_TEST(!f->tables_complete());
    BOOST_TEST(f->event_count() == 10u);
    BOOST_REQUIRE(!f->problems().empty());
    BOOST_TEST(f->problems().front().text().find("offset 0x") == 0u);
    for (uint32_t i = 0; i < 10; ++i) {
        const Event a = f->event(i), b = complete->event(i);
        BOOST_TEST(a.offset == b.offset);
        BOOST_TEST(a.operation_name == b.operation_name);
        BOOST_TEST(a.path == b.path);
        BOOST_TEST(a.filetime == b.filetime);
    }
}

BOOST_AUTO_TEST_CASE(every_prefix_opens_or_fails_cleanly)
{
    const auto whole = fixture();
    for (size_t n = 0; n <= whole.size(); n += 13) {
        try {
            auto f = PmlFile::open_memory(std::vector<uint8_t>(whole.begin(), whole.begin() + static_cast<long>(n)));
            for (uint32_t i = 0; i < f->event_count(); ++i) f->event(i);
        } catch (const FormatError&) {
        }
    }
}

BOOST_AUTO_TEST_CASE(hostile_sizes)
{
    const auto whole = fixture();
    auto complete = PmlFile::open_memory(whole);

    // A string table claiming 4 billion strings: the tables are refused, the events are still found.
    auto b = whole;
    put_u32(b, static_cast<size_t>(get_u64(b, 0x258)), 0xFFFFFFFF);
    auto f = PmlFile::open_memory(b);
    BOOST_TEST(!f->tables_complete());
    BOOST_TEST(f->event_count() == complete->event_count());
    BOOST_TEST(f->problems().front().what.find("string table claims 4294967295 strings") != std::string::npos);

    // An event whose detail size runs past the end: that event fails with its offset, the others decode.
    b = whole;
    const uint64_t at = complete->event_offset(4);
    put_u32(b, at + 0x2C, 0x7FFFFFF0);
    f = PmlFile::open_memory(b);
    try {
        f->event(4);
        BOOST_FAIL("no error");
    } catch (const FormatError& e) {
        BOOST_TEST(e.offset() == at);
    }
    BOOST_TEST(f->event(5).operation_name == "ReadFile");

    // A stack depth of 65535 on a small event is caught the same way.
    b = whole;
    b.at(at + 0x28) = 0xFF;
    b.at(at + 0x29) = 0xFF;
    f = PmlFile::open_memory(b);
    BOOST_CHECK_THROW(f->event(4), FormatError);
    BOOST_TEST(f->event(3).operation_name == "Load Image");

    // An event count larger than the offset table.
    b = whole;
    put_u32(b, 0x234, 1000000);
    f = PmlFile::open_memory(b);
    BOOST_TEST(f->event_count() == complete->event_count());
    BOOST_TEST(!f->problems().empty());
}

BOOST_AUTO_TEST_CASE(damaged_process_and_host_tables)
{
    const auto whole = fixture();
    auto complete = PmlFile::open_memory(whole);
    const auto processes = static_cast<size_t>(get_u64(whole, 0x250));
    auto record_of = [&](const std::vector<uint8_t>& b, uint32_t i) {
        const uint32_t n = b[processes] | b[processes + 1] << 8;
        const size_t at = processes + 4 + 4 * n + 4 * i;
        return processes + (b[at] | b[at + 1] << 8 | b[at + 2] << 16);
    };
    auto expect_refused = [&](const std::vector<uint8_t>& b, const std::string& words) {
        auto f = PmlFile::open_memory(b);
        BOOST_TEST(!f->tables_complete());
        BOOST_TEST(f->event_count() == complete->event_count());  // found by walking the records
        BOOST_REQUIRE(!f->problems().empty());
        BOOST_TEST(f->problems().front().what.find(words) != std::string::npos, f->problems().front().text());
        BOOST_TEST(f->problems().front().text().find("offset 0x") == 0u);
    };

    auto b = whole;
    put_u32(b, record_of(b, 1) + 0x40, 9999);  // the process name's string index
    expect_refused(b, "refers to string 9999");

    b = whole;
    put_u32(b, record_of(b, 1) + 0x60 + 8, 0x0FFFFFFF);  // module count (64-bit: after an 8-byte pointer)
    expect_refused(b, "claims 268435455 modules");

    b = whole;
    put_u32(b, static_cast<size_t>(get_u64(b, 0x3A0)), 0xFFFFFFFF);  // host count
    expect_refused(b, "truncated host");
}

BOOST_AUTO_TEST_CASE(extra_details_outside_the_file)
{
    const auto whole = fixture();
    auto complete = PmlFile::open_memory(whole);
    auto b = whole;
    const uint64_t at = complete->event_offset(5);  // the ReadFile, which has extra details
    put_u32(b, at + 0x30, 0x7FFFFFF0);
    auto f = PmlFile::open_memory(b);
    try {
        f->event(5);
        BOOST_FAIL("no error");
    } catch (const FormatError& e) {
        BOOST_TEST(e.offset() == at);
        BOOST_TEST(e.problem().find("extra details") != std::string::npos);
    }
    BOOST_TEST(f->event(6).path == complete->event(6).path);
}

BOOST_AUTO_TEST_CASE(damaged_details_keep_the_common_fields)
{
    const auto whole = fixture();
    auto complete = PmlFile::open_memory(whole);
    auto b = whole;
    // The registry path of event 11 claims 30000 UTF-16 characters (more than the record holds).
    const uint64_t at = complete->event_offset(11) + 0x34 + 3 * 8;  // header + 3 stack frames
    b.at(at) = 0x30;
    b.at(at + 1) = 0x75;
    auto f = PmlFile::open_memory(b);
    const Event e = f->event(11);
    BOOST_TEST(e.operation_name == "RegOpenKey");
    BOOST_TEST(e.tid == complete->event(11).tid);
    BOOST_REQUIRE(e.detail("Damaged") != nullptr);
    BOOST_TEST(e.detail("Damaged")->value.find("offset 0x") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
