// The ring-buffer page decoder, against hand-built pages and against libtraceevent's kbuffer on every page of
// the recorded fixtures.
extern "C" {
#include <traceevent/kbuffer.h>
}

#include <boost/test/unit_test.hpp>

#include "../../libs/tracecmd/src/cpu_pages.hpp"
#include "page_builder.hpp"
#include "test_support.hpp"
#include "traceshark/tracecmd/page_decoder.hpp"

using namespace traceshark::tracecmd;
using traceshark::test::PageBuilder;

namespace {

struct Decoded {
    uint64_t ts;
    uint32_t header_offset;
    uint32_t data_offset;
    uint32_t size;
    bool operator==(const Decoded&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Decoded& d)
{
    return os << "{ts " << d.ts << " hdr " << d.header_offset << " data " << d.data_offset << " size " << d.size << "}";
}

std::vector<Decoded> decode(const std::vector<uint8_t>& page, const PageLayout& layout, PageDecoder::Step* last = nullptr,
                            PageDecoder* keep = nullptr)
{
    PageDecoder local;
    PageDecoder& dec = keep ? *keep : local;
    std::vector<Decoded> out;
    BOOST_REQUIRE_MESSAGE(dec.load(page, layout), dec.error());
    PageRecord r;
    PageDecoder::Step step;
    while ((step = dec.next(r)) == PageDecoder::Step::Record) out.push_back({r.ts, r.header_offset, r.data_offset, r.size});
    if (last) *last = step;
    return out;
}

// What libtraceevent's kbuffer makes of the same page.
std::vector<Decoded> decode_with_kbuffer(std::vector<uint8_t> page, const PageLayout& layout)
{
    kbuffer* kb = kbuffer_alloc(layout.kernel_long_size == 8 ? KBUFFER_LSIZE_8 : KBUFFER_LSIZE_4,
                                layout.big_endian ? KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE);
    std::vector<Decoded> out;
    kbuffer_load_subbuffer(kb, page.data());
    unsigned long long ts;
    for (void* data = kbuffer_read_event(kb, &ts); data; data = kbuffer_next_event(kb, &ts)) {
        out.push_back({ts, static_cast<uint32_t>(kbuffer_curr_offset(kb)),
                       static_cast<uint32_t>(static_cast<uint8_t*>(data) - page.data()),
                       static_cast<uint32_t>(kbuffer_event_size(kb))});
    }
    kbuffer_free(kb);
    return out;
}

std::vector<uint8_t> payload(size_t n, uint8_t seed)
{
    std::vector<uint8_t> p(n);
    for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(seed + i);
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(page_decoder)

BOOST_AUTO_TEST_CASE(every_record_kind_in_both_byte_orders_and_long_sizes)
{
    for (bool be : {false, true}) {
        for (int lsize : {4, 8}) {
            BOOST_TEST_CONTEXT("big_endian=" << be << " long=" << lsize)
            {
                PageBuilder b(be, lsize, 4096, 1000);
                b.event(10, payload(12, 1))              // small record: type_len 3
                    .time_extend(uint64_t{1} << 30)      // +2^30
                    .event(5, payload(200, 2))           // type_len 0 with length word
                    .padding(7, 24)                      // discarded event: its delta still counts
                    .event(3, payload(8, 3), true)       // forced length word
                    .time_stamp(123456789012ull)         // absolute timestamp
                    .event(1, payload(4, 4));
                const PageLayout layout{be, lsize};
                const auto got = decode(b.finish(), layout);
                const uint32_t d = layout.data_offset();
                const std::vector<Decoded> want = {
                    {1010, d, d + 4, 12},
                    {1000 + 10 + (uint64_t{1} << 30) + 5, d + 16 + 8, d + 16 + 8 + 8, 200},
                    {1000 + 10 + (uint64_t{1} << 30) + 5 + 7 + 3, d + 16 + 8 + 208 + 28, d + 16 + 8 + 208 + 28 + 8, 8},
                    {123456789012ull + 1, d + 16 + 8 + 208 + 28 + 16 + 8, d + 16 + 8 + 208 + 28 + 16 + 8 + 4, 4},
                };
                BOOST_TEST(got == want, boost::test_tools::per_element());
                BOOST_TEST(decode_with_kbuffer(b.finish(), layout) == want, boost::test_tools::per_element());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(absolute_timestamp_keeps_the_top_bits_of_the_clock)
{
    const uint64_t high = 0x0800000000000000ull;  // bit 59: above the 59 bits a TIME_STAMP carries
    PageBuilder b(false, 8, 4096, high | 5);
    b.time_stamp(777).event(2, payload(4, 9));
    const auto got = decode(b.finish(), {false, 8});
    BOOST_REQUIRE_EQUAL(got.size(), 1u);
    BOOST_TEST(got[0].ts == (high | 779));
}

BOOST_AUTO_TEST_CASE(lost_events_are_reported_with_and_without_a_count)
{
    for (int lsize : {4, 8}) {
        PageBuilder counted(false, lsize, 4096, 0);
        counted.event(1, payload(8, 0));
        PageDecoder dec;
        decode(counted.finish(true, 4242), {false, lsize}, nullptr, &dec);
        BOOST_TEST(dec.missed_events() == 4242);

        PageBuilder unknown(false, lsize, 4096, 0);
        unknown.event(1, payload(8, 0));
        decode(unknown.finish(true, -1), {false, lsize}, nullptr, &dec);
        BOOST_TEST(dec.missed_events() == -1);

        PageBuilder none(false, lsize, 4096, 0);
        none.event(1, payload(8, 0));
        decode(none.finish(), {false, lsize}, nullptr, &dec);
        BOOST_TEST(dec.missed_events() == 0);
    }
}

BOOST_AUTO_TEST_CASE(commit_larger_than_the_page_is_refused)
{
    PageBuilder b(false, 8, 4096, 0);
    b.event(1, payload(8, 0));
    PageDecoder dec;
    BOOST_TEST(!dec.load(b.finish(false, 0, 5000), {false, 8}));
    BOOST_TEST(dec.error().find("commit size 5000 exceeds") != std::string::npos);
    BOOST_TEST(dec.error_offset() == 8u);
}

BOOST_AUTO_TEST_CASE(record_running_past_the_commit_is_damage_with_its_offset)
{
    PageBuilder b(false, 8, 4096, 0);
    b.event(1, payload(8, 0)).raw_word(0 | (1u << 5)).raw_word(4000);  // type_len 0, length 4000
    PageDecoder::Step last;
    PageDecoder dec;
    const auto got = decode(b.finish(), {false, 8}, &last, &dec);
    BOOST_TEST(got.size() == 1u);  // the good record before the damage
    BOOST_TEST((last == PageDecoder::Step::Damaged));
    BOOST_TEST(dec.error_offset() == 16u + 12u);
    BOOST_TEST(dec.error().find("runs past the committed data") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(truncated_page_is_refused_not_overread)
{
    PageBuilder b(false, 8, 4096, 0);
    b.event(1, payload(64, 0));
    auto page = b.finish();
    page.resize(40);  // the file ends inside the page
    PageDecoder dec;
    BOOST_TEST(!dec.load(page, {false, 8}));
    page.resize(10);
    BOOST_TEST(!dec.load(page, {false, 8}));
    BOOST_TEST(dec.error() == "page header cut short");
}

// Every page of every recorded fixture decodes exactly as kbuffer decodes it.
BOOST_AUTO_TEST_CASE(matches_kbuffer_on_every_recorded_page)
{
    size_t pages = 0, records = 0;
    for (const char* name : {"v6.dat", "v7-zstd.dat", "v7-zstd-multibuf.dat"}) {
        auto file = TraceFile::open((traceshark::test::fixtures() / name).string());
        const PageLayout layout = file->page_layout();
        for (uint32_t s = 0; s < file->streams().size(); ++s) {
            std::vector<Note> damage;
            auto cpu_pages = file->open_pages(s, damage);
            BOOST_TEST(damage.empty());
            detail::Page page;
            for (uint64_t pos = 0; cpu_pages->page_at(pos, page, damage); pos += cpu_pages->page_size()) {
                std::vector<uint8_t> bytes(page.bytes.begin(), page.bytes.end());
                bytes.resize(cpu_pages->page_size());
                const auto ours = decode(bytes, layout);
                const auto theirs = decode_with_kbuffer(bytes, layout);
                BOOST_TEST_CONTEXT(name << " stream " << s << " page at " << pos)
                BOOST_TEST(ours == theirs, boost::test_tools::per_element());
                ++pages;
                records += ours.size();
            }
        }
    }
    BOOST_TEST_MESSAGE("compared " << pages << " pages, " << records << " records with kbuffer");
    BOOST_TEST(pages > 10u);
}

BOOST_AUTO_TEST_SUITE_END()
