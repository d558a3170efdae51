#include "ftrace_session.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "tracefs_shim.h"

namespace traceshark::extcap {
namespace {

std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> subdirectories(const std::string& path)
{
    std::vector<std::string> out;
    DIR* d = opendir(path.c_str());
    if (!d) return out;
    while (dirent* e = readdir(d)) {
        if (e->d_type == DT_DIR && e->d_name[0] != '.') out.emplace_back(e->d_name);
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

std::string tracing_dir()
{
    const char* dir = ts_tracing_dir();
    if (!dir) throw std::runtime_error("no tracefs: mount it with `mount -t tracefs nodev /sys/kernel/tracing`");
    return dir;
}

// The size of the commit word in header_page ("field: local_t commit; offset:8; size:8; ..."), which is the
// kernel's long size.
int kernel_long_size(const std::string& header_page)
{
    const size_t at = header_page.find(" commit;");
    if (at != std::string::npos) {
        const size_t size = header_page.find("size:", at);
        if (size != std::string::npos) return std::atoi(header_page.c_str() + size + 5);
    }
    return static_cast<int>(sizeof(long));
}

// Instance names the extcap accepts: a plain directory name.
bool plain_name(const std::string& n)
{
    if (n.empty() || n.size() > 64 || n == "." || n == "..") return false;
    for (const char c : n)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    return true;
}

// By the effective ids: access(2) asks with the real ones, which a setuid-root extcap's caller cannot use in tracefs.
bool exists(const std::string& path)
{
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

void write_instance_file(tracefs_instance* inst, const std::string& file, const std::string& value)
{
    if (ts_instance_file_write(inst, file.c_str(), value.c_str()) < 0)
        throw std::runtime_error("cannot write \"" + value + "\" to " + file + ": " + std::strerror(errno));
}

// The clock between the brackets of a trace_clock file ("local [mono] ...").
std::string selected_clock(const std::string& clocks)
{
    const size_t open = clocks.find('['), close = clocks.find(']', open);
    return open == std::string::npos || close == std::string::npos ? std::string() : clocks.substr(open + 1, close - open - 1);
}

std::string trimmed(const std::string& s)
{
    const size_t end = s.find_last_not_of(" \n");
    return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

// A pid list file's text ("12\n34\n") as one line that can be written back ("12 34").
std::string pid_list(const std::string& text)
{
    std::string line;
    for (char c : text) line += c == '\n' ? ' ' : c;
    return trimmed(line);
}

// Names live recorders give their private instances when not told another (FtraceSession's default).
bool recorder_instance(const std::string& n)
{
    constexpr std::string_view prefix = "traceshark-";
    if (n.size() <= prefix.size() || n.compare(0, prefix.size(), prefix) != 0) return false;
    return std::all_of(n.begin() + prefix.size(), n.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::vector<std::string> attachable_instances()
{
    const char* dir = ts_tracing_dir();
    if (!dir) return {};
    std::vector<std::string> out;
    for (auto& n : subdirectories(std::string(dir) + "/instances"))
        if (plain_name(n) && !recorder_instance(n)) out.push_back(std::move(n));
    return out;
}

wsmeta::FtraceMachine MachineSnapshot::view() const
{
    wsmeta::FtraceMachine m;
    m.hostname = hostname;
    m.uname = uname;
    m.trace_id = trace_id;
    m.params = params;
    m.header_page = header_page;
    m.header_event = header_event;
    for (const auto& [system, text] : formats) m.formats.push_back({system, text});
    m.kallsyms = kallsyms;
    m.printk_formats = printk_formats;
    m.saved_cmdlines = saved_cmdlines;
    return m;
}

void require_tracefs()
{
    if (geteuid() != 0)
        throw std::runtime_error("recording ftrace events needs root (this process runs as uid " +
                                 std::to_string(geteuid()) + "): run the capture as root");
    const std::string dir = tracing_dir();
    // The effective ids decide (a setuid-root copy, as the tests use, runs with the caller's real ids).
    if (faccessat(AT_FDCWD, (dir + "/instances").c_str(), W_OK, AT_EACCESS) != 0)
        throw std::runtime_error("cannot create ftrace instances in " + dir + "/instances: " + std::strerror(errno));
}

std::vector<EventName> FtraceSession::available_events()
{
    const std::string events = tracing_dir() + "/events";
    std::vector<EventName> out;
    for (const auto& sys : subdirectories(events))
        for (const auto& ev : subdirectories(events + "/" + sys)) out.push_back({sys, ev});
    if (out.empty()) throw std::runtime_error("no events in " + events);
    return out;
}

FtraceSession::FtraceSession(const SessionOptions& options)
{
    require_tracefs();
    if (options.events.empty()) throw std::runtime_error("no events selected: choose a preset or name events");
    clock_ = options.clock;
    name_ = options.instance.empty() ? "traceshark-" + std::to_string(getpid()) : options.instance;
    if (!plain_name(name_))
        throw std::runtime_error("--instance: \"" + name_ + "\" is not a plain name (letters, digits, - _ ., at most 64)");
    // libtracefs would hand back an existing instance: recording into someone else's is never right.
    if (exists(tracing_dir() + "/instances/" + name_))
        throw std::runtime_error("the ftrace instance " + name_ + " exists already: choose another instance name");
    instance_ = ts_instance_create(name_.c_str());
    if (!instance_) throw std::runtime_error("cannot create the ftrace instance " + name_ + ": " + std::strerror(errno));
    try {
        write_instance_file(instance_, "tracing_on", "0");
        const std::string clocks = read_text(tracing_dir() + "/instances/" + name_ + "/trace_clock");
        const std::string wanted(clock_->name);
        if ((" " + clocks + " ").find(" " + wanted + " ") == std::string::npos &&
            clocks.find("[" + wanted + "]") == std::string::npos)
            throw std::runtime_error("this kernel has no trace clock " + wanted + " (it has: " +
                                     clocks.substr(0, clocks.find_last_not_of(" \n") + 1) + ")");
        write_instance_file(instance_, "trace_clock", wanted);
        if (options.buffer_kb && ts_instance_set_buffer_kb(instance_, options.buffer_kb) < 0)
            throw std::runtime_error("cannot set the buffer size to " + std::to_string(options.buffer_kb) +
                                     " KiB per CPU: " + std::strerror(errno));
        // Not our own reads and writes: under a syscall preset they would feed the buffers as fast as we empty them.
        // Kernels before 5.9 have no set_event_notrace_pid; there the page limit per window still bounds a window.
        ts_instance_file_write(instance_, "set_event_notrace_pid", std::to_string(getpid()).c_str());
        if (options.pid) {
            write_instance_file(instance_, "set_event_pid", std::to_string(options.pid));
            write_instance_file(instance_, "options/event-fork", "1");
        }
        if (options.comm.find_first_of("\"\\\n") != std::string::npos)
            throw std::runtime_error("command name filter with a quote, backslash or newline: \"" + options.comm + "\"");
        for (const auto& e : options.events) {
            const std::string dir = "events/" + e.system + "/" + e.name + "/";
            // COMM (upper case) is the running task's name, also in events that have a "comm" field of their own.
            if (!options.comm.empty()) write_instance_file(instance_, dir + "filter", "COMM == \"" + options.comm + "\"");
            write_instance_file(instance_, dir + "enable", "1");
        }
        snapshot_machine();
        read_enabled_events();
        offset_ns_ = measure_realtime_offset(*clock_);
        write_instance_file(instance_, "tracing_on", "1");
    } catch (...) {
        ts_instance_remove(instance_);
        throw;
    }
}

FtraceSession::FtraceSession(const AttachTo& existing) : attached_(true), name_(existing.instance)
{
    require_tracefs();
    const std::string dir = tracing_dir() + "/instances/" + name_;
    if (!plain_name(name_) || !exists(dir))
        throw std::runtime_error("there is no ftrace instance \"" + name_ + "\" in " + tracing_dir() + "/instances");
    const std::string clock = selected_clock(read_text(dir + "/trace_clock"));
    const auto& clocks = trace_clocks();
    const auto known = std::find_if(clocks.begin(), clocks.end(), [&](const TraceClock& k) { return k.name == clock; });
    // The extcap must read the instance's clock itself (wall-clock offset, read watermark): counter clocks are out.
    if (known == clocks.end())
        throw std::runtime_error("the ftrace instance " + name_ + " records with the trace clock \"" + clock +
                                 "\", which the extcap cannot read, so its events would have no wall-clock time: "
                                 "switch it to mono (echo mono > " + dir + "/trace_clock, which empties its buffers) "
                                 "or capture on the ftrace interface");
    clock_ = &*known;
    if (trimmed(read_text(dir + "/tracing_on")) != "1")
        throw std::runtime_error("tracing is off in the ftrace instance " + name_ + " (tracing_on is 0): nothing would be recorded");
    instance_ = ts_instance_open(name_.c_str());
    if (!instance_) throw std::runtime_error("cannot open the ftrace instance " + name_ + ": " + std::strerror(errno));
    try {
        read_enabled_events();
        if (enabled_.empty())
            throw std::runtime_error("the ftrace instance " + name_ + " has no event enabled: nothing would be recorded");
        // Not our own reads and writes (see the private session); the owner's list comes back at the end.
        notrace_before_ = pid_list(read_text(dir + "/set_event_notrace_pid"));
        ts_instance_file_write(instance_, "set_event_notrace_pid",
                               (notrace_before_ + (notrace_before_.empty() ? "" : " ") + std::to_string(getpid())).c_str());
        snapshot_machine();
        offset_ns_ = measure_realtime_offset(*clock_);
    } catch (...) {
        ts_instance_close(instance_);
        throw;
    }
}

void FtraceSession::read_enabled_events()
{
    std::istringstream in(read_text(tracing_dir() + "/instances/" + name_ + "/set_event"));
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) enabled_.push_back(line);
}

FtraceSession::~FtraceSession()
{
    if (attached_) {
        // Writing truncates the list first; an empty text leaves it empty.
        ts_instance_file_write(instance_, "set_event_notrace_pid", notrace_before_.c_str());
        ts_instance_close(instance_);
        return;
    }
    ts_instance_file_write(instance_, "tracing_on", "0");
    ts_instance_remove(instance_);  // the instance goes, its buffers and event settings with it
}

void FtraceSession::stop_tracing()
{
    if (!attached_) ts_instance_file_write(instance_, "tracing_on", "0");
}

void FtraceSession::snapshot_machine()
{
    const std::string dir = tracing_dir();
    utsname u{};
    uname(&u);
    MachineSnapshot& m = machine_;
    m.hostname = u.nodename;
    m.release = u.release;
    m.version = u.version;
    m.arch = u.machine;
    // As trace-cmd's UNAME option: "sysname nodename release version machine".
    m.uname = std::string(u.sysname) + " " + u.nodename + " " + u.release + " " + u.version + " " + u.machine;
    uint64_t id = 0;
    if (getrandom(&id, sizeof id, 0) != sizeof id) id = static_cast<uint64_t>(getpid());
    m.trace_id = std::to_string(id);
    m.header_page = read_text(dir + "/events/header_page");
    m.header_event = read_text(dir + "/events/header_event");
    // Every format of the kernel, as trace-cmd stores them (the ftrace system's own ones included).
    const std::string events = dir + "/events";
    for (const auto& sys : subdirectories(events)) {
        for (const auto& ev : subdirectories(events + "/" + sys)) {
            std::ifstream in(events + "/" + sys + "/" + ev + "/format", std::ios::binary);
            if (!in) continue;
            std::ostringstream s;
            s << in.rdbuf();
            m.formats.emplace_back(sys, s.str());
        }
    }
    m.kallsyms = read_text("/proc/kallsyms");
    m.printk_formats = read_text(dir + "/printk_formats");
    m.saved_cmdlines = read_text(dir + "/saved_cmdlines");
    m.params.big_endian = false;
    {
        const uint16_t probe = 1;
        uint8_t first;
        std::memcpy(&first, &probe, 1);
        m.params.big_endian = first == 0;
    }
    m.params.user_long_size = static_cast<int>(sizeof(long));
    m.params.kernel_long_size = kernel_long_size(m.header_page);
    m.params.page_size = static_cast<uint32_t>(getpagesize());
    m.params.cpus = static_cast<int>(sysconf(_SC_NPROCESSORS_CONF));
    m.params.clock_in_ns = true;
    m.params.file_version = 7;  // what `trace-cmd extract` writes by default; the decoding is the same
}

}  // namespace traceshark::extcap
