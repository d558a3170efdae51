// Issue #10's PerfView acceptance on ../shared/corpus (skipped when absent): the COUNT and EVENT lines of
// TraceEvent's GeneralParsing baselines (expected/perfview/*.baseline.txt) against our decoders, with CLR
// events decoded by expected/manifests/ClrEtwAll.man.
//
// What the baselines count is TraceLog's event stream seen through GeneralParsing's filter, so our events go
// through the same two steps before counting:
//  1. TraceLog's bookkeeping rules (libs/etl tracelog_rules.hpp, each citing TraceLog.cs);
//  2. GeneralParsing's filter (TraceEvent.Tests/Parsing/GeneralParsing.cs): events of the provider
//     "MSNT_SystemTrace" (kernel events TraceEvent's KernelTraceEventParser has no template for, which TraceEvent
//     then names from TDH's MOF classes) are skipped, except SystemConfig/Platform and Image/KernelBase.
// Every COUNT line must then be equal, or be one of the differences listed in kExplained with the rule that
// explains it (and, for a name PerfView spells differently, the same count under our name).
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>

#include "fixture.hpp"
#include "perfview_baseline.hpp"
#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/registry.hpp"
#include "traceshark/etl/tracelog_rules.hpp"

namespace fs = std::filesystem;
using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

// Kernel events our kernel decoder names "Windows Kernel/..." but KernelTraceEventParser has no template for
// (grep KernelTraceEventParser.cs: no DPI, OpticalMedia, HypercallPage or PartitionInfoExtension event):
// TraceEvent names them "MSNT_SystemTrace/..." from TDH, and GeneralParsing skips that provider.
const std::set<std::string> kNotInKernelTraceEventParser = {
    "Windows Kernel/EventTrace/PartitionInfoExtension",
    "Windows Kernel/SystemConfig/DPI",
    "Windows Kernel/SystemConfig/OpticalMedia",
    "Windows Kernel/Image/HypercallPage",
};

bool general_parsing_skips(const std::string& name, const std::string& provider)
{
    if (provider == "MSNT_SystemTrace")
        return name != "MSNT_SystemTrace/SystemConfig/Platform" && name != "MSNT_SystemTrace/Image/KernelBase";
    return kNotInKernelTraceEventParser.count(name) != 0;
}

// A COUNT line that differs, and why. `baseline` is PerfView's name, `ours` our name for the same events.
struct Explained {
    const char* file;
    const char* baseline;
    const char* ours;
    const char* rule;
};

constexpr const char* kRuntime = "Microsoft-Windows-DotNETRuntime/";
constexpr const char* kRundown = "Microsoft-Windows-DotNETRuntimeRundown/";

const Explained kExplained[] = {
    // ClrEtwAll.man (the manifest in the corpus) is older than TraceEvent's compiled ClrTraceEventParser: its GC
    // task has no opcodes 208/209 (ClrTraceEventParser: GCLOHCompactTraceData id 208, GCFitBucketInfoTraceData
    // id 209), so we can name the events only by number.
    {"gcevents", "GC/LOHCompact", "GC/Opcode(208)", "ClrTraceEventParser knows GC opcode 208; ClrEtwAll.man does not"},
    {"gcevents", "GC/FitBucketInfo", "GC/Opcode(209)", "ClrTraceEventParser knows GC opcode 209; ClrEtwAll.man does not"},
    // ClrEtwAll.man gives opcode GCMarkWithType (202) the message string of another opcode
    // (RuntimePublisher.GCMarkOpcodeMessage = "Mark"); ClrTraceEventParser names event 202 "MarkWithType".
    {"gcevents", "GC/MarkWithType", "GC/Mark", "ClrEtwAll.man: opcode GCMarkWithType has GCMark's message"},
    // Rundown event 10 (GCSettingsRundown) is not in ClrEtwAll.man's rundown provider; ClrRundownTraceEventParser
    // has it (GCSettingsRundownTemplate: task "GC", opcode "SettingsRundown").
    {"gcrundownevents", "GC/SettingsRundown", "EventID(10)/Opcode(10)",
     "ClrRundownTraceEventParser knows rundown event 10; ClrEtwAll.man does not"},
    // ClrRundownTraceEventParser names task 31 by its manifest name "TieredCompilationRundown"; the manifest's
    // display message for it (which we show, as PerfView does for every other CLR task) is "TieredCompilation".
    {"gcrundownevents", "TieredCompilationRundown/SettingsDCStart", "TieredCompilation/SettingsDCStart",
     "ClrRundownTraceEventParser uses the task name, not its message, for TieredCompilationRundown"},
    // ClrTraceEventParser has no event 200: TraceEvent falls back to the schema KernelTraceControl stored in the
    // trace (MetaData/EventInfo, TDH task name "GarbageCollection"); the manifest we are given names the task
    // "GC". perfview_metadata_names_increase_memory_pressure checks what the trace's metadata says.
    {"net.4.5.2.x64", "GarbageCollection/IncreaseMemoryPressure", "GC/IncreaseMemoryPressure",
     "ClrTraceEventParser lacks event 200; TraceEvent uses the trace's TDH metadata (task GarbageCollection)"},
    {"net.4.5.2.x86", "GarbageCollection/IncreaseMemoryPressure", "GC/IncreaseMemoryPressure",
     "ClrTraceEventParser lacks event 200; TraceEvent uses the trace's TDH metadata (task GarbageCollection)"},
};

std::string with_provider(const std::string& file, const char* name)
{
    // The explained names above are CLR names without their provider, except where they start with one.
    const std::string n = name;
    if (n.find('/') != std::string::npos && (n.rfind("Microsoft-", 0) == 0 || n.rfind("Windows Kernel", 0) == 0))
        return n;
    return (file == "gcrundownevents" ? kRundown : kRuntime) + n;
}

struct OurEvent {
    double time_ms = 0;
    std::string name;
    int64_t pid = -1, tid = -1;
    int64_t cpu = -1, data_len = -1;
    std::vector<Field> fields;
    bool decoded = false;          // the decoder knew the event's layout (false: names only)
    bool kernel = false;
    std::set<int64_t> payload_pids, payload_tids;  // what KernelTraceEventParser's FixupData may take instead
};

struct Ours {
    std::map<std::string, uint64_t> counts;                 // after TraceLog's rules and GeneralParsing's filter
    std::map<perfview::TraceLogRule, uint64_t> removed;     // by TraceLog's rules
    std::map<std::string, uint64_t> removed_by_name;
    std::map<std::string, std::vector<OurEvent>> first;     // the first 5 of each name (GeneralParsing's EVENT lines)
    std::vector<std::string> activity_names;  // EventName (task/opcode) of kept events whose name has "Activity"
    std::map<std::string, uint64_t> last_index;  // EventIndex (position among kept events) of a name's last event
    uint64_t skipped_by_general_parsing = 0;
    uint64_t total = 0, kept = 0;
};

int64_t id_or_minus_one(uint32_t id) { return id == kNoId ? -1 : static_cast<int64_t>(id); }

// The first integer field of `e` with one of `names` (-1 if none).
int64_t int_field(const DecodedEvent& e, std::initializer_list<const char*> names)
{
    for (const char* n : names)
        for (const Field& f : e.fields)
            if (f.name == n) {
                if (const auto* u = std::get_if<uint64_t>(&f.value.scalar)) return static_cast<int64_t>(*u);
                if (const auto* i = std::get_if<int64_t>(&f.value.scalar)) return *i;
            }
    return -1;
}

Ours read_ours(const std::vector<std::string>& paths, bool with_clr_manifest)
{
    DecoderOptions options;
    if (with_clr_manifest) options.manifest_paths.push_back(corpus_dir() + "/expected/manifests/ClrEtwAll.man");
    auto decoders = make_default_decoders(options);
    auto trace = EtlTrace::open(paths);
    EventReader reader(*trace);
    Ours o;
    bool have_zero = false;
    uint64_t zero_ns = 0;
    std::map<int64_t, int64_t> pid_of_tid;  // from Thread events, as TraceEvent's ThreadIDToProcessID history
    while (const EventRecord* r = reader.next()) {
        ++o.total;
        // Decode every event, kept or not: decoders learn from the stream (ManifestData, MetaData).
        const DecodedEvent e = decoders->decode(*r);
        if (!have_zero) {
            zero_ns = r->time_ns;
            have_zero = true;
        }
        const perfview::TraceLogRule rule = perfview::tracelog_rule(*r);
        const std::string name = e.name();
        const int64_t field_pid = int_field(e, {"ProcessID", "ProcessId", "PID"});
        const int64_t field_tid = int_field(e, {"ThreadID", "ThreadId", "TThreadId", "IssuingThreadId"});
        // TID -> PID as TraceLog's thread table learns it: thread events, and headers that carry both.
        if (name.rfind("Windows Kernel/Thread/", 0) == 0 && field_pid >= 0 && field_tid >= 0)
            pid_of_tid[field_tid] = field_pid;
        else if (r->pid != kNoId && r->tid != kNoId && r->tid != 0)
            pid_of_tid.emplace(r->tid, r->pid);
        if (rule != perfview::TraceLogRule::Kept) {
            ++o.removed[rule];
            ++o.removed_by_name[name];
            continue;
        }
        o.last_index[name] = o.kept++;
        const std::string event_name = e.opcode.empty() ? e.task : e.task + "/" + e.opcode;
        if (event_name.find("Activity") != std::string::npos) o.activity_names.push_back(event_name);
        if (general_parsing_skips(name, e.provider)) {
            ++o.skipped_by_general_parsing;
            continue;
        }
        const uint64_t n = ++o.counts[name];
        if (n <= 5) {
            OurEvent oe;
            oe.time_ms = (static_cast<double>(r->time_ns) - static_cast<double>(zero_ns)) / 1e6;
            oe.name = name;
            oe.pid = id_or_minus_one(r->pid);
            oe.tid = id_or_minus_one(r->tid);
            oe.cpu = r->cpu;
            oe.data_len = static_cast<int64_t>(r->payload.size());
            oe.fields = e.fields;
            oe.decoded = e.decoded;
            oe.kernel = r->is_kernel() || e.provider == "Windows Kernel";
            for (int64_t t : {id_or_minus_one(r->tid), field_tid}) {
                if (t < 0) continue;
                oe.payload_tids.insert(t);
                if (const auto p = pid_of_tid.find(t); p != pid_of_tid.end()) oe.payload_pids.insert(p->second);
            }
            if (field_pid >= 0) oe.payload_pids.insert(field_pid);
            oe.payload_tids.insert(-1);  // FixupData clears the thread of events that name no thread
            o.first[name].push_back(std::move(oe));
        }
    }
    return o;
}

// ---- values as GeneralParsing prints them ----

std::string perfview_date(uint64_t filetime)
{
    // DateTime.ToUniversalTime().ToString("yy/MM/dd HH:mm:ss.ffffff")
    const uint64_t unix_100ns = filetime - 116444736000000000ull;
    const time_t secs = static_cast<time_t>(unix_100ns / 10'000'000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char b[48];
    std::snprintf(b, sizeof b, "%02d/%02d/%02d %02d:%02d:%02d.%06u", tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned>(unix_100ns % 10'000'000 / 10));
    return b;
}

std::string perfview_text(const Value& v)
{
    switch (v.kind) {
    case ValueKind::Bool: return std::get<bool>(v.scalar) ? "True" : "False";
    case ValueKind::FileTime: return perfview_date(std::get<uint64_t>(v.scalar));
    case ValueKind::SystemTime: {
        if (v.bytes.size() < 16) return v.to_string();
        auto u16 = [&](size_t i) { return static_cast<unsigned>(v.bytes[2 * i] | v.bytes[2 * i + 1] << 8); };
        char b[48];  // wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds
        std::snprintf(b, sizeof b, "%02u/%02u/%02u %02u:%02u:%02u.%06u", u16(0) % 100, u16(1), u16(3), u16(4), u16(5),
                      u16(6), u16(7) * 1000);
        return b;
    }
    case ValueKind::HexInt: {
        char b[24];
        std::snprintf(b, sizeof b, "0x%" PRIx64, std::get<uint64_t>(v.scalar));
        return b;
    }
    default: return v.to_string();
    }
}

bool parses_hex(const std::string& s, uint64_t& out)
{
    if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    char* end = nullptr;
    out = std::strtoull(s.c_str() + 2, &end, 16);
    return end && *end == 0;
}

// Baseline value vs ours, after normalising: thousands separators dropped from numbers, hex compared by value
// (PerfView pads HexInt32 to 8 digits), both truncated to 20 characters + "..." the way GeneralParsing does.
// "-2305843009213693952" -> "-2,305,843,009,213,693,952" (.NET's "n0").
std::string with_separators(const std::string& digits)
{
    const size_t start = !digits.empty() && digits[0] == '-' ? 1 : 0;
    std::string o = digits.substr(0, start);
    const size_t n = digits.size() - start;
    for (size_t i = 0; i < n; ++i) {
        if (i && (n - i) % 3 == 0) o += ',';
        o += digits[start + i];
    }
    return o;
}

// An integer as PerfView printed it: decimal with thousands separators (maybe negative) or 0x-hex.
bool parses_int(const std::string& text, uint64_t& out)
{
    if (parses_hex(text, out)) return true;
    const std::string s = strip_commas(text);
    if (s.empty() || s.find_first_not_of("-0123456789") != std::string::npos || s.find('-', 1) != std::string::npos)
        return false;
    errno = 0;
    out = s[0] == '-' ? static_cast<uint64_t>(std::strtoll(s.c_str(), nullptr, 10)) : std::strtoull(s.c_str(), nullptr, 10);
    return errno == 0;
}

// Baseline value vs ours, after normalising: numbers compared by value whatever their base, separators or
// signedness (PerfView prints some hex-typed kernel fields in decimal and some unsigned ones as signed, pads
// HexInt32 to 8 digits), strings and dates truncated to 20 characters + "..." the way GeneralParsing does.
bool same_value(const std::string& baseline, const Value& ours)
{
    const std::string o = truncated(perfview_text(ours));
    if (baseline == o) return true;
    const bool integer = ours.kind == ValueKind::Int || ours.kind == ValueKind::UInt || ours.kind == ValueKind::HexInt;
    uint64_t a = 0, b = 0;
    if (integer && parses_int(baseline, a) && parses_int(o, b)) {
        const unsigned bits = ours.size && ours.size < 8 ? ours.size * 8u : 64u;
        const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
        return (a & mask) == (b & mask);
    }
    if (integer && baseline.size() > 3 && baseline.compare(baseline.size() - 3, 3, "...") == 0) {
        // A long number PerfView printed with separators ("n0") and then truncated: print ours the same way,
        // as the signed and as the unsigned reading of its width.
        const uint64_t raw = std::holds_alternative<int64_t>(ours.scalar)
                                 ? static_cast<uint64_t>(std::get<int64_t>(ours.scalar))
                                 : std::get<uint64_t>(ours.scalar);
        const unsigned bits = ours.size && ours.size < 8 ? ours.size * 8u : 64u;
        const int64_t as_signed = bits == 64 ? static_cast<int64_t>(raw)
                                             : static_cast<int64_t>(raw << (64 - bits)) >> (64 - bits);
        for (const std::string& digits : {std::to_string(as_signed), std::to_string(raw)})
            if (truncated(with_separators(digits)) == baseline) return true;
    }
    const bool numeric = !baseline.empty() && baseline.find_first_not_of("-0123456789,.") == std::string::npos;
    return numeric && strip_commas(baseline) == o;
}

// DiskIOFlushBuffersTraceData.FixupData reads the thread at HostOffset(4, 1), which in the layout it decodes
// is the low half of HighResResponseTime, so PerfView's TID for FlushBuffers is that number.
bool flush_buffers_thread_quirk(const BaselineEvent& be, const struct OurEvent& oe)
{
    if (be.name != "Windows Kernel/DiskIO/FlushBuffers") return false;
    for (const Field& f : oe.fields)
        if (f.name == "HighResResponseTime")
            if (const auto* u = std::get_if<uint64_t>(&f.value.scalar))
                return static_cast<int64_t>(static_cast<int32_t>(*u)) == be.tid;
    return false;
}

// Field differences TraceEvent's own knowledge explains, by rule. Returns nullptr for a difference no rule explains.
struct FieldRule {
    const char* event;  // PerfView's event name ("" = any)
    const char* field;
    const char* why;
};
const FieldRule kFieldRules[] = {
    {"KernelTraceControl/ImageID", "ProcessID",
     "SymbolTraceEventParser ImageIDTraceData.PayloadValue returns the constant 0 for ProcessID"},
    {"Microsoft-Windows-DNS-Client/DnsServerForInterface", "Address",
     "TraceEvent renders the sockaddr binary (TDH out-type SocketAddress) as an address; we show its bytes"},
    {"PerfView/KernelEnableParameters", "keywords", "PerfView's own EventSource joins the flag names with '|'"},
    {"PerfView/KernelEnableParameters", "stacks", "PerfView's own EventSource joins the flag names with '|'"},
    {"Windows Kernel/SystemConfig/Services", "ProcessName",
     "KernelTraceEventParser leaves the payload's ProcessName out (commented out): the name shown is the event's "
     "process, from TraceLog's process table (pid 0: Idle)"},
};

bool is_integer_text(const std::string& s)
{
    uint64_t v = 0;
    return parses_int(s, v);
}

const char* explain_field(const std::string& event, const std::string& field, const std::string& baseline,
                          const Field* ours, bool ours_decoded)
{
    for (const FieldRule& r : kFieldRules)
        if (event == r.event && (r.field[0] == 0 || field == r.field)) return r.why;
    if (!ours_decoded) return "our decoder knows the event's name but not this version's layout";
    // Our own fixed layouts (ImageID, the EventTrace header) and self-describing events (TraceLogging) have
    // every field PerfView shows: no excuse for a missing one there.
    const bool complete = event.rfind("KernelTraceControl/", 0) == 0 || event == "Windows Kernel/EventTrace" ||
                          event.rfind("solar_system/", 0) == 0;
    if (!ours && !complete)
        return "a field we do not decode: TraceEvent computes it (BuildTime, ElapsedTimeMSec, FileName from its "
               "file table, sample flags, ...) or its compiled parser has a newer template than our metadata";
    if (!ours) return nullptr;
    const std::string o = truncated(perfview_text(ours->value));
    // A name (list) against a number: identifiers joined by ", " or "|", nothing else (no paths, no text).
    const auto names_only = [](const std::string& t) {
        return !t.empty() && std::isalpha(static_cast<unsigned char>(t[0])) &&
               t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_ ,|.") ==
                   std::string::npos;
    };
    if ((is_integer_text(baseline) && names_only(o)) || (is_integer_text(o) && names_only(baseline)))
        return "map rendering: TraceEvent's compiled C# enums name (or do not name) the value differently from the "
               "manifest / MOF map we apply";
    if ((!o.empty() && o[0] == '\\' && baseline.size() > 2 && baseline[1] == ':') ||
        (o.rfind("\\Device\\Mup\\", 0) == 0 && baseline.rfind("\\\\", 0) == 0))
        return "TraceLog turns NT paths (\\Device\\HarddiskVolumeN, \\SystemRoot, \\Windows, \\Device\\Mup) into "
               "drive-letter and UNC paths";
    if (ours->value.kind == ValueKind::SystemTime && ours->value.bytes.size() >= 16) {
        // DynamicTraceEventParser.cs reads SYSTEMTIME's wMilliseconds at the offset of wSecond (it does not
        // advance before the last read), so PerfView's milliseconds are the seconds.
        Value v = ours->value;
        v.bytes[14] = v.bytes[12];
        v.bytes[15] = v.bytes[13];
        if (truncated(perfview_text(v)) == baseline)
            return "TraceEvent's SYSTEMTIME milliseconds are the seconds (DynamicTraceEventParser.cs reads wSecond twice)";
    }
    uint64_t b = 0, u = 0;
    if (event == "Microsoft-Windows-Kernel-File/Create" && field == "CreateOptions" && parses_int(baseline, b) &&
        parses_int(o, u) && (u & 0xFFFFFF) == b)
        return "TraceEvent's compiled Kernel-File parser splits CreateOptions: low 24 bits, the high byte is "
               "CreateDisposition";
    return nullptr;
}

struct FileCase {
    const char* baseline;
    const char* etl;
};
const FileCase kFiles[] = {
    {"gcevents", "perfview_gcevents_PerfViewData.etl"},
    {"gcrundownevents", "PerfViewData.clrRundown.etl"},
    {"net.4.5.2.x64", "net.4.5.2.x64.etl"},
    {"net.4.5.2.x86", "net.4.5.2.x86.etl"},
    {"primitive-types", "primitive-types.etl"},
};

bool corpus_ready()
{
    return !corpus_having("expected/perfview").empty();
}

// The baseline name PerfView gives the events we name `ours` (itself unless kExplained renames it).
std::string baseline_name_of(const std::string& file, const std::string& ours)
{
    for (const Explained& x : kExplained)
        if (file == x.file && with_provider(file, x.ours) == ours) return with_provider(file, x.baseline);
    return ours;
}

// Each PerfView case with its baseline and our reading of its ETL, read once for all the cases below.
template <class F>
void for_each_file(F&& check)
{
    struct Read {
        Baseline baseline;
        Ours ours;
    };
    static std::map<std::string, Read> read;  // by baseline name; the files take seconds each to read
    for (const FileCase& fc : kFiles) {
        BOOST_TEST_CONTEXT(fc.baseline)
        {
            auto it = read.find(fc.baseline);
            if (it == read.end())
                it = read.emplace(fc.baseline,
                                  Read{load_baseline(corpus_dir() + "/expected/perfview/" + fc.baseline + ".baseline.txt"),
                                       read_ours({corpus_dir() + "/etl/" + fc.etl}, true)})
                         .first;
            check(std::string(fc.baseline), it->second.baseline, it->second.ours);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(perfview_corpus)

// Every COUNT line equal, or explained (and then equal under our name).
BOOST_AUTO_TEST_CASE(perfview_count_lines)
{
    if (!corpus_ready()) return;
    for_each_file([](const std::string& file, const Baseline& b, const Ours& o) {
        std::map<std::string, uint64_t> renamed;  // our counts under PerfView's names
        for (const auto& [name, n] : o.counts) renamed[baseline_name_of(file, name)] += n;
        size_t equal = 0, explained = 0;
        for (const auto& [name, n] : b.counts) {
            const auto it = o.counts.find(name);
            if (it != o.counts.end() && it->second == n) {
                ++equal;
                continue;
            }
            // An explained renaming: the same count under our name.
            for (const Explained& x : kExplained)
                if (file == x.file && with_provider(file, x.baseline) == name)
                    BOOST_TEST_MESSAGE("  COUNT " << name << ":" << n << " is our " << with_provider(file, x.ours)
                                                  << ": " << x.rule);
            const auto r = renamed.find(name);
            BOOST_TEST_CONTEXT("COUNT " << name << ":" << n)
            {
                BOOST_TEST((r != renamed.end() && r->second == n));
            }
            ++explained;
        }
        // Nothing we count that PerfView does not (under its name).
        for (const auto& [name, n] : renamed)
            BOOST_TEST_CONTEXT("our extra COUNT " << name << ":" << n) { BOOST_TEST(b.counts.count(name) == 1u); }
        BOOST_TEST_MESSAGE(file << ": " << equal << " of " << b.counts.size() << " COUNT lines equal, " << explained
                                << " explained; " << o.total << " records, TraceLog keeps " << o.kept);
        for (const auto& [rule, n] : o.removed)
            BOOST_TEST_MESSAGE("  removed " << n << ": " << perfview::describe(rule));
    });
}

// The figures that the TraceLog rules account for, per file, as PerfView's baseline implies them: the events
// each rule removes are exactly those whose names have no COUNT line (x64: 670 Thread/DCStart, 79 528 - 6 320
// idle samples, ...). Checked by name so a rule that removed too much or too little shows up here.
BOOST_AUTO_TEST_CASE(perfview_removed_events_have_no_count_line)
{
    if (!corpus_ready()) return;
    for_each_file([](const std::string& file, const Baseline& b, const Ours& o) {
        for (const auto& [name, n] : o.removed_by_name) {
            // A name TraceLog removes entirely has no COUNT line; one it removes partly (PerfInfo/Sample of the
            // idle thread, Method/LoadVerbose of code not jitted) has the kept remainder, already checked equal.
            const auto kept = o.counts.find(name);
            if (kept == o.counts.end()) {
                BOOST_TEST_CONTEXT(file << ": removed " << name << ":" << n) { BOOST_TEST(b.counts.count(name) == 0u); }
            } else {
                BOOST_TEST_CONTEXT(file << ": partly removed " << name) { BOOST_TEST(b.counts.count(name) == 1u); }
            }
        }
    });
}

// The trace's own KernelTraceControl metadata names CLR event 200 the way the baseline does: with the CLR
// manifest left out, the MetaData decoder alone gives "GarbageCollection/IncreaseMemoryPressure".
BOOST_AUTO_TEST_CASE(perfview_metadata_names_increase_memory_pressure)
{
    if (!corpus_ready()) return;
    for (const char* f : {"net.4.5.2.x64", "net.4.5.2.x86"}) {
        const Baseline b = load_baseline(corpus_dir() + "/expected/perfview/" + f + ".baseline.txt");
        const Ours o = read_ours({corpus_dir() + "/etl/" + f + ".etl"}, false);
        const std::string name = std::string(kRuntime) + "GarbageCollection/IncreaseMemoryPressure";
        BOOST_TEST_CONTEXT(f)
        {
            BOOST_REQUIRE(b.counts.count(name) == 1u);
            BOOST_TEST(o.counts.count(name) == 1u);
            if (o.counts.count(name)) BOOST_TEST(o.counts.at(name) == b.counts.at(name));
        }
    }
}

// EVENT lines: the k-th baseline event of a name is our k-th kept event of that name; its time (to the printed
// millisecond precision), PID, TID, CPU, payload length and every field must match after normalisation.
BOOST_AUTO_TEST_CASE(perfview_event_lines)
{
    if (!corpus_ready()) return;
    for_each_file([](const std::string& file, const Baseline& b, const Ours& o) {
        std::map<std::string, std::string> ours_of;  // PerfView name -> our name
        for (const auto& [name, events] : o.first) ours_of[baseline_name_of(file, name)] = name;
        std::map<std::string, size_t> seen;
        size_t events = 0, fields = 0, equal_fields = 0;
        std::map<std::string, size_t> by_rule;
        for (const BaselineEvent& be : b.events) {
            const size_t k = seen[be.name]++;
            const auto on = ours_of.find(be.name);
            BOOST_TEST_CONTEXT("EVENT " << be.time_ms << " " << be.name)
            {
                BOOST_TEST_REQUIRE((on != ours_of.end()));
                const std::vector<OurEvent>& mine = o.first.at(on->second);
                BOOST_TEST_REQUIRE(k < mine.size());
                const OurEvent& oe = mine[k];
                ++events;
                BOOST_TEST(std::fabs(oe.time_ms - be.time_ms) <= 0.0015);
                // KernelTraceEventParser's FixupData (KernelTraceEventParser.cs) replaces the header's PID/TID of
                // kernel events with the payload's process / thread (the process then from its thread history).
                if (oe.kernel) {
                    BOOST_TEST((oe.pid == be.pid || oe.payload_pids.count(be.pid) == 1u));
                    BOOST_TEST((oe.tid == be.tid || oe.payload_tids.count(be.tid) == 1u ||
                                flush_buffers_thread_quirk(be, oe)));
                } else {
                    BOOST_TEST(oe.pid == be.pid);
                    BOOST_TEST(oe.tid == be.tid);
                }
                BOOST_TEST(oe.cpu == be.cpu);
                BOOST_TEST(oe.data_len == be.data_len);
                for (const auto& [k2, v] : be.fields) {
                    ++fields;
                    const Field* f = nullptr;
                    for (const Field& x : oe.fields)
                        if (x.name == k2) f = &x;
                    if (f && same_value(v, f->value)) {
                        ++equal_fields;
                        continue;
                    }
                    const char* why = explain_field(be.name, k2, v, f, oe.decoded);
                    BOOST_TEST_CONTEXT("field " << k2 << ": baseline '" << v << "', ours '"
                                                << (f ? truncated(perfview_text(f->value)) : "<none>") << "'")
                    {
                        BOOST_TEST(why != nullptr);
                    }
                    if (why) ++by_rule[why];
                }
            }
        }
        BOOST_TEST_MESSAGE(file << ": " << events << " EVENT lines, " << equal_fields << " of " << fields
                                << " fields equal");
        for (const auto& [why, n] : by_rule) BOOST_TEST_MESSAGE("  " << n << " fields differ: " << why);
        BOOST_TEST(events == b.events.size());
    });
}

// TraceEvent.Tests MultiFileMergeAll: the four diaghub files merged as one trace; TraceLog.EventCount 95 506,
// 55 events named Activity2Stop/Stop, the last of them at EventIndex 13 205 (SOURCES.md). The reader gives all
// 100 753 records (test_corpus.cpp); TraceLog's bookkeeping rules account for the rest.
BOOST_AUTO_TEST_CASE(perfview_diaghub_multi_file_merge)
{
    if (!corpus_ready()) return;
    const std::string dir = corpus_dir() + "/etl/perfview-diaghub";
    const Ours o = read_ours({dir + "/diaghub.etl", dir + "/diaghub.kernel.1.etl", dir + "/diaghub.user_injected.1.etl",
                              dir + "/diaghub.user_paged.1.etl"},
                             false);
    BOOST_TEST_MESSAGE("diaghub: " << o.total << " records, TraceLog keeps " << o.kept);
    for (const auto& [rule, n] : o.removed) BOOST_TEST_MESSAGE("  removed " << n << ": " << perfview::describe(rule));
    BOOST_TEST(o.total == 100753u);
    BOOST_TEST(o.kept == 95506u);
    uint64_t stops = 0;
    for (const auto& [name, n] : o.counts)
        if (name.size() >= 18 && name.compare(name.size() - 18, 18, "Activity2Stop/Stop") == 0) stops += n;
    BOOST_TEST(stops == 55u);
    const auto last = o.last_index.find("Microsoft-Diagnostics-DiagnosticSource/Activity2Stop/Stop");
    BOOST_TEST_REQUIRE((last != o.last_index.end()));
    BOOST_TEST(last->second == 13205u);
    // The older MultiFileMergeAll (perfview 577c06f) compared the EventName of every event whose name contains
    // "Activity", in TraceLog order, with expected/perfview/diaghub-etls.txt.
    std::ifstream f(corpus_dir() + "/expected/perfview/diaghub-etls.txt");
    std::vector<std::string> expected;
    for (std::string line; std::getline(f, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) expected.push_back(line);
    }
    BOOST_TEST(expected.size() == 168u);
    BOOST_TEST(o.activity_names == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
