// The extcap side of Wireshark's external-capture protocol (doc/extcap.adoc of Wireshark): what the extcap
// prints for --extcap-interfaces, --extcap-dlts and --extcap-config, and its command line.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "presets.hpp"

namespace traceshark::extcap {

inline constexpr char kInterfaceName[] = "ftrace";
// An existing ftrace instance NAME is the interface ftrace-NAME: recorded as its owner set it up.
inline constexpr std::string_view kInstanceInterfacePrefix = "ftrace-";

struct CommandLine {
    bool list_interfaces = false, list_dlts = false, list_config = false, capture = false;
    bool list_events = false;  // print the events the presets and extra events resolve to (tools/traceshark-record)
    std::string interface, fifo;
    std::string attach;   // the instance behind an ftrace-NAME interface; empty for ftrace itself
    std::string presets;  // empty: the default preset
    std::string extra_events;
    unsigned buffer_kb = 0;
    int pid = 0;
    std::string comm;
    std::string clock;     // empty: the default clock (trace_clock.hpp)
    std::string instance;  // empty: traceshark-<pid>
    std::string command;   // empty: record what runs; else start this and follow it
    std::string control_in, control_out;  // Wireshark's control pipes (the GUI only)
    unsigned interval_ms = 250;
    bool verbose = false;  // a summary on stderr at the end
};

// Throws std::runtime_error naming the bad argument.
CommandLine parse_command_line(const std::vector<std::string>& args);

// `instances`: the existing instances offered as interfaces of their own (attachable_instances()).
void print_interfaces(std::ostream& out, const std::string& version, const std::vector<std::string>& instances);
void print_dlts(std::ostream& out);
// `presets`: what the multicheck offers (the built-in presets and those of the preset files). An instance's
// interface has no options: it records what the instance's owner set up.
void print_config(std::ostream& out, const CommandLine& c, const std::vector<Preset>& presets);

}  // namespace traceshark::extcap
