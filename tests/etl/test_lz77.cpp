// MS-XCA Plain LZ77: round trips through the project's encoder and the bounds of the decoder.
#include <boost/test/unit_test.hpp>

#include <random>

#include "traceshark/etl/xca_lz77.hpp"

using namespace traceshark::etl;

namespace {

std::vector<uint8_t> round_trip(const std::vector<uint8_t>& data)
{
    const auto z = lz77::compress(data);
    std::vector<uint8_t> out(data.size());
    const auto r = lz77::decompress(z, out);
    BOOST_TEST(r.ok(), r.problem);
    BOOST_TEST(r.produced == data.size());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(lz77_round_trips)
{
    std::mt19937 rng(5);
    std::vector<std::vector<uint8_t>> inputs = {{}, {1}, {1, 2, 3}, std::vector<uint8_t>(100000, 0xFF)};
    for (size_t len : {7u, 31u, 32u, 33u, 1000u, 65536u}) {
        std::vector<uint8_t> random(len), text(len);
        for (size_t i = 0; i < len; ++i) {
            random[i] = static_cast<uint8_t>(rng());
            text[i] = static_cast<uint8_t>("abcabcabd record "[rng() % 4 == 0 ? rng() % 17 : i % 17]);
        }
        inputs.push_back(random);
        inputs.push_back(text);
    }
    // Match lengths at every encoding boundary (3..10 in the token, nibble, byte, u16).
    for (size_t run : {3u, 9u, 10u, 11u, 24u, 25u, 26u, 280u, 281u, 282u, 5000u, 65538u}) {
        std::vector<uint8_t> v = {9, 8, 7};
        v.insert(v.end(), run, 9);
        v.push_back(1);
        inputs.push_back(v);
    }
    for (const auto& in : inputs) BOOST_TEST((round_trip(in) == in));
    // Compression does compress.
    BOOST_TEST(lz77::compress(std::vector<uint8_t>(65536, 0)).size() < 100u);
}

BOOST_AUTO_TEST_CASE(lz77_rejects_wrong_sizes_and_bad_references)
{
    std::vector<uint8_t> data(5000);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 % 13);
    const auto z = lz77::compress(data);
    std::vector<uint8_t> bigger(data.size() + 1), smaller(data.size() - 1);
    BOOST_TEST(!lz77::decompress(z, bigger).ok());   // stream ends before the expected size
    const auto r = lz77::decompress(z, smaller);
    BOOST_TEST(!r.ok());                             // would write past the expected size
    BOOST_TEST(r.problem.find("more than") != std::string::npos);
    // A match before the start of the output: flags say "match" for the very first token.
    const std::vector<uint8_t> bad = {0, 0, 0, 0x80, 0x08, 0x00};
    std::vector<uint8_t> out(10);
    BOOST_TEST(!lz77::decompress(bad, out).ok());
    // Truncated streams at every length never read outside the input.
    for (size_t n = 0; n < z.size(); ++n) {
        std::vector<uint8_t> part(z.begin(), z.begin() + static_cast<long>(n));
        std::vector<uint8_t> o(data.size());
        BOOST_TEST(!lz77::decompress(part, o).ok());
    }
}
