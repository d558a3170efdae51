#include "extcap_protocol.hpp"

#include <charconv>
#include <stdexcept>

#include "pcapng_writer.hpp"
#include "control_channel.hpp"
#include "presets.hpp"
#include "trace_clock.hpp"

namespace traceshark::extcap {
namespace {

template <typename T>
T number(const std::string& option, const std::string& v)
{
    T x{};
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc{} || p != v.data() + v.size()) throw std::runtime_error(option + ": not a number: \"" + v + "\"");
    return x;
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args)
{
    CommandLine c;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i], value;
        bool has_value = false;
        if (const size_t eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            has_value = true;
        }
        auto arg = [&]() -> std::string {
            if (has_value) return value;
            if (i + 1 >= args.size()) throw std::runtime_error(a + " needs a value");
            return args[++i];
        };
        if (a == "--extcap-interfaces") c.list_interfaces = true;
        else if (a == "--extcap-dlts") c.list_dlts = true;
        else if (a == "--extcap-config") c.list_config = true;
        else if (a == "--capture") c.capture = true;
        else if (a == "--list-events") c.list_events = true;
        else if (a == "--extcap-interface") c.interface = arg();
        else if (a == "--fifo") c.fifo = arg();
        else if (a == "--extcap-version") { if (!has_value && i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) ++i; }
        else if (a == "--extcap-capture-filter") {
            if (!arg().empty()) throw std::runtime_error("capture filters do not apply to ftrace events: use the PID option");
        }
        else if (a == "--extcap-control-in") c.control_in = arg();
        else if (a == "--extcap-control-out") c.control_out = arg();
        else if (a == "--presets") c.presets = arg();
        else if (a == "--events") c.extra_events = arg();
        else if (a == "--buffer-kb") c.buffer_kb = number<unsigned>(a, arg());
        else if (a == "--pid") c.pid = number<int>(a, arg());
        else if (a == "--comm") c.comm = arg();
        else if (a == "--clock") c.clock = arg();
        else if (a == "--instance") c.instance = arg();
        else if (a == "--command") c.command = arg();
        else if (a == "--verbose") c.verbose = true;
        else if (a == "--flush-ms") c.interval_ms = number<unsigned>(a, arg());
        else throw std::runtime_error("unknown argument " + args[i]);
    }
    if (c.interface.size() > kInstanceInterfacePrefix.size() &&
        c.interface.compare(0, kInstanceInterfacePrefix.size(), kInstanceInterfacePrefix) == 0)
        c.attach = c.interface.substr(kInstanceInterfacePrefix.size());
    if ((c.list_dlts || c.list_config || c.capture || c.list_events) && !c.interface.empty() && c.interface != kInterfaceName &&
        c.attach.empty())
        throw std::runtime_error("unknown interface \"" + c.interface + "\" (this extcap has \"ftrace\" and "
                                 "\"ftrace-NAME\" for an existing ftrace instance NAME)");
    if (!c.attach.empty()) {
        // The owner's setup is what gets recorded: options that would change it are refused, not ignored.
        const char* changing = !c.presets.empty() ? "--presets" : !c.extra_events.empty() ? "--events"
                             : c.buffer_kb ? "--buffer-kb" : c.pid ? "--pid" : !c.comm.empty() ? "--comm"
                             : !c.clock.empty() ? "--clock" : !c.instance.empty() ? "--instance"
                             : !c.command.empty() ? "--command" : nullptr;
        if (changing)
            throw std::runtime_error(std::string(changing) + " does not apply to " + c.interface +
                                     ", which records the instance " + c.attach + " as it is set up: use the ftrace "
                                     "interface to choose what to record");
        c.clock = std::string(kDefaultClock);  // unused: the instance's own clock is read when attaching
    }
    // Nothing chosen at all (Wireshark 4.0's dialog starts with no preset ticked) records the default preset.
    if (c.attach.empty() && c.presets.empty() && c.extra_events.empty()) c.presets = std::string(kDefaultPreset);
    if (c.clock.empty()) c.clock = std::string(kDefaultClock);
    trace_clock(c.clock);  // an unknown name is an error now, before anything is set up
    if (!c.command.empty() && c.pid != 0) throw std::runtime_error("--command and --pid exclude each other");
    if (c.capture && c.fifo.empty()) throw std::runtime_error("--capture needs --fifo PATH");
    if (c.interval_ms == 0 || c.interval_ms > 500) throw std::runtime_error("--flush-ms must be 1..500");
    return c;
}

void print_interfaces(std::ostream& out, const std::string& version, const std::vector<std::string>& instances)
{
    out << "extcap {version=" << version << "}\n";
    out << "interface {value=" << kInterfaceName << "}{display=Linux ftrace events (Traceshark)}\n";
    for (const auto& name : instances)
        out << "interface {value=" << kInstanceInterfacePrefix << name << "}{display=ftrace instance " << name
            << " as set up (Traceshark)}\n";
    // A control makes the GUI open the control pipes: the capture's figures reach its status bar and this log.
    out << "control {number=" << int{kLogControl} << "}{type=button}{role=logger}{display=Recorder log}"
           "{tooltip=Events recorded and lost by the kernel, per second}\n";
}

void print_dlts(std::ostream& out)
{
    out << "dlt {number=" << kLinkTypeExportedPdu << "}{name=EXPORTED_PDU}{display=Traceshark events (Exported PDU)}\n";
}

void print_config(std::ostream& out, const CommandLine& c, const std::vector<Preset>& presets)
{
    if (!c.attach.empty()) return;
    // A multicheck's default is the arg's (a comma-separated list of values); the values' own default is ignored.
    out << "arg {number=0}{call=--presets}{display=Presets}{type=multicheck}{default=" << kDefaultPreset << "}"
           "{tooltip=Event sets to record (none ticked and no extra events: processes)}\n";
    for (const auto& p : presets) {
        out << "value {arg=0}{value=" << p.name << "}{display=" << p.display << "}{enabled=true}"
            << (p.name == kDefaultPreset ? "{default=true}" : "{default=false}") << "\n";
    }
    out << "arg {number=1}{call=--events}{display=Extra events}{type=string}"
           "{tooltip=More events: system:event, globs allowed (sched:sched_wak*), comma-separated}\n";
    out << "arg {number=2}{call=--buffer-kb}{display=Buffer per CPU (KiB)}{type=unsigned}{range=64,4194304}"
           "{default=4096}{tooltip=Size of each CPU's ring buffer}\n";
    out << "arg {number=3}{call=--pid}{display=Only this PID}{type=integer}"
           "{tooltip=Record only this process and the processes it forks afterwards (0: all)}\n";
    out << "arg {number=4}{call=--comm}{display=Only this command name}{type=string}"
           "{tooltip=Record only events of tasks with this name (as in /proc/PID/comm, at most 15 characters)}\n";
    out << "arg {number=5}{call=--clock}{display=Trace clock}{type=selector}"
           "{tooltip=The kernel clock events are stamped with; frame times are wall-clock time in any case}\n";
    for (const auto& k : trace_clocks())
        out << "value {arg=5}{value=" << k.name << "}{display=" << k.display << "}"
            << (k.name == kDefaultClock ? "{default=true}" : "{default=false}") << "\n";
    // The selector shows the short display; what each clock means is in the documentation (docs/extcap.md).
    out << "arg {number=6}{call=--command}{display=Command to run}{type=string}"
           "{tooltip=Start this shell command when recording begins and record it and its children only; "
           "the capture ends when it exits. It runs as the user who started the capture}\n";
    out << "arg {number=7}{call=--instance}{display=Instance name}{type=string}"
           "{tooltip=Name of the ftrace instance to record into (default traceshark-PID); it must not exist}\n";
}

}  // namespace traceshark::extcap
