// The extcap's protocol pieces without tracefs: the command line, the config Wireshark shows, control messages.
#define BOOST_TEST_MODULE extcap/traceshark-ftrace
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "extcap_control.hpp"
#include "traceshark/tracking/linux/mapper.hpp"
#include "extcap_protocol.hpp"
#include "preset_files.hpp"
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
    for (const std::string& length : {std::string("\x00\x00\x01", 3), std::string("\xff\xff\xff", 3)}) {
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
    print_config(out, CommandLine{}, builtin_presets());
    const std::string config = out.str();
    for (const auto& k : trace_clocks())
        BOOST_TEST(config.find("value {arg=5}{value=" + std::string(k.name) + "}") != std::string::npos, k.name);
    BOOST_TEST(config.find("{call=--command}") != std::string::npos);
    BOOST_TEST(config.find("{call=--instance}") != std::string::npos);
    std::ostringstream ifs;
    print_interfaces(ifs, "1.0", {});
    BOOST_TEST(ifs.str().find("control {number=0}{type=button}{role=logger}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_existing_instance_is_an_interface_recorded_as_it_is_set_up)
{
    std::ostringstream ifs;
    print_interfaces(ifs, "1.0", {"flight", "sched-only"});
    BOOST_TEST(ifs.str().find("interface {value=ftrace}") != std::string::npos);
    BOOST_TEST(ifs.str().find("interface {value=ftrace-flight}{display=ftrace instance flight as set up (Traceshark)}") !=
               std::string::npos, ifs.str());
    BOOST_TEST(ifs.str().find("interface {value=ftrace-sched-only}") != std::string::npos);

    const CommandLine c = parse_command_line({"--capture", "--extcap-interface", "ftrace-flight", "--fifo", "f"});
    BOOST_TEST(c.attach == "flight");
    BOOST_TEST(c.presets.empty());  // no default preset: the instance's own events are recorded
    BOOST_TEST(parse_command_line({"--extcap-interface", "ftrace", "--extcap-config"}).attach.empty());
    std::ostringstream config;
    print_config(config, parse_command_line({"--extcap-interface", "ftrace-flight", "--extcap-config"}), builtin_presets());
    BOOST_TEST(config.str().empty(), config.str());

    // Options that would change the owner's setup are refused, each by name.
    for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
             {"--presets", "files"}, {"--events", "irq:*"}, {"--buffer-kb", "64"}, {"--pid", "3"}, {"--comm", "x"},
             {"--clock", "boot"}, {"--instance", "y"}, {"--command", "true"}}) {
        std::string error;
        try {
            parse_command_line({"--capture", "--extcap-interface", "ftrace-flight", "--fifo", "f", option, value});
        } catch (const std::runtime_error& e) {
            error = e.what();
        }
        BOOST_TEST(error.rfind(option + " does not apply to ftrace-flight, which records the instance flight", 0) == 0,
                   option << ": " << error);
    }
    std::string error;
    try {
        parse_command_line({"--capture", "--extcap-interface", "ftracex", "--fifo", "f"});
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    BOOST_TEST(error.rfind("unknown interface \"ftracex\"", 0) == 0, error);
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

namespace {

std::string preset_error(std::string_view text, const std::string& name = "mine")
{
    try {
        parse_preset_file(text, name, "/p/" + name + ".preset");
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_preset_file_names_events_and_its_description)
{
    const Preset p = parse_preset_file("# block I/O\n"
                                       "description: Block I/O: issue and completion  # shown in the dialog\n"
                                       "\n"
                                       "block:block_rq_issue\n"
                                       "  block:block_rq_complete, irq/irq_handler_*\tsched:sched_wak?p\r\n",
                                       "blockio", "/p/blockio.preset");
    BOOST_TEST(p.name == "blockio");
    BOOST_TEST(p.display == "Block I/O: issue and completion");
    BOOST_TEST(p.source == "/p/blockio.preset");
    const std::vector<std::string> want = {"block:block_rq_issue", "block:block_rq_complete", "irq/irq_handler_*",
                                           "sched:sched_wak?p"};
    BOOST_TEST(p.events == want, boost::test_tools::per_element());
    BOOST_TEST(parse_preset_file("a:b", "x", "x").display == "x");  // no description: the name
}

BOOST_AUTO_TEST_CASE(a_bad_preset_file_is_refused_with_its_line)
{
    BOOST_TEST(preset_error("a:b\nnotanevent\n") ==
               "/p/mine.preset:2: not an event (system:event, globs allowed): \"notanevent\"");
    BOOST_TEST(preset_error("a:b;rm -rf\n") == "/p/mine.preset:1: not an event (system:event, globs allowed): \"a:b;rm\"");
    BOOST_TEST(preset_error("# nothing\n\n") == "/p/mine.preset: names no event");
    BOOST_TEST(preset_error("description: {x}\na:b") ==
               "/p/mine.preset:1: a description may not contain { } or control characters");
    BOOST_TEST(preset_error("description: x\ndescription: y\na:b") == "/p/mine.preset:2: a second description");
    BOOST_TEST(preset_error("description:\na:b") == "/p/mine.preset:1: a description has 1 to 120 characters");
    // Only the offending word is quoted, and at most 40 characters of it.
    BOOST_TEST(preset_error(std::string(200, 'z')) ==
               "/p/mine.preset:1: not an event (system:event, globs allowed): \"" + std::string(40, 'z') + "...\"");
    std::string many;
    for (size_t i = 0; i <= kMaxPresetEvents; ++i) many += "s:e" + std::to_string(i) + "\n";
    BOOST_TEST(preset_error(many) == "/p/mine.preset:" + std::to_string(kMaxPresetEvents + 1) + ": more than " +
                                         std::to_string(kMaxPresetEvents) + " events");
    BOOST_TEST(preset_error(std::string(kMaxPresetFileBytes + 1, '#')) == "/p/mine.preset: larger than 65536 bytes");
}

BOOST_AUTO_TEST_CASE(preset_directories_are_read_in_order_and_offered_in_the_config)
{
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("traceshark-presets-" + std::to_string(getpid()));
    fs::create_directories(root / "first");
    fs::create_directories(root / "second");
    auto write = [](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
    write(root / "first" / "blockio.preset", "description: Block I/O\nblock:block_rq_issue\n");
    write(root / "second" / "blockio.preset", "description: shadowed\nblock:*\n");
    write(root / "second" / "irqs.preset", "irq:*\n");
    write(root / "second" / "files.preset", "a:b\n");          // a built-in name
    write(root / "second" / "broken.preset", "nonsense\n");
    write(root / "second" / "bad name.preset", "a:b\n");
    write(root / "second" / "notes.txt", "not a preset\n");
    mkfifo((root / "second" / "fifo.preset").c_str(), 0600);  // must not block the listing

    const std::string path = (root / "first").string() + ":" + (root / "second").string();
    setenv("TRACESHARK_PRESET_PATH", path.c_str(), 1);
    const std::vector<std::string> dirs = preset_directories();
    BOOST_TEST(dirs.size() == 2u);
    const PresetCatalog c = load_presets(dirs);
    unsetenv("TRACESHARK_PRESET_PATH");

    std::vector<std::string> names;
    for (const Preset& p : c.presets) names.push_back(p.name);
    const std::vector<std::string> want = {"processes", "files", "network", "scheduler", "syscalls", "blockio", "irqs"};
    BOOST_TEST(names == want, boost::test_tools::per_element());
    BOOST_TEST(c.presets[5].display == "Block I/O");  // the first directory's
    std::string problems;
    for (const std::string& p : c.problems) problems += p + "\n";
    const std::string second = (root / "second").string();
    BOOST_TEST(problems.find(second + "/bad name.preset: a preset name has") != std::string::npos, problems);
    BOOST_TEST(problems.find(second + "/broken.preset:1: not an event") != std::string::npos, problems);
    BOOST_TEST(problems.find(second + "/fifo.preset: not a regular file") != std::string::npos, problems);
    BOOST_TEST(problems.find(second + "/files.preset: \"files\" is a built-in preset") != std::string::npos, problems);
    BOOST_TEST(c.problems.size() == 4u, problems);

    std::ostringstream out;
    print_config(out, CommandLine{}, c.presets);
    BOOST_TEST(out.str().find("value {arg=0}{value=blockio}{display=Block I/O}{enabled=true}{default=false}") !=
               std::string::npos);
    // The events of a file preset resolve like a built-in's; one this kernel lacks names the file.
    const std::vector<EventName> available = {{"block", "block_rq_issue"}, {"irq", "irq_handler_entry"}};
    const auto events = resolve_events(c.presets, "blockio,irqs", "", available);
    BOOST_TEST(events.size() == 2u);
    const std::vector<EventName> none = {{"irq", "irq_handler_entry"}};
    try {
        resolve_events(c.presets, "blockio", "", none);
        BOOST_FAIL("no error");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "no event of this kernel matches \"block:block_rq_issue\" (preset file " +
                                                (root / "first" / "blockio.preset").string() + ")");
    }
    fs::remove_all(root);
}

BOOST_AUTO_TEST_CASE(a_builtin_preset_leaves_out_the_syscalls_this_kernel_lacks)
{
    // An arm64 kernel: no open(2), rename(2), pipe(2)...; only the *at and 2/3 forms.
    std::vector<EventName> available;
    for (const char* n : {"openat", "close", "read", "write", "renameat2", "unlinkat"}) {
        available.push_back({"syscalls", std::string("sys_enter_") + n});
        available.push_back({"syscalls", std::string("sys_exit_") + n});
    }
    std::vector<std::string> missing;
    const auto events = resolve_events(builtin_presets(), "files", "", available, &missing);
    BOOST_TEST(events.size() == available.size());
    BOOST_TEST((std::find(missing.begin(), missing.end(), "syscalls:sys_enter_open") != missing.end()));
    BOOST_TEST((std::find(missing.begin(), missing.end(), "syscalls:sys_enter_openat") == missing.end()));
    BOOST_TEST(missing.size() == 2 * traceshark::tracking::LinuxMapper::file_syscalls().size() - available.size());

    auto message = [&](std::string_view presets, std::string_view extra) {
        try {
            resolve_events(builtin_presets(), presets, extra, available);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    // What the user names must exist; a built-in preset must have something.
    BOOST_TEST(message("files", "syscalls:sys_enter_open") == "no event of this kernel matches \"syscalls:sys_enter_open\"");
    BOOST_TEST(message("files,scheduler", "") == "this kernel has none of the events of the preset \"scheduler\"");
}

BOOST_AUTO_TEST_CASE(the_file_and_network_presets_are_the_syscalls_the_tracking_maps)
{
    using traceshark::tracking::LinuxMapper;
    auto preset = [](const std::string& name) {
        for (const auto& p : builtin_presets())
            if (p.name == name) return p.events;
        return std::vector<std::string>{};
    };
    const auto files = preset("files"), network = preset("network");
    BOOST_TEST(files.size() == 2 * LinuxMapper::file_syscalls().size());
    for (const std::string& s : LinuxMapper::file_syscalls())
        BOOST_TEST((std::find(files.begin(), files.end(), "syscalls:sys_exit_" + s) != files.end()), s);
    for (const char* s : {"connect", "sendmmsg", "recvmmsg", "shutdown"})
        BOOST_TEST((std::find(network.begin(), network.end(), std::string("syscalls:sys_enter_") + s) != network.end()), s);
    BOOST_TEST((std::find(files.begin(), files.end(), "syscalls:sys_enter_pipe2") == files.end()));  // not mapped
}
