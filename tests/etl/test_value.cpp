#include <boost/test/unit_test.hpp>

#include <array>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/value.hpp"

using namespace traceshark::etl;

namespace {
Value bytes(ValueKind k, std::vector<uint8_t> b)
{
    Value v;
    v.kind = k;
    v.bytes = std::move(b);
    return v;
}
std::string v6(std::vector<uint16_t> g)
{
    std::vector<uint8_t> b;
    for (uint16_t x : g) b.push_back(static_cast<uint8_t>(x >> 8)), b.push_back(static_cast<uint8_t>(x));
    return bytes(ValueKind::IPv6, b).to_string();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(value)

BOOST_AUTO_TEST_CASE(integers)
{
    BOOST_TEST(Value::make_int(-204, 8).to_string() == "-204");
    BOOST_TEST(Value::make_uint(1404928, 8).to_string() == "1404928");
    BOOST_TEST(Value::make_uint(0x187000, 8, ValueKind::HexInt).to_string() == "0x00187000");
    BOOST_TEST(Value::make_uint(0xfffff800217d9200ull, 8, ValueKind::HexInt).to_string() == "0xfffff800217d9200");
    BOOST_TEST(Value::make_uint(0xab, 1, ValueKind::HexInt).to_string() == "0xab");
    BOOST_TEST(Value::make_uint(445, 2, ValueKind::Port).to_string() == "445");
    BOOST_TEST(Value::make_int(-1, 4).size == 4);
    BOOST_TEST(Value::make_string("x").to_string() == "x");
    BOOST_TEST(Value{}.to_string() == "");
    Value b;
    b.kind = ValueKind::Bool;
    b.scalar = true;
    BOOST_TEST(b.to_string() == "true");
    Value f;
    f.kind = ValueKind::Float;
    f.scalar = 1.5;
    BOOST_TEST(f.to_string() == "1.5");
}

BOOST_AUTO_TEST_CASE(addresses)
{
    BOOST_TEST(bytes(ValueKind::IPv4, {10, 128, 0, 117}).to_string() == "10.128.0.117");
    BOOST_TEST(v6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}) == "2001:db8::1");
    BOOST_TEST(v6({0, 0, 0, 0, 0, 0, 0, 0}) == "::");
    BOOST_TEST(v6({0, 0, 0, 0, 0, 0, 0, 1}) == "::1");
    BOOST_TEST(v6({0x2001, 0xdb8, 0, 1, 0, 0, 0, 1}) == "2001:db8:0:1::1");  // one zero group is not "::"
    BOOST_TEST(v6({0x2001, 0, 0, 1, 0, 0, 0, 1}) == "2001:0:0:1::1");      // the longest run
    BOOST_TEST(v6({0x2001, 0, 0, 1, 1, 0, 0, 1}) == "2001::1:1:0:0:1");    // the first on a tie
    BOOST_TEST(v6({0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001}) == "::ffff:10.0.0.1");
    BOOST_TEST(v6({0xfe80, 0, 0, 0, 0xABCD, 0, 0, 0}) == "fe80::abcd:0:0:0");
}

BOOST_AUTO_TEST_CASE(times_sids_binary)
{
    BOOST_TEST(Value::make_uint(116444736000000000ull, 8, ValueKind::FileTime).to_string() ==
               "1970-01-01T00:00:00.0000000Z");
    BOOST_TEST(Value::make_uint(132756731757912345ull, 8, ValueKind::FileTime).to_string() ==
               "2021-09-09T14:59:35.7912345Z");
    BOOST_TEST(Value::make_uint(0, 8, ValueKind::FileTime).to_string() == "1601-01-01T00:00:00.0000000Z");
    // SYSTEMTIME 2021-09-09 (Thursday) 14:59:35.030
    BOOST_TEST(bytes(ValueKind::SystemTime, {0xe5, 7, 9, 0, 4, 0, 9, 0, 14, 0, 59, 0, 35, 0, 30, 0}).to_string() ==
               "2021-09-09T14:59:35.030Z");
    BOOST_TEST(bytes(ValueKind::Sid, {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}).to_string() == "S-1-5-18");
    BOOST_TEST(bytes(ValueKind::Sid, {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0}).to_string() ==
               "S-1-5-32-544");
    BOOST_TEST(bytes(ValueKind::Sid, {1, 5, 0, 0}).to_string() == "");  // too short: nothing, no overread
    BOOST_TEST(bytes(ValueKind::Binary, {0xde, 0xad}).to_string() == "0xdead");
    BOOST_TEST(bytes(ValueKind::IPv6, {1, 2}).to_string() == "");
}

BOOST_AUTO_TEST_CASE(trees)
{
    Value s;
    s.kind = ValueKind::Struct;
    s.fields.push_back({"b", Value::make_string("Hello")});
    s.fields.push_back({"c", Value::make_string("World!")});
    BOOST_TEST(s.to_string() == "{b=Hello, c=World!}");
    Value a;
    a.kind = ValueKind::Array;
    a.items = {Value::make_uint(1, 4), Value::make_uint(2, 4)};
    BOOST_TEST(a.to_string() == "[1, 2]");
    Value g;
    g.kind = ValueKind::Guid;
    g.scalar = *Guid::parse("3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c");
    BOOST_TEST(g.to_string() == "3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c");
}

BOOST_AUTO_TEST_CASE(event_text)
{
    DecodedEvent e;
    e.provider = "Windows Kernel";
    e.task = "Process";
    e.opcode = "Start";
    e.decoded = true;
    e.fields.push_back({"ProcessId", Value::make_uint(4242, 4)});
    e.fields.push_back({"UniqueProcessKey", Value::make_uint(0xffffe000'12345678, 8, ValueKind::HexInt)});
    e.fields.push_back({"ImageFileName", Value::make_string("cmd.exe")});
    BOOST_TEST(e.text(99) == "Windows Kernel/Process/Start ProcessId=4242 UniqueProcessKey=0xffffe00012345678 "
                             "ImageFileName=cmd.exe");
    e.problem = "payload too short";
    BOOST_TEST(e.text(99).ends_with(" ImageFileName=cmd.exe problem=\"payload too short\""));

    DecodedEvent raw;
    raw.provider = "1c95126e-7eea-49a9-a3fe-a378b03ddb4d";
    raw.task = "EventID(1001)";
    BOOST_TEST(raw.text(37) == "1c95126e-7eea-49a9-a3fe-a378b03ddb4d/EventID(1001) payload=37B");
    BOOST_TEST(Value::make_uint(0x1f, 1, ValueKind::HexInt).to_string() == "0x1f");
    BOOST_TEST(Value::make_uint(0, 8, ValueKind::HexInt).to_string() == "0x00000000");
    BOOST_TEST(Value::make_uint(0x123456789, 8, ValueKind::HexInt).to_string() == "0x123456789");
}

BOOST_AUTO_TEST_CASE(guid_text_round_trips)
{
    // The formatter next to its parser: every nibble position, both ends of each group, lower-case hex.
    BOOST_TEST(Guid{}.to_string() == "00000000-0000-0000-0000-000000000000");
    const Guid g = Guid::from_bytes(std::array<uint8_t, 16>{0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99,
                                                            0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}.data());
    BOOST_TEST(g.to_string() == "00112233-4455-6677-8899-aabbccddeeff");
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 1000; ++i) {
        std::array<uint8_t, 16> b{};
        for (auto& byte : b) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            byte = static_cast<uint8_t>(x);
        }
        const Guid r = Guid::from_bytes(b.data());
        const auto back = Guid::parse(r.to_string());
        BOOST_TEST_REQUIRE(back.has_value());
        BOOST_TEST((*back == r), r.to_string());
        BOOST_TEST(Guid::parse("{" + r.to_string() + "}")->to_string() == r.to_string());
    }
}

BOOST_AUTO_TEST_SUITE_END()
