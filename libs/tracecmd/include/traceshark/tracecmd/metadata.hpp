// What a trace.dat file says about itself: machine, buffers, clocks and the options chain.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace traceshark::tracecmd {

// Option and section ids (one id space in trace-cmd, see trace-cmd.dat.v7(5)).
enum class OptionId : uint16_t {
    Done = 0, Date = 1, CpuStat = 2, Buffer = 3, TraceClock = 4, Uname = 5, Hook = 6, Offset = 7,
    CpuCount = 8, Version = 9, ProcMaps = 10, TraceId = 11, TimeShift = 12, Guest = 13, Tsc2Nsec = 14,
    Strings = 15, HeaderInfo = 16, FtraceEvents = 17, EventFormats = 18, Kallsyms = 19, Printk = 20,
    CmdLines = 21, BufferText = 22, BtfFile = 23, LastBootInfo = 24, ModulesFile = 25,
};

// The traced machine, from the UNAME option ("sysname nodename release version machine").
struct Machine {
    std::string system;          // "Linux"
    std::string hostname;
    std::string kernel_release;  // "6.1.0-18-amd64"
    std::string kernel_version;  // "#1 SMP PREEMPT_DYNAMIC Debian ..."
    std::string arch;            // "x86_64"
    std::string uname;           // the option text as recorded
};

// Where one CPU's ring-buffer pages are in the file (v7: compressed size when the buffer is compressed).
struct CpuData {
    int cpu = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
};

// A ftrace buffer: the top one (empty name) or an instance.
struct Buffer {
    std::string name;
    std::string clock;            // active trace clock of this buffer ("local", "x86-tsc", ...)
    uint32_t page_size = 0;       // ring-buffer sub-buffer size of this buffer
    bool compressed = false;      // v7: per-CPU data is a chunk list
    bool latency = false;         // latency-format (text) buffer instead of binary pages
    uint64_t section_offset = 0;  // v7: offset of the data section header; v6: of the CPU table
    std::vector<CpuData> cpus;    // CPUs with data (v7 ids may be sparse)
};

// One v7 section as found by walking the file.
struct Section {
    uint16_t id = 0;
    uint16_t flags = 0;
    std::string description;
    uint64_t offset = 0;  // of the 16-byte section header
    uint64_t size = 0;    // of the body as stored
};

// TSC2NSEC option: ns = (ts * mult) >> shift.
struct Tsc2Nsec {
    uint32_t mult = 0;
    uint32_t shift = 0;
    uint64_t offset = 0;
};

// Something in the file worth knowing that did not stop reading (unknown option, inconsistent count, ...).
struct Note {
    uint64_t offset = 0;
    std::string message;
};

// GUEST option of a host file: a virtual machine traced together with this host (`trace-cmd record -A`).
struct Guest {
    std::string name;
    uint64_t trace_id = 0;                              // the TRACEID option of the guest's own file
    std::vector<std::pair<int, int>> vcpu_to_host_pid;  // (vCPU, pid of the host task running it), as recorded
    // The host task that runs `vcpu`, -1 if the option does not say.
    int host_pid(int vcpu) const
    {
        for (const auto& [cpu, pid] : vcpu_to_host_pid)
            if (cpu == vcpu) return pid;
        return -1;
    }
};

// TIME_SHIFT option of a guest file: samples of the guest-to-host clock mapping, per guest CPU, as recorded
// (GuestClockSync validates and applies them).
struct TimeShift {
    static constexpr uint32_t kFlagInterpolate = 1;  // offsets are interpolated between samples
    uint64_t peer_trace_id = 0;                      // trace id of the host file
    uint32_t flags = 0;
    struct Sample {
        int64_t time;      // guest clock when the sample was taken
        int64_t offset;    // host - guest
        int64_t scaling;   // host = guest * scaling >> fraction (+ offset)
        int64_t fraction;  // 0 when the file predates fraction bits
    };
    std::vector<std::vector<Sample>> per_cpu;
    uint64_t offset = 0;                // of the option body in the file
    std::vector<uint64_t> cpu_offsets;  // of each CPU's sample count
    std::optional<Note> damage;         // the option could not be read (per_cpu is then empty)
};

struct Metadata {
    int file_version = 0;
    bool big_endian = false;
    int user_long_size = 0;    // long size of the recording tool (file header)
    int kernel_long_size = 0;  // long size of the traced kernel (from header_page)
    uint32_t page_size = 0;
    std::string compression = "none";
    std::string compression_version;

    Machine machine;
    int cpu_count = 0;           // CPUs of the traced machine (header / CPUCOUNT)
    std::string trace_clock;     // active clock of the top buffer
    bool clock_in_ns = true;     // timestamps are nanoseconds (after TSC2NSEC where present)
    std::string tracecmd_version;
    std::optional<int64_t> date_offset_us;  // DATE option: gettimeofday - trace clock, in microseconds
    int64_t offset_option = 0;              // OFFSET option, added to timestamps
    std::optional<Tsc2Nsec> tsc2nsec;
    std::optional<uint64_t> trace_id;
    std::vector<std::string> cpustats;  // one text per CPU, as recorded
    std::vector<std::string> hooks;
    std::string procmaps;
    std::vector<Guest> guests;
    std::vector<TimeShift> time_shifts;  // as recorded; the last one is applied (as trace-cmd does)
    std::vector<Section> sections;  // v7 only
    std::vector<Note> notes;
    // Damage found while opening that reading went around (v7: an unreadable options section, data sections
    // found without it); every EventReader reports it first in its damage().
    std::vector<Note> damage;

    std::string_view header_page;   // events/header_page format text
    std::string_view header_event;  // events/header_event format text
    std::string_view kallsyms;
    std::string_view printk_formats;
    std::string_view saved_cmdlines;
};

// pid -> comm from the text of trace-cmd's saved command lines ("pid comm" lines).
std::map<int, std::string> parse_saved_cmdlines(std::string_view text);

}  // namespace traceshark::tracecmd
