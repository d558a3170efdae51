// make-guest-pair: turns recorded trace.dat files into a host file and guest files as `trace-cmd record -A`
// writes them on a KVM host, which this machine is not. Each guest file gets a TIME_SHIFT option (per-CPU
// samples with offsets that drift, a scaling that is not 1, fraction bits, a duplicate sample time) whose
// peer is the host's trace id; the host file gets one GUEST option per guest (name, the guest's trace id,
// vCPU -> host task). Events are untouched; only options are added.
//
//   make-guest-pair [--no-interpolate] [--no-fraction] [--samples N] [--tsc2nsec M S] [--corrupt KIND] [--kvm]
//                   HOST_IN HOST_OUT NAME GUEST_IN GUEST_OUT [NAME GUEST_IN GUEST_OUT ...]
//
// --samples N      CPU c gets N + 2c samples (default 4; 1 exercises trace-cmd's offset-only case)
// --no-interpolate TIME_SHIFT flags 0: each sample's offset holds until the next
// --no-fraction    the older layout without the fraction arrays (scaling 1)
// --tsc2nsec M S   a TSC2NSEC option (ns = ts * M >> S) in the guests, applied after TIME_SHIFT
// --kvm            the host (a v6 file) gets a thread per guest vCPU, each on a host CPU of its own added to
//                  the file, entering and leaving its guest (kvm:kvm_entry / kvm:kvm_exit every 200 us over the
//                  guests' time, at guest rips in and outside the guest's kallsyms functions); the GUEST options
//                  map the vCPUs to these threads; the host's kallsyms move by a KASLR slide
// --corrupt KIND   bad data on guest CPU 1: "zero" (no samples), "unsorted", "scaling0", "huge" (a count
//                  larger than the option)
//
// Guest times are mapped to start 20 ms after the host's first event, so the two interleave. Little-endian
// files only; v6 options are inserted before the flyrecord table (CPU data moved by whole pages when the gap
// is too small), v7 options go into a new options section at the end that chains to the original ones.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

namespace {

namespace tc = traceshark::tracecmd;
using Bytes = std::vector<uint8_t>;

Bytes read_all(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path);
    return Bytes(std::istreambuf_iterator<char>(f), {});
}

void write_all(const std::string& path, const Bytes& b)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    if (!f) throw std::runtime_error("cannot write " + path);
}

template <typename T>
void put(Bytes& out, T v)
{
    for (size_t i = 0; i < sizeof v; ++i) out.push_back(static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i)));
}

template <typename T>
T get(const Bytes& b, size_t at)
{
    if (at + sizeof(T) > b.size()) throw std::runtime_error("file too short at " + std::to_string(at));
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= uint64_t{b[at + i]} << (8 * i);
    return static_cast<T>(v);
}

void put_option(Bytes& out, tc::OptionId id, const Bytes& body)
{
    put(out, static_cast<uint16_t>(id));
    put(out, static_cast<uint32_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
}

struct Settings {
    bool interpolate = true;
    bool fraction = true;
    int samples = 4;
    std::string corrupt;
    uint32_t tsc_mult = 0, tsc_shift = 0;  // non-zero: a TSC2NSEC option in the guests too
    bool kvm = false;                      // the host's vCPU threads get kvm_entry/kvm_exit events (v6 host)
};

// What the tool needs to know about a recorded file, read with libs/tracecmd.
struct Facts {
    int version = 0;
    int cpus = 0;
    uint64_t trace_id = 0;  // 0: the file has none and gets one
    uint64_t first = UINT64_MAX, last = 0;  // raw timestamps of the top buffer
    std::vector<int> pids;                  // tasks seen, for the vCPU -> host task map
    int max_tid = 0;                        // the largest thread id the file names (events, saved cmdlines)
    int max_event_id = 0;                   // of the file's formats: kvm events get the next ids
    std::string common_fields;              // the "field:... common_*" lines of the file's formats
    std::string kvm_entry, kvm_exit;        // the file's own kvm:kvm_entry / kvm:kvm_exit formats, if recorded
    std::vector<uint64_t> kernel_text, module_text;  // start addresses of the file's kallsyms functions
};

Facts facts_of(const std::string& path)
{
    auto file = tc::TraceFile::open(path);
    const tc::Metadata& m = file->metadata();
    if (m.big_endian) throw std::runtime_error(path + ": big-endian files are not supported by this tool");
    Facts f;
    f.version = m.file_version;
    f.cpus = m.cpu_count;
    if (m.trace_id) f.trace_id = *m.trace_id;
    for (const auto& src : file->formats().sources()) {
        const std::string_view text = src.text;
        if (src.system == "kvm" && src.name == "kvm_entry") f.kvm_entry = text;
        if (src.system == "kvm" && src.name == "kvm_exit") f.kvm_exit = text;
        if (const size_t id = text.find("\nID: "); id != std::string_view::npos)
            f.max_event_id = std::max(f.max_event_id, std::atoi(std::string(text.substr(id + 5, 12)).c_str()));
        if (f.common_fields.empty())
            for (size_t at = text.find("\tfield:"); at != std::string_view::npos; at = text.find("\tfield:", at + 1)) {
                const std::string_view line = text.substr(at, text.find('\n', at) - at + 1);
                if (line.find(" common_") == std::string_view::npos) break;
                f.common_fields += line;
            }
    }
    file->set_timestamp_options({.raw = true});
    tc::EventReader reader(*file, tc::ReadOptions{{0}, std::nullopt});
    std::set<int> seen;
    while (const tc::Record* r = reader.next()) {
        f.first = std::min(f.first, r->ts);
        f.last = std::max(f.last, r->ts);
        const int pid = file->pid(*r);
        if (pid > 0 && seen.insert(pid).second) f.pids.push_back(pid);
    }
    for (const auto& [pid, comm] : tc::parse_saved_cmdlines(m.saved_cmdlines)) f.max_tid = std::max(f.max_tid, pid);
    for (int pid : f.pids) f.max_tid = std::max(f.max_tid, pid);
    if (f.first > f.last) throw std::runtime_error(path + ": the top buffer has no events");
    // Functions ("T"/"t" lines with an address) of the kernel and of modules ("name\t[module]").
    std::set<uint64_t> kernel, module;
    const std::string_view ks = m.kallsyms;
    for (size_t at = 0; at < ks.size();) {
        const size_t end = std::min(ks.find('\n', at), ks.size());
        const std::string line(ks.substr(at, end - at));
        at = end + 1;
        char type = 0;
        unsigned long long addr = 0;
        if (std::sscanf(line.c_str(), "%llx %c", &addr, &type) != 2 || !addr || (type != 'T' && type != 't')) continue;
        (line.find("\t[") != std::string::npos ? module : kernel).insert(addr);
    }
    f.kernel_text.assign(kernel.begin(), kernel.end());
    f.module_text.assign(module.begin(), module.end());
    return f;
}

Bytes time_shift_option(const Facts& guest, const Facts& host, const Settings& s)
{
    struct Sample {
        int64_t time, offset, scaling, fraction;
    };
    std::vector<std::vector<Sample>> cpus(static_cast<size_t>(guest.cpus));
    const int64_t span = static_cast<int64_t>(guest.last - guest.first);
    const int64_t target = static_cast<int64_t>(host.first) + 20'000'000;
    for (int c = 0; c < guest.cpus; ++c) {
        const int n = s.samples + 2 * c;
        const int64_t fraction = s.fraction ? 20 : 0;
        const int64_t scaling = s.fraction ? (int64_t{1} << 20) + 300 * (c + 1) : 1;
        // At the guest's first event the CPU's mapping lands on `target`; the offset then drifts.
        const int64_t base = target - static_cast<int64_t>((guest.first * static_cast<uint64_t>(scaling)) >> fraction);
        for (int k = 0; k < n; ++k) {
            // Samples from 5 ms into the recording to 5 ms before its end (a tenth of it in a short one): events
            // outside them are extrapolated.
            const int64_t margin = std::min<int64_t>(5'000'000, span / 10);
            const int64_t time = static_cast<int64_t>(guest.first) + margin + (n > 1 ? (span - 2 * margin) * k / (n - 1) : 0);
            const int64_t drift = (k % 2 ? 1 : -1) * 1'500 * k - 700 * c;
            cpus[static_cast<size_t>(c)].push_back({time, base + drift, scaling, fraction});
        }
        // Two samples at one time: trace-cmd keeps the first.
        if (c == 1 && n > 2) {
            Sample dup = cpus[1][1];
            dup.offset += 123'456;
            cpus[1].insert(cpus[1].begin() + 2, dup);
        }
    }
    if (s.corrupt == "zero" && guest.cpus > 1) cpus[1].clear();
    if (s.corrupt == "unsorted" && guest.cpus > 1 && cpus[1].size() > 3) std::swap(cpus[1][0], cpus[1][3]);
    if (s.corrupt == "scaling0" && guest.cpus > 1) cpus[1].back().scaling = 0;

    Bytes b;
    put(b, host.trace_id);
    put(b, static_cast<uint32_t>(s.interpolate ? tc::TimeShift::kFlagInterpolate : 0));
    put(b, static_cast<uint32_t>(cpus.size()));
    for (size_t c = 0; c < cpus.size(); ++c) {
        const auto& cs = cpus[c];
        put(b, static_cast<uint32_t>(s.corrupt == "huge" && c == 1 ? 0x10000000u : cs.size()));
        for (const Sample& x : cs) put(b, x.time);
        for (const Sample& x : cs) put(b, x.offset);
        for (const Sample& x : cs) put(b, x.scaling);
    }
    if (s.fraction)
        for (const auto& cs : cpus)
            for (const Sample& x : cs) put(b, x.fraction);
    return b;
}

// `tids`: the host thread of each vCPU; empty: tasks seen in the host file stand in for them.
Bytes guest_option(const std::string& name, const Facts& guest, const Facts& host, const std::vector<int>& tids)
{
    Bytes b(name.begin(), name.end());
    b.push_back(0);
    put(b, guest.trace_id);
    put(b, static_cast<uint32_t>(guest.cpus));
    for (int v = 0; v < guest.cpus; ++v) {
        put(b, static_cast<uint32_t>(v));
        const size_t i = static_cast<size_t>(v) % std::max<size_t>(1, host.pids.size());
        put(b, static_cast<uint32_t>(!tids.empty() ? tids[static_cast<size_t>(v)] : host.pids.empty() ? 1000 + v : host.pids[i]));
    }
    return b;
}

// v7: a new uncompressed options section at the end, which the header points to and which chains on to the
// original first options section.
Bytes add_options_v7(Bytes file, const Bytes& options)
{
    size_t at = 10;
    while (at < file.size() && file[at]) ++at;  // version string
    at += 1 + 1 + 1 + 4;                        // NUL, endianness, long size, page size
    for (int i = 0; i < 2; ++i) {               // compression name and version
        while (at < file.size() && file[at]) ++at;
        ++at;
    }
    const uint64_t first = get<uint64_t>(file, at);
    const uint64_t section = file.size();
    Bytes body = options;
    Bytes next;
    put(next, first);
    put_option(body, tc::OptionId::Done, next);
    put(file, static_cast<uint16_t>(tc::OptionId::Done));  // options sections have id 0
    put(file, uint16_t{0});                                  // not compressed
    put(file, uint32_t{0});                                  // description: first string
    put(file, static_cast<uint64_t>(body.size()));
    file.insert(file.end(), body.begin(), body.end());
    for (size_t i = 0; i < 8; ++i) file[at + i] = static_cast<uint8_t>(section >> (8 * i));
    return file;
}

// Where the parts of a v6 file are (each offset is that of the part's first byte).
struct V6Layout {
    uint32_t page = 0;
    size_t systems = 0;      // u32 count of event systems
    size_t systems_end = 0;  // after the last system's formats
    size_t cmdlines = 0;     // u64 size of the saved command lines, then the text
    size_t cpus_at = 0;      // u32 CPU count
    uint32_t cpus = 0;
    bool listed = false;     // an options list ("options  ") follows the CPU count
    size_t options = 0;      // first option (after the tag), or where the list would go
    size_t cpucount = 0;     // body of the CPUCOUNT option, 0 without one
    size_t flyrecord = 0;    // the "flyrecord" tag
    size_t table = 0, table_end = 0;  // CPU table (offset, size per CPU), then the trace_clock text if any
    uint64_t data = 0;       // first CPU data byte
};

V6Layout layout_v6(const Bytes& file)
{
    V6Layout l;
    size_t at = 10;
    while (at < file.size() && file[at]) ++at;
    at += 1 + 1 + 1;
    l.page = get<uint32_t>(file, at);
    at += 4;
    auto skip_text = [&](size_t tag) {
        at += tag;
        at += 8 + get<uint64_t>(file, at);
    };
    skip_text(12);  // header_page
    skip_text(13);  // header_event
    for (uint32_t n = get<uint32_t>(file, at), i = (at += 4, 0); i < n; ++i) at += 8 + get<uint64_t>(file, at);
    l.systems = at;
    for (uint32_t systems = get<uint32_t>(file, at), s = (at += 4, 0); s < systems; ++s) {
        while (at < file.size() && file[at]) ++at;
        ++at;
        for (uint32_t n = get<uint32_t>(file, at), i = (at += 4, 0); i < n; ++i) at += 8 + get<uint64_t>(file, at);
    }
    l.systems_end = at;
    at += 4 + get<uint32_t>(file, at);  // kallsyms
    at += 4 + get<uint32_t>(file, at);  // printk formats
    l.cmdlines = at;
    at += 8 + get<uint64_t>(file, at);  // saved cmdlines
    l.cpus_at = at;
    l.cpus = get<uint32_t>(file, at);
    at += 4;
    l.listed = at + 10 <= file.size() && std::memcmp(file.data() + at, "options  ", 10) == 0;
    l.options = l.listed ? at + 10 : at;
    bool trace_clock = false;
    at = l.options;
    for (; l.listed;) {
        const uint16_t id = get<uint16_t>(file, at);
        at += 2;
        if (id == 0) break;
        if (id == static_cast<uint16_t>(tc::OptionId::TraceClock)) trace_clock = true;
        if (id == static_cast<uint16_t>(tc::OptionId::CpuCount)) l.cpucount = at + 4;
        if (id == static_cast<uint16_t>(tc::OptionId::Buffer)) throw std::runtime_error("v6 instances are not supported");
        at += 4 + get<uint32_t>(file, at);
    }
    if (at + 10 > file.size() || std::memcmp(file.data() + at, "flyrecord", 10) != 0)
        throw std::runtime_error("v6 file without a flyrecord table");
    l.flyrecord = at;
    l.table = at + 10;
    l.table_end = l.table + 16 * size_t{l.cpus};
    if (trace_clock) l.table_end += 8 + get<uint64_t>(file, l.table_end);
    l.data = UINT64_MAX;
    for (uint32_t c = 0; c < l.cpus; ++c)
        if (get<uint64_t>(file, l.table + 16 * c + 8)) l.data = std::min(l.data, get<uint64_t>(file, l.table + 16 * c));
    if (l.data == UINT64_MAX || l.data < l.table_end) throw std::runtime_error("v6 CPU data not found after the table");
    return l;
}

template <typename T>
void set(Bytes& b, size_t at, T v)
{
    for (size_t i = 0; i < sizeof v; ++i) b[at + i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
}

// v6: the options go first in the options list (a new list when the file has none); the flyrecord table and the
// trace_clock text after it move down; the CPU data moves by whole pages when the padding before it is too small.
Bytes add_options_v6(const Bytes& file, const Bytes& options)
{
    const V6Layout l = layout_v6(file);
    Bytes added = options;
    if (!l.listed) {  // no options list yet: a new one, ended by a zero id
        static const char tag[10] = "options  ";
        added.insert(added.begin(), tag, tag + 10);
        put(added, uint16_t{0});
    }
    uint64_t moved = 0;
    while (l.table_end + added.size() > l.data + moved) moved += l.page;
    Bytes out(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(l.options));
    out.insert(out.end(), added.begin(), added.end());
    out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(l.options), file.begin() + static_cast<std::ptrdiff_t>(l.table_end));
    out.resize(l.data + moved, 0);
    out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(l.data), file.end());
    const size_t new_table = l.table + added.size();
    for (uint32_t c = 0; c < l.cpus; ++c) {
        const uint64_t off = get<uint64_t>(out, new_table + 16 * c);
        if (off >= l.data) set(out, new_table + 16 * c, off + moved);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// --kvm: the host's vCPU threads enter and leave their guest, as kvm:kvm_entry / kvm:kvm_exit events of a KVM
// host (v6 host files only). Each vCPU thread is pinned to a host CPU of its own, added to the file after the
// recorded ones, so the recorded CPUs' data stays untouched. The formats are the host file's own when its kernel
// had KVM (trace-cmd saves every format, enabled or not); else the running kernel's
// /sys/kernel/tracing/events/kvm; else Linux 6.1's (arch/x86/kvm/trace.h), written here with kvm_exit's VMX
// exit-reason table cut down to the reasons the tool writes; that "kvm" system is then added to the file.
// Payloads are laid out from whichever format is used (fields by name, the ones not named here zero).

struct KvmPlan {
    struct Thread {
        int tid, vcpu;
        std::vector<uint64_t> rips;  // the guest addresses its kvm_exit events carry, in turn (guest_rips)
    };
    std::vector<Thread> threads;  // one per added host CPU
    uint64_t from = 0, to = 0;   // host time (raw) covered
    std::string entry_format, exit_format;
    bool add_system = false;     // the formats are not the file's: add a "kvm" system with them
};

// A KASLR slide of the host kernel against its guests: the host's kallsyms addresses move by it, so that a guest
// rip never names the host function a host-side lookup would find (both files were recorded on one kernel).
constexpr uint64_t kHostSlide = 0x2000000;

// Guest addresses for vCPU `vcpu`'s kvm_exit events, in turn: the start of a guest kernel function, a guest kernel
// function plus an offset, a module function plus an offset (trace-cmd report -i HOST -i GUEST names these
// functions from the guest's kallsyms), a user-space address (below every guest symbol) and one beyond the last
// (the vsyscall page), which it leaves bare. The functions are spread over the guest's kallsyms.
std::vector<uint64_t> guest_rips(const Facts& guest, int vcpu)
{
    std::vector<uint64_t> rips;
    const uint64_t user = 0x55d4c3a01000ull + 0x1000ull * static_cast<uint64_t>(vcpu);
    const auto& k = guest.kernel_text;
    const auto& m = guest.module_text;
    for (size_t n = 0; n < 24; ++n) {
        rips.push_back(user + 0x40 * n);
        if (k.size() < 2) continue;  // kallsyms without addresses: user-space rips only
        const size_t i = (n * 7919 + static_cast<size_t>(vcpu) * 104729) % (k.size() - 1);
        const uint64_t gap = k[i + 1] - k[i];
        rips.push_back(k[i]);
        rips.push_back(k[i] + std::max<uint64_t>(1, std::min<uint64_t>(gap - 1, 4 + 0x13 * n)));
        if (!m.empty()) rips.push_back(m[n % m.size()] + 0x10 + n);
        rips.push_back(0xffffffffff600000ull + 0x400 * (n % 3));
        const size_t j = (i * 31 + 17) % (k.size() - 1);
        rips.push_back(k[j] + std::min<uint64_t>(k[j + 1] - k[j] - 1, 1 + n));
    }
    return rips;
}

int format_id(const std::string& text)
{
    const size_t at = text.find("\nID: ");
    return at == std::string::npos ? -1 : std::atoi(text.c_str() + at + 5);
}

// An event of `format` whose fields named in `values` hold those values (little-endian), the others zero.
Bytes event_payload(const std::string& format, const std::vector<std::pair<std::string, uint64_t>>& values)
{
    Bytes b;
    for (size_t at = format.find("\tfield:"); at != std::string::npos; at = format.find("\tfield:", at + 1)) {
        const std::string line = format.substr(at, format.find('\n', at) - at);
        const size_t semi = line.find(';');
        const size_t name_start = line.find_last_of(" *", semi) + 1;
        std::string name = line.substr(name_start, semi - name_start);
        if (const size_t bracket = name.find('['); bracket != std::string::npos) name.resize(bracket);
        const size_t off_at = line.find("offset:"), size_at = line.find("size:");
        if (off_at == std::string::npos || size_at == std::string::npos) continue;
        const size_t off = std::strtoul(line.c_str() + off_at + 7, nullptr, 10);
        const size_t size = std::strtoul(line.c_str() + size_at + 5, nullptr, 10);
        if (b.size() < off + size) b.resize(off + size, 0);
        for (const auto& [field, value] : values)
            if (field == name)
                for (size_t i = 0; i < size && i < 8; ++i) b[off + i] = static_cast<uint8_t>(value >> (8 * i));
    }
    b.resize((b.size() + 3) & ~size_t{3}, 0);
    return b;
}

constexpr uint64_t kKvmPeriod = 200'000;  // a vCPU thread enters its guest every 200 us ...
constexpr uint64_t kKvmInGuest = 150'000; // ... and leaves it 150 us later
constexpr uint32_t kExitReasons[] = {1, 12, 30, 48, 10};

std::string read_text(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    return f ? std::string(std::istreambuf_iterator<char>(f), {}) : std::string();
}

// The format text of kvm:<name> with the given id (the kernel's, with its id replaced, when tracefs has it).
std::string kvm_format(const std::string& name, int id, const std::string& common)
{
    std::string text = read_text("/sys/kernel/tracing/events/kvm/" + name + "/format");
    if (!text.empty()) {
        const size_t at = text.find("\nID: ");
        const size_t end = at == std::string::npos ? at : text.find('\n', at + 1);
        if (end != std::string::npos) return text.replace(at + 5, end - at - 5, std::to_string(id));
    }
    std::string f = "name: " + name + "\nID: " + std::to_string(id) + "\nformat:\n" + common + "\n";
    if (name == "kvm_entry")
        return f + "\tfield:unsigned int vcpu_id;\toffset:8;\tsize:4;\tsigned:0;\n"
                   "\tfield:unsigned long rip;\toffset:16;\tsize:8;\tsigned:0;\n\n"
                   "print fmt: \"vcpu %u, rip 0x%lx\", REC->vcpu_id, REC->rip\n";
    return f + "\tfield:unsigned int exit_reason;\toffset:8;\tsize:4;\tsigned:0;\n"
               "\tfield:unsigned long guest_rip;\toffset:16;\tsize:8;\tsigned:0;\n"
               "\tfield:u32 isa;\toffset:24;\tsize:4;\tsigned:0;\n"
               "\tfield:u64 info1;\toffset:32;\tsize:8;\tsigned:0;\n"
               "\tfield:u64 info2;\toffset:40;\tsize:8;\tsigned:0;\n"
               "\tfield:u32 intr_info;\toffset:48;\tsize:4;\tsigned:0;\n"
               "\tfield:u32 error_code;\toffset:52;\tsize:4;\tsigned:0;\n"
               "\tfield:unsigned int vcpu_id;\toffset:56;\tsize:4;\tsigned:0;\n\n"
               "print fmt: \"vcpu %u reason %s rip 0x%lx info1 0x%016llx info2 0x%016llx intr_info 0x%08x error_code "
               "0x%08x\", REC->vcpu_id, __print_symbolic(REC->exit_reason, { 0, \"EXCEPTION_NMI\" }, "
               "{ 1, \"EXTERNAL_INTERRUPT\" }, { 10, \"CPUID\" }, { 12, \"HLT\" }, { 30, \"IO_INSTRUCTION\" }, "
               "{ 48, \"EPT_VIOLATION\" }), REC->guest_rip, REC->info1, REC->info2, REC->intr_info, REC->error_code\n";
}

// One host CPU's pages: vCPU `vcpu`'s thread entering and leaving its guest over the plan's time range.
Bytes kvm_cpu_pages(const KvmPlan& plan, size_t slot, uint32_t page_size)
{
    Bytes out;
    const uint32_t header = 16;  // page timestamp + 8-byte commit (long size 8)
    std::vector<Bytes> events;
    std::vector<uint64_t> times;
    const int tid = plan.threads[slot].tid, vcpu = plan.threads[slot].vcpu;
    const std::vector<uint64_t>& rips = plan.threads[slot].rips;
    // kvm_entry resumes the guest where it left (the last exit's rip); kvm_exit leaves it at the next rip.
    uint64_t rip = 0x55d4c3a00000ull + 0x1000ull * static_cast<uint64_t>(vcpu);
    int n = 0;
    for (uint64_t t = plan.from + 37'000ull * slot; t < plan.to; t += kKvmPeriod, ++n) {
        const uint64_t common_pid = static_cast<uint32_t>(tid);
        events.push_back(event_payload(plan.entry_format, {{"common_type", static_cast<uint64_t>(format_id(plan.entry_format))},
                                                           {"common_pid", common_pid}, {"vcpu_id", static_cast<uint64_t>(vcpu)},
                                                           {"rip", rip}}));
        times.push_back(t);
        const uint32_t reason = kExitReasons[static_cast<size_t>(n) % std::size(kExitReasons)];
        rip = rips[static_cast<size_t>(n) % rips.size()];
        const Bytes exit = event_payload(plan.exit_format, {
            {"common_type", static_cast<uint64_t>(format_id(plan.exit_format))}, {"common_pid", common_pid},
            {"exit_reason", reason}, {"guest_rip", rip}, {"isa", 1},  // VMX
            {"info1", reason == 48 ? 0x181 : 0}, {"info2", reason == 48 ? 0xfee00000ull + 0x10ull * static_cast<uint64_t>(n % 16) : 0},
            {"intr_info", reason == 1 ? 0x800000ec : 0}, {"vcpu_id", static_cast<uint64_t>(vcpu)}});
        events.push_back(exit);
        times.push_back(t + kKvmInGuest);
    }
    size_t i = 0;
    while (i < events.size()) {
        Bytes page;
        put(page, times[i]);
        put(page, uint64_t{0});  // commit, set below
        uint64_t last = times[i];
        for (; i < events.size() && page.size() + 4 + events[i].size() <= page_size; ++i) {
            // type_len = payload words (payloads here are at most 112 bytes), time delta in the upper 27 bits
            put(page, static_cast<uint32_t>(events[i].size() / 4) | static_cast<uint32_t>((times[i] - last) << 5));
            page.insert(page.end(), events[i].begin(), events[i].end());
            last = times[i];
        }
        set(page, 8, static_cast<uint64_t>(page.size() - header));
        page.resize(page_size, 0);
        out.insert(out.end(), page.begin(), page.end());
    }
    return out;
}

// A v6 host file with the kvm system's formats, its vCPU threads' names in the saved command lines and one more
// CPU per vCPU thread holding its kvm events.
Bytes add_kvm_v6(const Bytes& file, const KvmPlan& plan)
{
    const V6Layout l = layout_v6(file);
    const uint32_t added = static_cast<uint32_t>(plan.threads.size());
    Bytes out(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(l.systems));
    put(out, get<uint32_t>(file, l.systems) + (plan.add_system ? 1 : 0));
    out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(l.systems + 4), file.begin() + static_cast<std::ptrdiff_t>(l.systems_end));
    if (plan.add_system) {
        static const char kSystem[] = "kvm";
        out.insert(out.end(), kSystem, kSystem + sizeof kSystem);
        put(out, uint32_t{2});
        for (const std::string* text : {&plan.entry_format, &plan.exit_format}) {
            put(out, static_cast<uint64_t>(text->size()));
            out.insert(out.end(), text->begin(), text->end());
        }
    }
    // kallsyms: the host kernel's text moved by kHostSlide; then the printk formats as they are.
    const uint32_t ks_size = get<uint32_t>(file, l.systems_end);
    const std::string ks(file.begin() + static_cast<std::ptrdiff_t>(l.systems_end + 4),
                         file.begin() + static_cast<std::ptrdiff_t>(l.systems_end + 4 + ks_size));
    std::string slid;
    for (size_t at = 0; at < ks.size();) {
        const size_t end = std::min(ks.find('\n', at), ks.size());
        std::string line = ks.substr(at, end - at);
        at = end + 1;
        unsigned long long addr = 0;
        if (line.size() > 17 && line[16] == ' ' && std::sscanf(line.c_str(), "%16llx", &addr) == 1 && addr >= 0xffffffff80000000ull) {
            char hex[17];
            std::snprintf(hex, sizeof hex, "%016llx", addr + kHostSlide);
            line.replace(0, 16, hex);
        }
        slid += line;
        if (end < ks.size()) slid += '\n';
    }
    put(out, static_cast<uint32_t>(slid.size()));
    out.insert(out.end(), slid.begin(), slid.end());
    out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(l.systems_end + 4 + ks_size), file.begin() + static_cast<std::ptrdiff_t>(l.cmdlines));
    std::string cmdlines(file.begin() + static_cast<std::ptrdiff_t>(l.cmdlines + 8),
                         file.begin() + static_cast<std::ptrdiff_t>(l.cpus_at));
    for (const KvmPlan::Thread& t : plan.threads)
        cmdlines += std::to_string(t.tid) + " CPU " + std::to_string(t.vcpu) + "/KVM\n";
    put(out, static_cast<uint64_t>(cmdlines.size()));
    out.insert(out.end(), cmdlines.begin(), cmdlines.end());
    const size_t shift = out.size() - l.cpus_at;  // how far everything from the CPU count on moved
    put(out, l.cpus + added);
    out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(l.cpus_at + 4), file.begin() + static_cast<std::ptrdiff_t>(l.table + 16 * size_t{l.cpus}));
    if (l.cpucount) set(out, l.cpucount + shift, l.cpus + added);
    const size_t table = out.size() - 16 * size_t{l.cpus};
    for (uint32_t c = 0; c < added; ++c) {  // offsets and sizes of the added CPUs, set below
        put(out, uint64_t{0});
        put(out, uint64_t{0});
    }
    out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(l.table + 16 * size_t{l.cpus}), file.begin() + static_cast<std::ptrdiff_t>(l.table_end));
    uint64_t data = l.data;
    while (data < out.size()) data += l.page;
    out.resize(data, 0);
    out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(l.data), file.end());
    for (uint32_t c = 0; c < l.cpus; ++c)
        if (get<uint64_t>(out, table + 16 * c + 8)) set(out, table + 16 * c, get<uint64_t>(out, table + 16 * c) - l.data + data);
    for (uint32_t c = 0; c < added; ++c) {
        out.resize((out.size() + l.page - 1) / l.page * l.page, 0);
        const Bytes pages = kvm_cpu_pages(plan, c, l.page);
        set(out, table + 16 * (l.cpus + c), static_cast<uint64_t>(out.size()));
        set(out, table + 16 * (l.cpus + c) + 8, static_cast<uint64_t>(pages.size()));
        out.insert(out.end(), pages.begin(), pages.end());
    }
    return out;
}

Bytes with_options(const std::string& path, int version, const Bytes& options)
{
    const Bytes file = read_all(path);
    return version == 6 ? add_options_v6(file, options) : add_options_v7(file, options);
}

}  // namespace

int main(int argc, char** argv)
{
    Settings s;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--no-interpolate") s.interpolate = false;
        else if (a == "--no-fraction") s.fraction = false;
        else if (a == "--kvm") s.kvm = true;
        else if (a == "--samples" && i + 1 < argc) s.samples = std::max(1, std::atoi(argv[++i]));
        else if (a == "--corrupt" && i + 1 < argc) s.corrupt = argv[++i];
        else if (a == "--tsc2nsec" && i + 2 < argc) {
            s.tsc_mult = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 0));
            s.tsc_shift = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 0));
        }
        else args.push_back(a);
    }
    if (args.size() < 5 || (args.size() - 2) % 3 != 0) {
        std::fputs("usage: make-guest-pair [--no-interpolate] [--no-fraction] [--samples N] [--corrupt zero|unsorted|scaling0|huge] [--kvm]\n"
                   "                       HOST_IN HOST_OUT NAME GUEST_IN GUEST_OUT [NAME GUEST_IN GUEST_OUT ...]\n",
                   stderr);
        return 2;
    }
    try {
        // A file without a TRACEID option (older recordings) gets one: the GUEST and TIME_SHIFT options name it.
        auto identify = [](Facts& f, Bytes& options, uint64_t id) {
            if (f.trace_id) return;
            f.trace_id = id;
            Bytes b;
            put(b, id);
            put_option(options, tc::OptionId::TraceId, b);
        };
        Facts host = facts_of(args[0]);
        if (s.kvm && host.version != 6) throw std::runtime_error("--kvm needs a v6 host file (trace-cmd convert --file-version 6)");
        Bytes host_options;
        identify(host, host_options, 0x686f737400000001ull);
        KvmPlan kvm;
        kvm.from = host.first;
        kvm.add_system = host.kvm_entry.empty() || host.kvm_exit.empty();
        kvm.entry_format = kvm.add_system ? kvm_format("kvm_entry", host.max_event_id + 1, host.common_fields) : host.kvm_entry;
        kvm.exit_format = kvm.add_system ? kvm_format("kvm_exit", host.max_event_id + 2, host.common_fields) : host.kvm_exit;
        // vCPU threads: thread ids the host file does not use.
        const int first_tid = host.max_tid + 100;
        std::vector<Facts> guests;
        for (size_t g = 2; g < args.size(); g += 3) guests.push_back(facts_of(args[g + 1]));
        // Every vCPU thread's rips come from the first guest with kallsyms functions: a vCPU of a guest without
        // them then has rips only another guest's kallsyms would name.
        const Facts* rip_source = &guests.front();
        for (const Facts& f : guests)
            if (f.kernel_text.size() >= 2) {
                rip_source = &f;
                break;
            }
        for (size_t g = 2; g < args.size(); g += 3) {
            Facts guest = guests[(g - 2) / 3];
            Bytes guest_options;
            identify(guest, guest_options, 0x6775657374000000ull + g);
            std::vector<int> tids;
            if (s.kvm) {
                for (int v = 0; v < guest.cpus; ++v) {
                    tids.push_back(first_tid + static_cast<int>(kvm.threads.size()));
                    kvm.threads.push_back({tids.back(), v, guest_rips(*rip_source, v)});
                }
                // Guest times start 20 ms after the host's first event (time_shift_option); 10 ms spare.
                kvm.to = std::max(kvm.to, host.first + 30'000'000 + (guest.last - guest.first));
            }
            put_option(host_options, tc::OptionId::Guest, guest_option(args[g], guest, host, tids));
            put_option(guest_options, tc::OptionId::TimeShift, time_shift_option(guest, host, s));
            if (s.tsc_mult) {
                Bytes t;
                put(t, s.tsc_mult);
                put(t, s.tsc_shift);
                put(t, uint64_t{0});
                put_option(guest_options, tc::OptionId::Tsc2Nsec, t);
            }
            write_all(args[g + 2], with_options(args[g + 1], guest.version, guest_options));
        }
        if (s.kvm) write_all(args[1], add_options_v6(add_kvm_v6(read_all(args[0]), kvm), host_options));
        else write_all(args[1], with_options(args[0], host.version, host_options));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make-guest-pair: %s\n", e.what());
        return 1;
    }
    return 0;
}
