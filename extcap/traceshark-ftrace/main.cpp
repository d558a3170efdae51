// traceshark-ftrace: Wireshark extcap recording Linux ftrace events live (docs/extcap.md).
#include <sys/prctl.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <time.h>
#include <iostream>
#include <string>
#include <vector>

#include "control_channel.hpp"
#include "extcap_protocol.hpp"
#include "followed_command.hpp"
#include "ftrace_session.hpp"
#include "live_stream.hpp"
#include "pcapng_writer.hpp"
#include "preset_files.hpp"
#include "presets.hpp"

namespace {

using namespace traceshark::extcap;

volatile std::sig_atomic_t g_stop = 0;

void on_stop_signal(int) { g_stop = 1; }

void install_signals()
{
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: the poll sleep ends at once
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a vanished reader shows up as EPIPE on write
    // Wireshark normally sends SIGTERM; if it dies instead, stop all the same and remove the instance.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
}

int record(FtraceSession& session, const CommandLine& c, FollowedCommand* command, PcapngWriter& out,
           const std::vector<std::string>& missing = {});

// The events the presets and extra events name, resolved against this kernel's; `missing`: the built-in presets'
// events it lacks.
std::vector<EventName> chosen_events(const CommandLine& c, std::vector<std::string>& missing)
{
    const PresetCatalog catalog = load_presets(preset_directories());
    try {
        return resolve_events(catalog.presets, c.presets, c.extra_events, FtraceSession::available_events(), &missing);
    } catch (const std::runtime_error& e) {
        // A preset whose file could not be used is unknown: say why.
        std::string why = e.what();
        for (const std::string& p : catalog.problems) why += "\n  preset file not used: " + p;
        throw std::runtime_error(why);
    }
}

std::string joined(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : " ") + x;
    return out;
}

int capture(const CommandLine& c)
{
    install_signals();
    // The fifo first, errors or not: dumpcap blocks opening its end until we open ours, and Wireshark 4.0 does not
    // always notice an extcap that exits before that (the capture would hang instead of showing our message).
    std::FILE* fifo = std::fopen(c.fifo.c_str(), "wb");
    if (!fifo) throw std::runtime_error("cannot open the fifo " + c.fifo);
    PcapngWriter out(fifo);
    require_tracefs();
    if (!c.attach.empty()) {
        FtraceSession session(AttachTo{c.attach});
        return record(session, c, nullptr, out);
    }
    SessionOptions o;
    std::vector<std::string> missing;
    o.events = chosen_events(c, missing);
    o.buffer_kb = c.buffer_kb;
    o.pid = c.pid;
    o.comm = c.comm;
    o.clock = &trace_clock(c.clock);
    o.instance = c.instance;
    std::unique_ptr<FollowedCommand> command;
    if (!c.command.empty()) {
        command = std::make_unique<FollowedCommand>(c.command);  // waits until the instance records
        o.pid = command->pid();
    }
    FtraceSession session(o);
    if (command) command->release();
    return record(session, c, command.get(), out, missing);
}

// Streams the session's events into `out` until stopped (signal, Wireshark closing the control pipe, the followed
// command's exit, the reader going away).
int record(FtraceSession& session, const CommandLine& c, FollowedCommand* command, PcapngWriter& out,
           const std::vector<std::string>& missing)
{
    ControlChannel control(c.control_in, c.control_out);
    if (!missing.empty()) control.log("not on this kernel, not recorded: " + joined(missing));
    control.log(std::string(session.attached() ? "recording the ftrace instance " : "recording into ftrace instance ") +
                session.name() + " (clock " + std::string(session.clock().name) + "), " +
                std::to_string(session.enabled_events().size()) + " events enabled" +
                (command ? ", following command pid " + std::to_string(command->pid()) : ""));
    StreamStats s;
    timespec last{};
    clock_gettime(CLOCK_MONOTONIC, &last);
    uint64_t last_lost = 0, last_events = 0;
    auto after_window = [&](const StreamStats& now) {
        if (control.closed_by_wireshark()) g_stop = 1;
        if (command && command->exited()) g_stop = 1;
        timespec t{};
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec - last.tv_sec < 1) return;
        const std::string line = "ftrace: " + std::to_string(now.events) + " events, " + std::to_string(now.lost) +
                                 " lost by the kernel";
        control.status(line);
        if (now.lost != last_lost || now.events != last_events) control.log(line);
        last = t;
        last_lost = now.lost;
        last_events = now.events;
    };
    try {
        stream(session, out, &g_stop, c.interval_ms, s, after_window);
    } catch (const ReaderGone&) {
        // dumpcap stopped and closed the fifo before (or instead of) signalling us: the capture is over.
    }
    // Wireshark shows anything on stderr as an error: the summary only on request.
    if (c.verbose)
        std::fprintf(stderr, "traceshark-ftrace: %llu events from %llu pages, %llu lost by the kernel, %llu damaged pages\n",
                     static_cast<unsigned long long>(s.events), static_cast<unsigned long long>(s.pages),
                     static_cast<unsigned long long>(s.lost), static_cast<unsigned long long>(s.damaged_pages));
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    using namespace traceshark::extcap;
    try {
        const CommandLine c = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
        if (c.list_interfaces) {
            print_interfaces(std::cout, TRACESHARK_VERSION, attachable_instances());
            return 0;
        }
        if (c.list_dlts) {
            print_dlts(std::cout);
            return 0;
        }
        if (c.list_config) {
            // Files that cannot be used are left out of the dialog; a capture that names one says why.
            print_config(std::cout, c, load_presets(preset_directories()).presets);
            return 0;
        }
        if (c.list_events) {
            // For tools/traceshark-record: one system:event a line; what this kernel lacks, on stderr.
            require_tracefs();
            std::vector<std::string> missing;
            for (const auto& e : chosen_events(c, missing)) std::cout << e.system << ":" << e.name << "\n";
            if (!missing.empty()) std::cerr << "traceshark-ftrace: not on this kernel, not recorded: " << joined(missing) << "\n";
            return 0;
        }
        if (c.capture) return capture(c);
        std::cerr << "usage: traceshark-ftrace --extcap-interfaces | --extcap-interface ftrace "
                     "(--extcap-dlts | --extcap-config | --capture --fifo PATH [--presets LIST] [--events LIST] "
                     "[--buffer-kb N] [--pid PID] [--comm NAME] [--clock mono|boot|mono_raw|tai] [--command CMD] "
                     "[--instance NAME] [--verbose]) | --extcap-interface ftrace-INSTANCE (--extcap-dlts | --extcap-config | "
                     "--capture --fifo PATH [--verbose])\n";
        return 1;
    } catch (const std::exception& e) {
        // Wireshark shows an extcap's stderr in its error dialog when it exits non-zero.
        std::cerr << "traceshark-ftrace: " << e.what() << "\n";
        return 1;
    }
}
