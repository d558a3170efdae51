// The extcap's protocol pieces without tracefs: the command line, the config Wireshark shows, control messages.
#define BOOST_TEST_MODULE extcap/traceshark-ftrace
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <stdexcept>

#include "extcap_control.hpp"
#include "extcap_protocol.hpp"
#include "trace_clock.hpp"

using namespace traceshark::extcap;

BOOST_AUTO_TEST_CASE(control_messages_round_trip_whatever_the_read_sizes)
{
    const std::vector<ControlMessage> sent = {
        {0, ControlCommand::kStatusbar, "ftrace: 12 events, 0 lost by the kernel"},
        {0, ControlCommand::kAdd, "line\n"},
        {3, ControlCommand::kInitialized, ""},
        {255, ControlCommand::kSet, std::string(kControlMaxPayload, 'x')},
    };
    std::string bytes;
    for (const auto& m : sent) bytes += encode_control(m);
    // The header as Wireshark's doc/extcap.adoc lays it out.
    BOOST_TEST(bytes.substr(0, 6) == std::string("T\x00\x00\x29\x00\x06", 6));
    for (const size_t chunk : {size_t{1}, size_t{5}, size_t{4096}, bytes.size()}) {
        ControlDecoder d;
        std::vector<ControlMessage> got;
        for (size_t at = 0; at < bytes.size(); at += chunk) {
            d.feed(std::string_view(bytes).substr(at, chunk));
            while (auto m = d.next()) got.push_back(*m);
        }
        BOOST_TEST((got == sent), "chunk " << chunk);
    }
}

BOOST_AUTO_TEST_CASE(control_decoder_rejects_what_cannot_be_a_message)
{
    ControlMessage big{0, ControlCommand::kSet, std::string(kControlMaxPayload + 1, 'x')};
    BOOST_CHECK_THROW(encode_control(big), std::length_error);
    {
        ControlDecoder d;
        d.feed(std::string("X\x00\x00\x02\x00\x01", 6));
        BOOST_CHECK_THROW(d.next(), std::runtime_error);
    }
    for (const std::string length : {std::string("\x00\x00\x01", 3), std::string("\xff\xff\xff", 3)}) {
        ControlDecoder d;
        d.feed("T" + length + std::string("\x00\x01", 2));
        BOOST_CHECK_THROW(d.next(), std::runtime_error);
    }
    ControlDecoder partial;
    partial.feed(std::string("T\x00\x00\x05\x00\x01" "ab", 8));  // 3 payload bytes announced, 2 there
    BOOST_TEST(!partial.next().has_value());
    partial.feed("c");
    BOOST_TEST(partial.next()->payload == "abc");
}

BOOST_AUTO_TEST_CASE(command_line_options_and_their_errors)
{
    const CommandLine c = parse_command_line({"--extcap-interface", "ftrace", "--capture", "--fifo", "/tmp/f",
                                              "--clock=boot", "--instance", "mine", "--command", "make -j2",
                                              "--extcap-control-in", "/tmp/in", "--extcap-control-out", "/tmp/out"});
    BOOST_TEST(c.clock == "boot");
    BOOST_TEST(c.instance == "mine");
    BOOST_TEST(c.command == "make -j2");
    BOOST_TEST(c.control_in == "/tmp/in");
    BOOST_TEST(c.control_out == "/tmp/out");
    BOOST_TEST(c.presets == "processes");
    BOOST_TEST(parse_command_line({"--capture", "--fifo", "f"}).clock == "mono");
    auto message = [](std::vector<std::string> args) {
        try {
            parse_command_line(args);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(message({"--capture", "--fifo", "f", "--clock", "local"}) ==
               "--clock: unknown clock \"local\" (offered: mono, boot, mono_raw, tai)");
    BOOST_TEST(message({"--capture", "--fifo", "f", "--command", "x", "--pid", "3"}) ==
               "--command and --pid exclude each other");
    BOOST_TEST(message({"--capture"}) == "--capture needs --fifo PATH");
    BOOST_TEST(message({"--capture", "--fifo", "f", "--pid", "3x"}) == "--pid: not a number: \"3x\"");
}

BOOST_AUTO_TEST_CASE(config_offers_every_clock_and_the_new_options)
{
    std::ostringstream out;
    print_config(out);
    const std::string config = out.str();
    for (const auto& k : trace_clocks())
        BOOST_TEST(config.find("value {arg=5}{value=" + std::string(k.name) + "}") != std::string::npos, k.name);
    BOOST_TEST(config.find("{call=--command}") != std::string::npos);
    BOOST_TEST(config.find("{call=--instance}") != std::string::npos);
    std::ostringstream ifs;
    print_interfaces(ifs, "1.0");
    BOOST_TEST(ifs.str().find("control {number=0}{type=button}{role=logger}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(realtime_offset_places_now_on_the_wall_clock)
{
    for (const auto& k : trace_clocks()) {
        const int64_t offset = measure_realtime_offset(k);
        timespec r{};
        clock_gettime(CLOCK_REALTIME, &r);
        const int64_t wall = int64_t{r.tv_sec} * 1000000000 + r.tv_nsec;
        const int64_t placed = now_ns(k) + offset;
        BOOST_TEST(std::llabs(placed - wall) < 5000000, k.name << ": " << (placed - wall) << " ns off");
    }
}
