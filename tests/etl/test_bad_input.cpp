// Damaged ETL files: truncation at every buffer boundary and inside buffers, flipped bytes, hostile sizes,
// compressed buffers with the wrong size. Clear FormatErrors or damage notes with offsets, events before the
// damage kept, never a crash.
#include <boost/test/unit_test.hpp>

#include <numeric>
#include <random>

#include "etl_writer.hpp"
#include "traceshark/etl/event_reader.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

struct Outcome {
    bool opened = false;
    uint64_t events = 0;
    std::vector<Damage> damage;
};

Outcome read_all(const std::vector<uint8_t>& bytes)
{
    Outcome o;
    try {
        auto t = EtlTrace::open_memory({bytes});
        o.opened = true;
        EventReader r(*t);
        while (r.next()) ++o.events;
        o.damage = r.damage();
    } catch (const FormatError&) {
    }
    return o;
}

const WrittenFile& sample()
{
    static const WrittenFile f = [] {
        WriterOptions opts;
        return write_etl(sample_events(opts), opts);
    }();
    return f;
}

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; ++i) b.at(at + static_cast<size_t>(i)) = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace

BOOST_AUTO_TEST_CASE(truncation_at_every_buffer_boundary_keeps_the_earlier_buffers)
{
    const WrittenFile& f = sample();
    for (size_t k = 1; k < f.buffer_offsets.size(); ++k) {
        const std::vector<uint8_t> cut(f.bytes.begin(), f.bytes.begin() + static_cast<long>(f.buffer_offsets[k]));
        const Outcome o = read_all(cut);
        BOOST_TEST_CONTEXT("cut at buffer " << k) {
            BOOST_TEST(o.opened);
            const uint64_t expected = std::accumulate(f.buffer_events.begin(), f.buffer_events.begin() + static_cast<long>(k), uint64_t{0});
            BOOST_TEST(o.events == expected);
            BOOST_TEST(o.damage.empty());  // a file that ends between buffers is complete as far as it goes
        }
    }
}

BOOST_AUTO_TEST_CASE(truncation_inside_buffers_is_reported_with_its_offset)
{
    const WrittenFile& f = sample();
    for (size_t k = 1; k < f.buffer_offsets.size(); ++k) {
        const uint64_t start = f.buffer_offsets[k];
        const uint64_t end = k + 1 < f.buffer_offsets.size() ? f.buffer_offsets[k + 1] : f.bytes.size();
        for (uint64_t cut_at : {start + 10, start + 0x48, start + (end - start) / 2, end - 1}) {
            const std::vector<uint8_t> cut(f.bytes.begin(), f.bytes.begin() + static_cast<long>(cut_at));
            const Outcome o = read_all(cut);
            BOOST_TEST_CONTEXT("buffer " << k << " cut at " << cut_at) {
                BOOST_TEST(o.opened);
                BOOST_REQUIRE(!o.damage.empty());
                BOOST_TEST(o.damage.front().offset == start);
                const uint64_t before = std::accumulate(f.buffer_events.begin(), f.buffer_events.begin() + static_cast<long>(k), uint64_t{0});
                BOOST_TEST(o.events >= before);
                BOOST_TEST(o.events <= before + f.buffer_events[k]);
            }
        }
    }
    // Inside the header buffer: not an ETL file any more.
    for (size_t n : {0u, 10u, 0x48u, 0x80u, 0x100u}) {
        const std::vector<uint8_t> cut(f.bytes.begin(), f.bytes.begin() + static_cast<long>(n));
        BOOST_CHECK_THROW(EtlTrace::open_memory({cut}), FormatError);
    }
}

BOOST_AUTO_TEST_CASE(hostile_sizes)
{
    const WrittenFile& f = sample();
    // A buffer claiming 4 GB: the rest of the file is not read, the earlier buffers are.
    {
        auto b = f.bytes;
        put_u32(b, f.buffer_offsets[3], 0xFFFFFFF0u);
        const Outcome o = read_all(b);
        BOOST_TEST(o.opened);
        BOOST_REQUIRE(!o.damage.empty());
        BOOST_TEST(o.damage.front().offset == f.buffer_offsets[3]);
        BOOST_TEST(o.events == uint64_t{f.buffer_events[0]} + f.buffer_events[1] + f.buffer_events[2]);
    }
    // SavedOffset beyond the buffer (uncompressed: clipped; compressed: the buffer is skipped).
    for (size_t k = 1; k < f.buffer_offsets.size(); ++k) {
        auto b = f.bytes;
        put_u32(b, f.buffer_offsets[k] + 4, 0x7FFFFFFFu);
        const Outcome o = read_all(b);
        BOOST_TEST(o.opened);
        BOOST_TEST(!o.damage.empty());
    }
    // A record size larger than the buffer: the rest of that buffer is skipped.
    {
        auto b = f.bytes;
        size_t k = 1;
        while (f.buffer_compressed[k]) ++k;
        b[f.buffer_offsets[k] + 0x48 + 4] = 0xFF;  // kernel records: Size at +4; others: harmless
        b[f.buffer_offsets[k] + 0x48 + 0] = 0xFF;  // EVENT_HEADER/FULL: Size at +0
        b[f.buffer_offsets[k] + 0x48 + 1] = 0xFF;
        b[f.buffer_offsets[k] + 0x48 + 5] = 0xFF;
        const Outcome o = read_all(b);
        BOOST_TEST(o.opened);
        BOOST_REQUIRE(!o.damage.empty());
        BOOST_TEST(o.damage.front().offset == f.buffer_offsets[k] + 0x48);
        BOOST_TEST(o.events == f.truth.size() - f.buffer_events[k]);
    }
}

BOOST_AUTO_TEST_CASE(compressed_buffers_of_the_wrong_size)
{
    const WrittenFile& f = sample();
    for (size_t k = 1; k < f.buffer_offsets.size(); ++k) {
        if (!f.buffer_compressed[k]) continue;
        for (int delta : {-8, 8}) {
            auto b = f.bytes;
            const size_t at = f.buffer_offsets[k] + 4;
            const uint32_t saved = static_cast<uint32_t>(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
            put_u32(b, at, static_cast<uint32_t>(static_cast<int64_t>(saved) + delta));
            const Outcome o = read_all(b);
            BOOST_TEST(o.opened);
            BOOST_REQUIRE_EQUAL(o.damage.size(), 1u);
            BOOST_TEST(o.damage[0].offset == f.buffer_offsets[k]);
            BOOST_TEST(o.damage[0].problem.find("compressed buffer") != std::string::npos);
            BOOST_TEST(o.events == f.truth.size() - f.buffer_events[k]);
        }
    }
}

BOOST_AUTO_TEST_CASE(flipped_bytes_never_crash)
{
    const WrittenFile& f = sample();
    std::mt19937 rng(11);
    for (int i = 0; i < 3000; ++i) {
        auto b = f.bytes;
        for (int k = 0; k < 1 + i % 4; ++k) b[rng() % b.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
        const Outcome o = read_all(b);
        if (o.opened) BOOST_TEST(o.events <= f.truth.size() + 2000);  // bounded
    }
}

BOOST_AUTO_TEST_CASE(not_an_etl_file)
{
    BOOST_CHECK_THROW(EtlTrace::open_memory({std::vector<uint8_t>(4096, 0)}), FormatError);
    BOOST_CHECK_THROW(EtlTrace::open_memory({std::vector<uint8_t>{'P', 'M', 'L', '_'}}), FormatError);
    BOOST_TEST(!EtlTrace::looks_like_etl(std::vector<uint8_t>(200, 0xFF)));
    BOOST_TEST(EtlTrace::looks_like_etl(sample().bytes));
}
