#include "file_parser.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>

#include "traceshark/common/mapped_file.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd {

using detail::ByteReader;

namespace {

constexpr uint8_t kMagic[] = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};
// A compressed metadata section (kallsyms, formats) is a few MB; refuse to inflate absurd claims.
constexpr uint64_t kMaxSectionBytes = 512ull << 20;
constexpr int kMaxOptionSections = 4096;
// Recovery of a file whose options are unreadable: at most this many sections walked and CPUs found per buffer.
constexpr int kMaxRecoveredSections = 4096;
constexpr int kMaxRecoveredCpus = 4096;

std::string trimmed(std::string_view s)
{
    while (!s.empty() && (s.back() == '\0' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    return std::string(s);
}

int64_t parse_integer(std::string_view text)
{
    std::string s = trimmed(text);
    return std::strtoll(s.c_str(), nullptr, 0);
}

// "sysname nodename release version... machine"
Machine parse_uname(std::string_view text)
{
    Machine m;
    m.uname = trimmed(text);
    std::vector<std::string> words;
    size_t i = 0;
    const std::string& u = m.uname;
    while (i < u.size()) {
        while (i < u.size() && u[i] == ' ') ++i;
        size_t j = i;
        while (j < u.size() && u[j] != ' ') ++j;
        if (j > i) words.emplace_back(u.substr(i, j - i));
        i = j;
    }
    // trace-cmd writes "sysname nodename release version machine"; some writers leave the version out.
    if (words.size() >= 1) m.system = words[0];
    if (words.size() >= 2) m.hostname = words[1];
    if (words.size() >= 3) m.kernel_release = words[2];
    if (words.size() >= 4) m.arch = words.back();
    if (words.size() >= 5) {
        size_t start = 0;
        for (int w = 0; w < 3; ++w) start = u.find(words[static_cast<size_t>(w)], start) + words[static_cast<size_t>(w)].size();
        const size_t end = u.rfind(words.back());
        if (end > start) m.kernel_version = trimmed(u.substr(start, end - start));
        while (!m.kernel_version.empty() && m.kernel_version.front() == ' ') m.kernel_version.erase(0, 1);
    }
    return m;
}

// The active clock is the one in brackets: "local [global] counter".
std::string active_clock(std::string_view text)
{
    const size_t open = text.find('[');
    if (open == std::string_view::npos) return {};
    const size_t close = text.find(']', open);
    if (close == std::string_view::npos) return {};
    return std::string(text.substr(open + 1, close - open - 1));
}

bool is_ns_clock(const std::string& c)
{
    return c == "local" || c == "global" || c == "uptime" || c == "perf" || c.rfind("mono", 0) == 0 ||
           c == "tsc2nsec" || c == "tai";
}

const char* option_name(uint16_t id)
{
    static const char* const names[] = {"DONE", "DATE", "CPUSTAT", "BUFFER", "TRACECLOCK", "UNAME", "HOOK",
                                        "OFFSET", "CPUCOUNT", "VERSION", "PROCMAPS", "TRACEID", "TIME_SHIFT",
                                        "GUEST", "TSC2NSEC", "STRINGS", "HEADER_INFO", "FTRACE_EVENTS",
                                        "EVENT_FORMATS", "KALLSYMS", "PRINTK", "CMDLINES", "BUFFER_TEXT",
                                        "BTF_FILE", "LAST_BOOT_INFO", "MODULES_FILE"};
    return id < std::size(names) ? names[id] : "unknown";
}

}  // namespace

FileParser::FileParser(TraceFile& file) : tf_(file), m_(file.meta_) {}

void FileParser::parse()
{
    const detail::MappedFile& f = *tf_.file_;
    ByteReader r(f.all(), 0, false);
    if (f.size() < sizeof kMagic || std::memcmp(f.all().data(), kMagic, sizeof kMagic) != 0)
        throw FormatError(0, "not a trace-cmd file (magic 17 08 44 \"tracing\" missing)");
    r.skip(sizeof kMagic, "magic");
    const std::string_view version = r.cstring("file version");
    if (version == "6") m_.file_version = 6;
    else if (version == "7") m_.file_version = 7;
    else throw UnsupportedError(10, "unsupported trace.dat version '" + std::string(version.substr(0, 16)) + "' (6 and 7 are supported)");
    const uint8_t endian = r.u8("endianness");
    if (endian > 1) throw FormatError(r.offset() - 1, "endianness byte is " + std::to_string(endian) + ", expected 0 or 1");
    m_.big_endian = endian == 1;
    const uint8_t long_size = r.u8("long size");
    if (long_size != 4 && long_size != 8) throw FormatError(r.offset() - 1, "long size " + std::to_string(long_size) + " is neither 4 nor 8");
    m_.user_long_size = long_size;
    ByteReader typed(f.all(), 0, m_.big_endian);
    typed.seek(r.pos());
    m_.page_size = typed.u32("page size");
    if (m_.page_size < 64 || m_.page_size > (64u << 20) || (m_.page_size & 3))
        throw FormatError(typed.offset() - 4, "implausible page size " + std::to_string(m_.page_size));
    if (m_.file_version == 6) parse_v6(typed);
    else parse_v7(typed);
    finish();
}

void FileParser::add_format(std::string system, std::string_view text, uint64_t offset)
{
    formats_.push_back(describe_format(std::move(system), text, offset));
}

// Errors name an offset inside the file: for a reference past its end, the end itself.
FormatError FileParser::beyond_end(uint64_t target, const std::string& what) const
{
    const uint64_t size = tf_.file_->size();
    return FormatError(size, what + " at " + hex(target) + " lies beyond the end of the file (" + std::to_string(size) +
                                 " bytes): file truncated?");
}

void FileParser::note_clock(std::string clock)
{
    if (clock.empty()) return;  // no "[clock]" in the text: trace-cmd ignores it
    if (!is_ns_clock(clock)) saw_raw_clock_ = true;
    m_.trace_clock = std::move(clock);
}

void FileParser::parse_header_info(ByteReader& r)
{
    const std::string_view page_tag = r.text(12, "\"header_page\" tag");
    if (page_tag != std::string_view("header_page\0", 12)) r.fail("\"header_page\" tag expected");
    const uint64_t page_size = r.u64("header_page size");
    m_.header_page = r.text(page_size, "header_page format");
    const std::string_view event_tag = r.text(13, "\"header_event\" tag");
    if (event_tag != std::string_view("header_event\0", 13)) r.fail("\"header_event\" tag expected");
    const uint64_t event_size = r.u64("header_event size");
    m_.header_event = r.text(event_size, "header_event format");
}

void FileParser::parse_ftrace_formats(ByteReader& r)
{
    const uint32_t count = r.u32("ftrace format count");
    for (uint32_t i = 0; i < count; ++i) {
        const uint64_t size = r.u64("ftrace format size");
        const uint64_t at = r.offset();
        add_format("ftrace", r.text(size, "ftrace format"), at);
    }
}

void FileParser::parse_event_formats(ByteReader& r)
{
    const uint32_t systems = r.u32("event system count");
    for (uint32_t s = 0; s < systems; ++s) {
        const std::string system(r.cstring("event system name"));
        const uint32_t count = r.u32("event format count");
        for (uint32_t i = 0; i < count; ++i) {
            const uint64_t size = r.u64("event format size");
            const uint64_t at = r.offset();
            add_format(system, r.text(size, "event format"), at);
        }
    }
}

void FileParser::parse_v6(ByteReader& r)
{
    parse_header_info(r);
    parse_ftrace_formats(r);
    parse_event_formats(r);
    m_.kallsyms = r.text(r.u32("kallsyms size"), "kallsyms");
    m_.printk_formats = r.text(r.u32("printk formats size"), "printk formats");
    m_.saved_cmdlines = r.text(r.u64("saved cmdlines size"), "saved cmdlines");
    m_.cpu_count = static_cast<int>(r.u32("CPU count"));
    std::string_view tag = r.text(10, "data type tag");
    if (tag.starts_with("options")) {
        parse_options(r, false, nullptr);
        tag = r.text(10, "data type tag");
    }
    Buffer top;
    top.page_size = m_.page_size;
    top.section_offset = r.offset();
    if (tag.starts_with("latency")) {
        top.latency = true;
        top.cpus.push_back({0, r.offset(), r.remaining()});
    } else if (tag.starts_with("flyrecord")) {
        read_v6_cpu_table(r, top);
        if (has_trace_clock_option_) {
            // trace-cmd stores the trace_clock file after the CPU table when TRACECLOCK was recorded.
            const uint64_t size = r.u64("trace_clock size");
            note_clock(active_clock(r.text(size, "trace_clock text")));
        }
    } else {
        r.fail("unknown data type tag '" + trimmed(tag) + "' (expected options, latency or flyrecord)");
    }
    if (m_.trace_clock.empty()) m_.trace_clock = "local";
    top_ = std::move(top);
    for (Buffer& b : instances_) read_v6_instance(b);
}

void FileParser::read_v6_cpu_table(ByteReader& r, Buffer& buffer)
{
    for (int cpu = 0; cpu < m_.cpu_count; ++cpu) {
        CpuData d;
        d.cpu = cpu;
        d.offset = r.u64("CPU data offset");
        d.size = r.u64("CPU data size");
        if (d.size) buffer.cpus.push_back(d);
    }
}

void FileParser::read_v6_instance(Buffer& buffer)
{
    const detail::MappedFile& f = *tf_.file_;
    if (buffer.section_offset + 10 > f.size()) throw beyond_end(buffer.section_offset, "buffer '" + buffer.name + "' CPU table");
    ByteReader r(f.all(), 0, m_.big_endian);
    r.seek(static_cast<size_t>(buffer.section_offset));
    const std::string_view tag = r.text(10, "buffer data type tag");
    buffer.page_size = m_.page_size;
    if (tag.starts_with("flyrecord")) {
        read_v6_cpu_table(r, buffer);
    } else if (tag.starts_with("latency")) {
        buffer.latency = true;
        buffer.cpus.push_back({0, r.offset(), r.remaining()});
    } else {
        r.fail("buffer '" + buffer.name + "': unknown data type tag '" + trimmed(tag) + "'");
    }
}

void FileParser::parse_options(ByteReader& r, bool sectioned, uint64_t* next_options)
{
    for (;;) {
        if (sectioned && r.at_end()) return;
        const uint16_t id = r.u16("option id");
        if (!sectioned && id == 0) return;
        const uint32_t size = r.u32("option size");
        const uint64_t at = r.offset();
        ByteReader body(r.bytes(size, std::string("option ") + option_name(id)), at, m_.big_endian);
        try {
            handle_option(id, body, sectioned, next_options);
        } catch (const FormatError& e) {
            // One damaged option must not hide the rest of the file.
            m_.notes.push_back({e.offset(), std::string("option ") + option_name(id) + " ignored: " + e.problem()});
        }
        if (sectioned && id == 0) return;
    }
}

void FileParser::handle_option(uint16_t id, ByteReader& b, bool sectioned, uint64_t* next_options)
{
    const uint64_t at = b.offset();
    auto whole_text = [&] { return b.text(b.remaining(), "option text"); };
    switch (static_cast<OptionId>(id)) {
    case OptionId::Done:
        if (next_options) *next_options = b.u64("next options section offset");
        break;
    case OptionId::Date:
        m_.date_offset_us = parse_integer(whole_text());
        break;
    case OptionId::Offset:
        m_.offset_option += parse_integer(whole_text());
        break;
    case OptionId::CpuStat:
        m_.cpustats.push_back(trimmed(whole_text()));
        break;
    case OptionId::Buffer:
    case OptionId::BufferText: {
        Buffer buf;
        buf.section_offset = b.u64("buffer offset");
        buf.name = std::string(b.cstring("buffer name"));
        if (sectioned) {
            buf.clock = std::string(b.cstring("buffer clock"));
            if (id == static_cast<uint16_t>(OptionId::BufferText)) {
                buf.latency = true;
            } else {
                buf.page_size = b.u32("buffer page size");
                if (buf.page_size < 64 || buf.page_size > (64u << 20))
                    b.fail("buffer '" + buf.name + "' has implausible page size " + std::to_string(buf.page_size));
                const uint32_t ncpus = b.u32("buffer CPU count");
                if (uint64_t{ncpus} * 20 > b.remaining())
                    b.fail("buffer '" + buf.name + "' lists " + std::to_string(ncpus) + " CPUs but the option is too short");
                std::set<int> seen;
                for (uint32_t i = 0; i < ncpus; ++i) {
                    CpuData d;
                    d.cpu = static_cast<int>(b.u32("CPU id"));
                    d.offset = b.u64("CPU data offset");
                    d.size = b.u64("CPU data size");
                    if (!seen.insert(d.cpu).second) b.fail("buffer '" + buf.name + "' lists CPU " + std::to_string(d.cpu) + " twice");
                    buf.cpus.push_back(d);
                }
                std::sort(buf.cpus.begin(), buf.cpus.end(), [](const CpuData& x, const CpuData& y) { return x.cpu < y.cpu; });
            }
        }
        if (buf.name.empty() && sectioned) {
            if (m_.trace_clock.empty()) m_.trace_clock = buf.clock;
            top_ = std::move(buf);
        } else {
            instances_.push_back(std::move(buf));
        }
        break;
    }
    case OptionId::TraceClock:
        has_trace_clock_option_ = true;
        note_clock(active_clock(whole_text()));
        break;
    case OptionId::Uname:
        m_.machine = parse_uname(whole_text());
        break;
    case OptionId::Version:
        m_.tracecmd_version = trimmed(whole_text());
        break;
    case OptionId::Hook:
        m_.hooks.push_back(trimmed(whole_text()));
        break;
    case OptionId::CpuCount:
        m_.cpu_count = static_cast<int>(b.u32("CPU count"));
        break;
    case OptionId::ProcMaps:
        m_.procmaps = trimmed(whole_text());
        break;
    case OptionId::TraceId:
        m_.trace_id = b.u64("trace id");
        break;
    case OptionId::Guest: {
        Guest g;
        g.name = std::string(b.cstring("guest name"));
        g.trace_id = b.u64("guest trace id");
        const uint32_t n = b.u32("guest CPU count");
        if (uint64_t{n} * 8 > b.remaining()) b.fail("guest '" + g.name + "' lists more CPUs than the option holds");
        for (uint32_t i = 0; i < n; ++i) {
            const int cpu = static_cast<int>(b.u32("guest vCPU"));
            const int pid = static_cast<int>(b.u32("guest vCPU host pid"));
            g.vcpu_to_host_pid.emplace_back(cpu, pid);
        }
        m_.guests.push_back(std::move(g));
        break;
    }
    case OptionId::Tsc2Nsec: {
        Tsc2Nsec t;
        t.mult = b.u32("TSC2NSEC multiplier");
        t.shift = b.u32("TSC2NSEC shift");
        t.offset = b.u64("TSC2NSEC offset");
        if (t.shift > 63) b.fail("TSC2NSEC shift " + std::to_string(t.shift) + " is out of range");
        m_.tsc2nsec = t;
        break;
    }
    case OptionId::TimeShift: {
        TimeShift ts;
        ts.offset = at;
        try {
            read_time_shift(b, ts);
        } catch (const FormatError& e) {
            // Kept, so that the broken option still replaces any earlier one, as in trace-cmd.
            ts.per_cpu.clear();
            ts.cpu_offsets.clear();
            ts.damage = Note{e.offset(), e.problem()};
        }
        m_.time_shifts.push_back(std::move(ts));
        break;
    }
    case OptionId::HeaderInfo:
    case OptionId::FtraceEvents:
    case OptionId::EventFormats:
    case OptionId::Kallsyms:
    case OptionId::Printk:
    case OptionId::CmdLines:
        section_offsets_[id - static_cast<uint16_t>(OptionId::HeaderInfo)] = b.u64("section offset");
        break;
    case OptionId::BtfFile:
    case OptionId::LastBootInfo:
    case OptionId::ModulesFile:
        m_.notes.push_back({at, std::string("option ") + option_name(id) + " (" + std::to_string(b.remaining()) + " bytes) not used"});
        break;
    default:
        m_.notes.push_back({at, "unknown option id " + std::to_string(id) + " (" + std::to_string(b.remaining()) + " bytes) skipped"});
        break;
    }
}

void FileParser::read_time_shift(ByteReader& b, TimeShift& ts)
{
    ts.peer_trace_id = b.u64("TIME_SHIFT peer id");
    ts.flags = b.u32("TIME_SHIFT flags");
    const uint32_t ncpu = b.u32("TIME_SHIFT CPU count");
    if (ncpu > b.remaining() / 4) b.fail("TIME_SHIFT lists " + std::to_string(ncpu) + " CPUs, more than the option holds");
    for (uint32_t c = 0; c < ncpu; ++c) {
        ts.cpu_offsets.push_back(b.offset());
        const uint32_t n = b.u32("TIME_SHIFT sample count");
        if (uint64_t{n} * 24 > b.remaining())
            b.fail("CPU " + std::to_string(c) + ": TIME_SHIFT sample count " + std::to_string(n) + " exceeds the option");
        std::vector<TimeShift::Sample> samples(n);
        for (auto& s : samples) s.time = static_cast<int64_t>(b.u64("TIME_SHIFT time"));
        for (auto& s : samples) s.offset = static_cast<int64_t>(b.u64("TIME_SHIFT offset"));
        for (auto& s : samples) s.scaling = static_cast<int64_t>(b.u64("TIME_SHIFT scaling"));
        for (auto& s : samples) s.fraction = 0;
        ts.per_cpu.push_back(std::move(samples));
    }
    for (auto& samples : ts.per_cpu) {  // fraction bits were added later: optional
        if (b.remaining() < samples.size() * 8) break;
        for (auto& s : samples) s.fraction = static_cast<int64_t>(b.u64("TIME_SHIFT fraction"));
    }
}

ByteReader FileParser::open_section(uint64_t offset, uint16_t expected_id, std::string_view what, uint16_t* flags_out)
{
    const detail::MappedFile& f = *tf_.file_;
    if (offset + 16 > f.size()) throw beyond_end(offset, std::string(what) + " section");
    ByteReader h(f.all(), 0, m_.big_endian);
    h.seek(static_cast<size_t>(offset));
    const uint16_t id = h.u16("section id");
    const uint16_t flags = h.u16("section flags");
    h.u32("section description");
    const uint64_t size = h.u64("section size");
    if (id != expected_id)
        throw FormatError(offset, std::string("expected the ") + std::string(what) + " section (id " + std::to_string(expected_id) +
                                      "), found section id " + std::to_string(id));
    if (flags_out) *flags_out = flags;
    const uint64_t body = h.offset();
    if (size > h.remaining())
        throw FormatError(offset, std::string(what) + " section of " + std::to_string(size) + " bytes runs past the end of the file (" +
                                      std::to_string(h.remaining()) + " bytes left): file truncated?");
    auto bytes = f.all().subspan(static_cast<size_t>(body), static_cast<size_t>(size));
    if (!(flags & 1)) return ByteReader(bytes, body, m_.big_endian);
    if (!decompressor_) throw FormatError(offset, std::string(what) + " section is flagged compressed but the file has no compression");
    ByteReader c(bytes, body, m_.big_endian);
    const uint32_t csize = c.u32("compressed size");
    const uint32_t usize = c.u32("uncompressed size");
    if (csize > c.remaining())
        throw FormatError(body, std::string(what) + " section: compressed size " + std::to_string(csize) + " exceeds the section");
    if (usize > kMaxSectionBytes)
        throw FormatError(body, std::string(what) + " section claims " + std::to_string(usize) + " uncompressed bytes");
    std::vector<uint8_t> out(usize);
    const std::string err = decompressor_->decompress(c.bytes(csize, "compressed data"), out);
    if (!err.empty()) throw FormatError(body + 8, std::string(what) + " section: " + err);
    tf_.owned_.push_back(std::move(out));
    const auto& kept = tf_.owned_.back();
    return ByteReader(kept, offset, m_.big_endian, m_.compression + " " + std::string(what) + " section at " + hex(offset));
}

void FileParser::parse_v7(ByteReader& r)
{
    m_.compression = std::string(r.cstring("compression name"));
    m_.compression_version = std::string(r.cstring("compression version"));
    decompressor_ = detail::Decompressor::create(m_.compression, r.offset());
    uint64_t options = r.u64("first options section offset");
    data_start_ = r.offset();
    std::set<uint64_t> visited;
    while (options) {
        if (!visited.insert(options).second || visited.size() > kMaxOptionSections)
            throw FormatError(options, "options sections form a loop");
        std::optional<ByteReader> o;
        try {
            o = open_section(options, 0, "options");
        } catch (const FormatError& e) {
            // trace-cmd writes the options that locate the CPU data after that data: a cut file loses them.
            recover_without_options(e);
            break;
        }
        uint64_t next = 0;
        parse_options(*o, true, &next);
        options = next;
    }
    const uint64_t header_at = section_offsets_[0];
    if (!header_at) throw FormatError(data_start_, "no HEADER_INFO option: the file has no header_page");
    {
        ByteReader s = open_section(header_at, static_cast<uint16_t>(OptionId::HeaderInfo), "header info");
        parse_header_info(s);
    }
    if (section_offsets_[1]) {
        ByteReader s = open_section(section_offsets_[1], static_cast<uint16_t>(OptionId::FtraceEvents), "ftrace events");
        parse_ftrace_formats(s);
    }
    if (section_offsets_[2]) {
        ByteReader s = open_section(section_offsets_[2], static_cast<uint16_t>(OptionId::EventFormats), "event formats");
        parse_event_formats(s);
    }
    if (section_offsets_[3]) {
        ByteReader s = open_section(section_offsets_[3], static_cast<uint16_t>(OptionId::Kallsyms), "kallsyms");
        m_.kallsyms = s.text(s.u32("kallsyms size"), "kallsyms");
    }
    if (section_offsets_[4]) {
        ByteReader s = open_section(section_offsets_[4], static_cast<uint16_t>(OptionId::Printk), "printk");
        m_.printk_formats = s.text(s.u32("printk formats size"), "printk formats");
    }
    if (section_offsets_[5]) {
        ByteReader s = open_section(section_offsets_[5], static_cast<uint16_t>(OptionId::CmdLines), "cmdlines");
        m_.saved_cmdlines = s.text(s.u64("saved cmdlines size"), "saved cmdlines");
    }
    auto locate = [&](Buffer& b) {
        uint16_t flags = 0;
        const auto expected = static_cast<uint16_t>(b.latency ? OptionId::BufferText : OptionId::Buffer);
        const detail::MappedFile& f = *tf_.file_;
        if (b.section_offset + 16 > f.size()) throw beyond_end(b.section_offset, "buffer '" + b.name + "' data section");
        ByteReader h(f.all(), 0, m_.big_endian);
        h.seek(static_cast<size_t>(b.section_offset));
        const uint16_t id = h.u16("section id");
        flags = h.u16("section flags");
        if (id != expected)
            throw FormatError(b.section_offset, "buffer '" + b.name + "': expected a data section (id " + std::to_string(expected) +
                                                    "), found id " + std::to_string(id));
        b.compressed = (flags & 1) != 0;
        if (b.compressed && !decompressor_) throw FormatError(b.section_offset, "buffer '" + b.name + "' is compressed but the file has no compression");
        if (b.latency) {
            h.u32("section description");
            const uint64_t size = h.u64("section size");
            b.cpus.push_back({0, h.offset(), size});
        }
    };
    if (top_) locate(*top_);
    for (Buffer& b : instances_) locate(b);
    if (m_.cpu_count == 0) {
        for (const Buffer& b : instances_)
            for (const CpuData& c : b.cpus) m_.cpu_count = std::max(m_.cpu_count, c.cpu + 1);
        if (top_)
            for (const CpuData& c : top_->cpus) m_.cpu_count = std::max(m_.cpu_count, c.cpu + 1);
    }
    walk_sections(data_start_);
}

// The options chain broke at `broken` (cut or damaged): find the metadata and data sections by walking the
// section headers from the first one, as they are written back to back. A data section no BUFFER option
// describes gets its CPU data located from its own bytes. Nothing found: the original error stands.
void FileParser::recover_without_options(const FormatError& broken)
{
    const detail::MappedFile& f = *tf_.file_;
    std::set<uint64_t> known;
    if (top_) known.insert(top_->section_offset);
    for (const Buffer& b : instances_) known.insert(b.section_offset);
    std::vector<std::string> found;
    uint64_t at = data_start_;
    for (int n = 0; n < kMaxRecoveredSections && at + 16 <= f.size(); ++n) {
        ByteReader h(f.all().subspan(static_cast<size_t>(at), 16), at, m_.big_endian);
        const uint16_t id = h.u16("section id");
        const uint16_t flags = h.u16("section flags");
        h.u32("section description");
        const uint64_t size = h.u64("section size");
        const uint64_t body = at + 16;
        const bool complete = size <= f.size() - body;
        const auto header_info = static_cast<uint16_t>(OptionId::HeaderInfo);
        if (id >= header_info && id <= static_cast<uint16_t>(OptionId::CmdLines)) {
            if (!section_offsets_[id - header_info]) section_offsets_[id - header_info] = at;
        } else if (id == static_cast<uint16_t>(OptionId::Buffer) || id == static_cast<uint16_t>(OptionId::BufferText)) {
            Buffer b;
            b.section_offset = at;
            b.latency = id == static_cast<uint16_t>(OptionId::BufferText);
            const bool top = !top_;
            if (!top) b.name = "recovered@" + hex(at);
            // A buffer an options section described is already known; flags other than "compressed" are not data.
            if (!known.count(at) && (flags & ~1u) == 0 && (b.latency || recover_cpus(b, body, body + size))) {
                found.push_back((top ? std::string("top buffer") : "buffer '" + b.name + "'") + " at " + hex(at) + " (" +
                                std::to_string(b.cpus.size()) + (b.cpus.size() == 1 ? " CPU)" : " CPUs)"));
                if (top) top_ = std::move(b);
                else instances_.push_back(std::move(b));
            }
        } else if (id != 0 && id != static_cast<uint16_t>(OptionId::Strings)) {
            break;  // not a section trace-cmd writes: the walk has lost its footing
        }
        if (!complete) break;
        at = body + size;
    }
    if (found.empty()) throw broken;
    std::string list;
    for (const std::string& s : found) list += (list.empty() ? "" : ", ") + s;
    m_.damage.push_back({broken.offset(), broken.problem() + "; without the options after it, data sections found by walking the file: " +
                                              list + "; CPU numbers and boundaries inferred"});
}

// CPU data of a data section without its BUFFER option. trace-cmd starts each CPU's data on a page boundary
// of the file. Compressed: each CPU is a chunk count and chunks, which tell where it ends. Uncompressed: CPUs
// are whole pages back to back, and a CPU's page time stamps never go back: a page older than the one before
// starts the next CPU. CPUs are numbered in file order. The last CPU reaches to the section's declared end, so
// that a cut there is reported as a truncation.
bool FileParser::recover_cpus(Buffer& b, uint64_t body, uint64_t declared_end)
{
    const detail::MappedFile& f = *tf_.file_;
    const uint64_t page = m_.page_size;
    const uint64_t end = std::min<uint64_t>(declared_end, f.size());
    b.page_size = m_.page_size;
    ByteReader h(f.all().subspan(static_cast<size_t>(b.section_offset), 4), b.section_offset, m_.big_endian);
    h.u16("section id");
    b.compressed = (h.u16("section flags") & 1) != 0;
    if (b.compressed && !decompressor_) return false;
    auto align = [&](uint64_t x) { return (x + page - 1) / page * page; };
    auto u32_at = [&](uint64_t o) {
        ByteReader r(f.all().subspan(static_cast<size_t>(o), 4), o, m_.big_endian);
        return r.u32("u32");
    };
    auto u64_at = [&](uint64_t o) {
        ByteReader r(f.all().subspan(static_cast<size_t>(o), 8), o, m_.big_endian);
        return r.u64("u64");
    };
    uint64_t at = align(body);
    if (b.compressed) {
        while (at + 4 <= end && static_cast<int>(b.cpus.size()) < kMaxRecoveredCpus) {
            const uint32_t count = u32_at(at);
            if (count == 0) break;
            uint64_t pos = at + 4;
            bool cut = false;
            for (uint32_t i = 0; i < count; ++i) {
                if (pos + 8 > end) { cut = true; break; }
                const uint32_t csize = u32_at(pos);
                const uint32_t usize = u32_at(pos + 4);
                if (usize == 0 || usize > (64u << 20) || csize == 0) {
                    if (b.cpus.empty()) return false;  // not chunked CPU data
                    cut = true;
                    break;
                }
                if (csize > end - pos - 8) { cut = true; break; }
                pos += 8 + uint64_t{csize};
            }
            const int cpu = static_cast<int>(b.cpus.size());
            if (cut) {
                b.cpus.push_back({cpu, at, declared_end - at - 4});
                break;
            }
            b.cpus.push_back({cpu, at, pos - at - 4});
            at = align(pos);
        }
    } else {
        uint64_t last_ts = 0;
        for (uint64_t p = at; p + 8 <= end; p += page) {
            const uint64_t ts = u64_at(p);
            if (b.cpus.empty() || ts < last_ts) {
                if (static_cast<int>(b.cpus.size()) >= kMaxRecoveredCpus) break;
                if (!b.cpus.empty()) b.cpus.back().size = p - b.cpus.back().offset;
                b.cpus.push_back({static_cast<int>(b.cpus.size()), p, 0});
            }
            last_ts = ts;
        }
        if (!b.cpus.empty()) b.cpus.back().size = declared_end - b.cpus.back().offset;
    }
    return !b.cpus.empty();
}

void FileParser::walk_sections(uint64_t first)
{
    // Sections are written back to back; walking them finds the STRINGS sections that name the others.
    const detail::MappedFile& f = *tf_.file_;
    std::string strings;
    uint64_t at = first;
    while (at + 16 <= f.size()) {
        ByteReader h(f.all().subspan(static_cast<size_t>(at), 16), at, m_.big_endian);
        Section s;
        s.offset = at;
        s.id = h.u16("section id");
        s.flags = h.u16("section flags");
        const uint32_t desc = h.u32("section description");
        s.size = h.u64("section size");
        if (s.size > f.size() - at - 16) {
            m_.notes.push_back({at, "section walk stopped: section id " + std::to_string(s.id) + " claims " +
                                        std::to_string(s.size) + " bytes past the end of the file"});
            break;
        }
        if (s.id == static_cast<uint16_t>(OptionId::Strings)) {
            try {
                ByteReader body = open_section(at, s.id, "strings");
                strings.append(body.text(body.remaining(), "strings"));
            } catch (const FormatError& e) {
                m_.notes.push_back({e.offset(), e.problem()});
            }
        }
        s.description = std::to_string(desc);  // resolved below once every STRINGS section is known
        m_.sections.push_back(std::move(s));
        at += 16 + m_.sections.back().size;
    }
    for (Section& s : m_.sections) {
        const auto idx = std::strtoull(s.description.c_str(), nullptr, 10);
        s.description = idx < strings.size() ? std::string(strings.c_str() + idx) : std::string();
    }
}

void FileParser::finish()
{
    // The top buffer first, then the instances in the order the file lists them.
    if (top_) tf_.buffers_.push_back(std::move(*top_));
    for (Buffer& b : instances_) tf_.buffers_.push_back(std::move(b));
    for (Buffer& b : tf_.buffers_) {
        if (b.clock.empty()) b.clock = m_.trace_clock;
        if (b.page_size == 0) b.page_size = m_.page_size;
    }
    if (m_.trace_clock.empty()) m_.trace_clock = "local";
    // As in trace-cmd: any non-nanosecond clock named by the file makes timestamps raw counts, unless TSC2NSEC
    // converts them.
    m_.clock_in_ns = m_.tsc2nsec.has_value() || !saw_raw_clock_;

    tf_.formats_ = std::make_unique<EventFormats>(m_, std::move(formats_));
    if (m_.header_page.empty())
        throw UnsupportedError(0, "the file has no header_page: pre-2.6.31 ring-buffer format is not supported");
    const int klong = tf_.formats_->kernel_long_size();
    if (klong != 4 && klong != 8)
        throw FormatError(0, "header_page does not describe a 4- or 8-byte commit field (got " + std::to_string(klong) + ")");
    m_.kernel_long_size = klong;
    tf_.layout_ = PageLayout{m_.big_endian, klong};

    for (uint32_t b = 0; b < tf_.buffers_.size(); ++b) {
        const Buffer& buf = tf_.buffers_[b];
        if (buf.latency) continue;
        for (uint32_t c = 0; c < buf.cpus.size(); ++c)
            if (buf.cpus[c].size) tf_.streams_.push_back({b, c});
    }
}

}  // namespace traceshark::tracecmd
