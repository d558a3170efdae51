// Kernel MOF classes on every ETL of ../shared/corpus (skipped when absent):
//  - no kernel event of a class/version with a layout has a decoding problem (every layout must consume the
//    payload exactly, or up to its documented trailing fields/padding);
//  - per file, the records of each kernel class group equal SOURCES.md's own-scan counts ("kernel
//    (SYSTEM/PERFINFO/classic) groups: {...}"), counted from the record headers;
//  - independent facts on the decoded values: Image file names are paths of PE files, Thread events belong to
//    processes the same file's Process events name, FileIo names are NT device paths;
//  - the sawbuck generated sets (google/syzygy make_test_data.cc, both payload pointer sizes in FULL32 headers
//    whose file header says PointerSize 4) equal the module and process lists of kernel_log_unittest_data.cc.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/registry.hpp"

#include "fixture.hpp"

using namespace traceshark::etl;
namespace fs = std::filesystem;
using traceshark::etl::test::corpus_having;

namespace {

std::vector<std::string> corpus_etls(const std::string& c)
{
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(c + "/etl"))
        if (e.is_regular_file() && e.path().extension() == ".etl") out.push_back(fs::relative(e.path(), c + "/etl"));
    std::sort(out.begin(), out.end());
    return out;
}

const Field* find(const DecodedEvent& e, const std::string& name)
{
    for (const Field& f : e.fields)
        if (f.name == name) return &f;
    return nullptr;
}
std::string text(const DecodedEvent& e, const std::string& name)
{
    const Field* f = find(e, name);
    return f ? f->value.to_string() : "<absent>";
}
uint64_t number(const DecodedEvent& e, const std::string& name)
{
    const Field* f = find(e, name);
    if (!f) return ~0ull;
    if (auto* u = std::get_if<uint64_t>(&f->value.scalar)) return *u;
    if (auto* i = std::get_if<int64_t>(&f->value.scalar)) return static_cast<uint64_t>(*i);
    return ~0ull;
}

bool is_kernel_class(const EventRecord& r)
{
    if (r.is_kernel()) return kernel::class_of_group(static_cast<uint8_t>(r.hook_id >> 8)) != nullptr;
    const bool classic = r.header_type == HeaderType::Full32 || r.header_type == HeaderType::Full64 ||
                         r.header_type == HeaderType::Instance32 || r.header_type == HeaderType::Instance64;
    return classic && kernel::class_of_guid(r.provider) != nullptr;
}

// SOURCES.md's group names: the HookId group of kernel records ("Config" = SystemConfig), "classic:<class>" for
// FULL records with a kernel class GUID (only records is_kernel_class() took).
std::string scan_group(const EventRecord& r)
{
    if (r.is_kernel()) {
        const kernel::KernelClass* c = kernel::class_of_group(static_cast<uint8_t>(r.hook_id >> 8));
        if (!c) return "unknown";
        return c->group == kernel::Group::SystemConfig ? "Config" : std::string(c->name);
    }
    const kernel::KernelClass* c = kernel::class_of_guid(r.provider);
    return c ? "classic:" + std::string(c->name) : "unknown";
}

// "### `etl/<file>`" ... "kernel (SYSTEM/PERFINFO/classic) groups: {'Image': 13683, ...}" of SOURCES.md.
std::map<std::string, std::map<std::string, uint64_t>> sources_md_groups(const std::string& c)
{
    std::map<std::string, std::map<std::string, uint64_t>> out;
    std::ifstream in(c + "/SOURCES.md");
    const std::regex heading(R"(^### `etl/(.*\.etl)`)"), groups(R"(kernel \(SYSTEM/PERFINFO/classic\) groups: \{([^}]*)\})"),
        item(R"('([^']+)': (\d+))");
    std::string file, line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (std::regex_search(line, m, heading)) file = m[1];
        else if (!file.empty() && std::regex_search(line, m, groups)) {
            const std::string body = m[1];
            for (std::sregex_iterator it(body.begin(), body.end(), item), end; it != end; ++it)
                out[file][(*it)[1]] = std::stoull((*it)[2]);
        }
    }
    return out;
}

struct FileStats {
    std::map<std::string, uint64_t> decoded, raw, groups;  // decoded/raw by task; records by scan group
    std::vector<std::string> problems;
};

bool pe_path(const std::string& s)
{
    static const std::regex path(R"(^(\\|[A-Za-z]:\\)[^\x00-\x1f]*\.[A-Za-z0-9]{2,5}$)");
    return std::regex_match(s, path);
}
bool main_pe_extension(std::string s)
{
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* x : {".dll", ".exe", ".sys"})
        if (s.size() > 4 && s.compare(s.size() - 4, 4, x) == 0) return true;
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernel_corpus)

BOOST_AUTO_TEST_CASE(every_corpus_etl_kernel_events_decode_cleanly)
{
    const std::string c = corpus_having("etl");
    if (c.empty()) return;
    const auto expected_groups = sources_md_groups(c);
    BOOST_TEST(expected_groups.size() >= 19u);  // ShutdownPerfDiagLogger, diaghub.kernel.1 and the 17 sawbuck files
    const auto files = corpus_etls(c);
    BOOST_REQUIRE(files.size() == 38u);  // SOURCES.md: 38 ETLs
    uint64_t all_decoded = 0;
    for (const std::string& name : files) {
        BOOST_TEST_CONTEXT(name)
        {
            FileStats st;
            std::set<uint64_t> process_ids;
            std::vector<uint64_t> thread_pids;
            uint64_t images = 0, images_main = 0, file_names = 0;
            auto trace = EtlTrace::open(c + "/etl/" + name);
            EventReader reader(*trace);
            auto decoders = make_default_decoders();
            while (const EventRecord* r = reader.next()) {
                if (!is_kernel_class(*r) || (r->is_kernel() && r->hook_id == 0)) continue;  // header: registry
                const DecodedEvent e = decoders->decode(*r);
                ++st.groups[scan_group(*r)];
                (e.decoded ? st.decoded : st.raw)[e.task]++;
                if (!e.problem.empty()) st.problems.push_back(e.name() + ": " + e.problem);
                if (!e.decoded) continue;
                if (e.task == "Process" && find(e, "ProcessID")) process_ids.insert(number(e, "ProcessID"));
                if (e.task == "Thread" && e.opcode.find("Start") != std::string::npos)
                    thread_pids.push_back(number(e, "ProcessID"));
                if (e.task == "Image" && find(e, "FileName")) {
                    ++images;
                    const std::string f = text(e, "FileName");
                    BOOST_TEST(pe_path(f), e.name() << " FileName=" << f);
                    images_main += main_pe_extension(f);
                }
                if (e.task == "FileIO" && find(e, "FileName") && (e.opcode == "FileCreate" || e.opcode == "FileRundown")) {
                    ++file_names;
                    const std::string f = text(e, "FileName");
                    // "\FI_UNKNOWN" is the kernel's name for a file object whose name it could not get.
                    BOOST_TEST((f.rfind("\\Device\\", 0) == 0 || f == "\\FI_UNKNOWN" || f.empty()),
                               e.name() << " FileName=" << f);
                }
            }
            for (size_t i = 0; i < st.problems.size() && i < 10; ++i) BOOST_ERROR(st.problems[i]);
            BOOST_TEST(st.problems.empty());
            // Image names: paths of PE files, nearly all .dll/.exe/.sys (the rest: .drv, .cpl, .winmd, ...).
            if (images) BOOST_TEST(images_main * 100 >= images * 95);
            // Thread starts name processes the same file's Process events name (where it has any).
            if (!process_ids.empty())
                for (uint64_t pid : thread_pids) BOOST_TEST(process_ids.count(pid) == 1u, "thread of pid " << pid);
            // SOURCES.md's groups that are kernel classes ('classic:KernelTraceControl' and GUIDs are not).
            const auto g = expected_groups.find(name);
            if (g != expected_groups.end())
                for (const auto& [group, n] : g->second)
                    if (st.groups.count(group) || group == "Config" || group.find('-') == std::string::npos) {
                        if (group.rfind("classic:KernelTraceControl", 0) == 0) continue;
                        BOOST_TEST(st.groups[group] == n, group);
                    }
            std::string line;
            for (const auto& [task, n] : st.decoded) line += " " + task + "=" + std::to_string(n);
            for (const auto& [task, n] : st.raw) line += " " + task + "(raw)=" + std::to_string(n);
            BOOST_TEST_MESSAGE(name << ":" << line << " FileIO names=" << file_names);
            for (const auto& [task, n] : st.decoded) all_decoded += n;
        }
    }
    BOOST_TEST(all_decoded > 250000u);
}

namespace {

struct Module {
    size_t index;  // in kernel_log_unittest_data.cc's module_list
    uint64_t base, size;
    uint32_t checksum, time_date_stamp;
    const char* file;
};
// Entries of sawbuck's module_list (24 modules; the test data logs each as DCStart, then unloads and reloads the
// first).
constexpr Module kModules[] = {
    {0, 0x01160000, 0x0019E000, 0x4BA26867, 0xCAFEBABE, "C:\\code\\sawbuck\\src\\sawbuck\\Debug\\test_program.exe"},
    {1, 0x76E10000, 0x00127000, 0x4791A7A6, 0x00135D86, "C:\\Windows\\system32\\ntdll.dll"},
    {2, 0x75680000, 0x000DB000, 0x49953395, 0x000DC23C, "C:\\Windows\\system32\\kernel32.dll"},
    {13, 0x75EE0000, 0x00B10000, 0x4A573229, 0x00B0EE79, "C:\\Windows\\system32\\SHELL32.dll"},
    {18, 0x6C2B0000, 0x00023000, 0x4AF0FA99, 0x0002647C, "C:\\PROGRA~1\\GOOGLE\\GO333C~1\\GOEC62~1.DLL"},
    {23, 0x746A0000, 0x0019E000, 0x4791A752, 0x001A2D0F,
     "C:\\Windows\\WinSxS\\x86_microsoft.windows.common-controls_6595b64144ccf1df_6.0.6001.18000_none_5cdbaa5a083979cc"
     "\\comctl32.dll"},
};
constexpr size_t kModuleCount = 24;

struct Proc {
    uint32_t pid, parent, session;
    const char *sid, *image, *command_line;
};
// sawbuck's process_list: Idle, System and smss.exe are "running" (DCStart, then DCStop), notepad.exe starts and
// stops.
constexpr Proc kProcs[] = {
    {0, 0, 4294967295u, "S-1-5-18", "Idle", ""},
    {4, 0, 4294967295u, "S-1-5-18", "System", ""},
    {264, 4, 4294967295u, "S-1-5-18", "smss.exe", "\\SystemRoot\\System32\\smss.exe"},
    {1776, 988, 1, "S-1-5-21-753675414-103939432-3550797041-1000", "notepad.exe", "\"C:\\Windows\\system32\\notepad.exe\" "},
};

// The classic (FULL32) records of a file with their header PID, decoded.
std::vector<std::pair<uint32_t, DecodedEvent>> decode_classic(const std::string& path, std::unique_ptr<EtlTrace>& keep)
{
    keep = EtlTrace::open(path);
    EventReader reader(*keep);
    auto decoders = make_default_decoders();
    std::vector<std::pair<uint32_t, DecodedEvent>> out;
    while (const EventRecord* r = reader.next())
        if (!r->is_kernel()) out.emplace_back(r->pid, decoders->decode(*r));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sawbuck_sets_equal_their_generators_lists)
{
    const std::string c = corpus_having("etl");
    if (c.empty()) return;
    size_t files = 0;
    for (const std::string& name : corpus_etls(c)) {
        if (name.find("sawbuck") == std::string::npos) continue;
        ++files;
        BOOST_TEST_CONTEXT(name)
        {
            // The file header says PointerSize 4 in every one of them; the payloads of *_64_* have 8-byte pointers.
            const uint8_t P = name.find("_64_") != std::string::npos ? 8 : 4;
            const int version = name[name.size() - 5] - '0';
            std::unique_ptr<EtlTrace> trace;
            const auto events = decode_classic(c + "/etl/" + name, trace);
            // sawbuck-viewer's 2010 generator wrote the 64-bit Image V1/V2 payloads with a 4-byte ModuleSize followed
            // by its PID, unlike the kernel's layout (ImageSize pointer-sized, then ProcessId) that the decoder
            // follows: there the decoded ImageSize is size | pid << 32, and in V1 the ProcessID takes the name's
            // drive ("C:"); V2's later fields are where the kernel has them.
            const bool old_64 = name.rfind("sawbuck-viewer/test_data_64_v", 0) == 0 && version >= 1;
            BOOST_TEST(trace->metadata().files[0].pointer_size == 4u);
            if (name.find("process_data") == std::string::npos) {
                BOOST_REQUIRE(events.size() == kModuleCount + 2);
                for (size_t i = 0; i < events.size(); ++i) {
                    const DecodedEvent& e = events[i].second;
                    const size_t module = i < kModuleCount ? i : 0;
                    BOOST_TEST(e.name() == (i < kModuleCount ? "Windows Kernel/Image/DCStart"
                                            : i == kModuleCount ? "Windows Kernel/Image/Unload"
                                                                : "Windows Kernel/Image/Load"));
                    BOOST_TEST(e.problem == "");
                    BOOST_TEST(int(find(e, "ImageBase")->value.size) == int(P));
                    for (const Module& m : kModules) {
                        if (m.index != module) continue;
                        BOOST_TEST(number(e, "ImageBase") == m.base);
                        if (old_64) {
                            BOOST_TEST(text(e, "FileName") == (version == 1 ? m.file + 2 : m.file));
                            BOOST_TEST(number(e, "ImageSize") == (m.size | uint64_t{events[i].first} << 32));
                        } else {
                            BOOST_TEST(text(e, "FileName") == m.file);
                            BOOST_TEST(number(e, "ImageSize") == m.size);
                            if (version >= 1) BOOST_TEST(number(e, "ProcessID") == events[i].first);  // the logger's
                        }
                        if (version >= 2) {
                            BOOST_TEST(number(e, "ImageChecksum") == m.checksum);
                            BOOST_TEST(static_cast<uint32_t>(number(e, "TimeDateStamp")) == m.time_date_stamp);
                        }
                    }
                    if (!(old_64 && version == 1)) BOOST_TEST(pe_path(text(e, "FileName")));
                }
            } else {
                // V1 logs notepad's start and stop only; V2/V3 the whole list.
                const bool whole = events.size() == 8;
                BOOST_REQUIRE((whole || events.size() == 2));
                std::vector<std::pair<const char*, const Proc*>> want;
                if (whole)
                    for (size_t i = 0; i < 3; ++i) want.emplace_back("DCStart", &kProcs[i]);
                want.emplace_back("Start", &kProcs[3]);
                want.emplace_back("Stop", &kProcs[3]);
                if (whole)
                    for (size_t i = 0; i < 3; ++i) want.emplace_back("DCStop", &kProcs[i]);
                for (size_t i = 0; i < want.size(); ++i) {
                    const DecodedEvent& e = events[i].second;
                    const Proc& p = *want[i].second;
                    BOOST_TEST(e.name() == std::string("Windows Kernel/Process/") + want[i].first);
                    BOOST_TEST(e.problem == "");
                    BOOST_TEST(number(e, "ProcessID") == p.pid);
                    BOOST_TEST(number(e, "ParentID") == p.parent);
                    BOOST_TEST(number(e, "SessionID") == p.session);
                    BOOST_TEST(text(e, "UserSID") == p.sid);
                    BOOST_TEST(text(e, "ImageFileName") == p.image);
                    if (version >= 2) BOOST_TEST(text(e, "CommandLine") == p.command_line);
                    BOOST_TEST(number(e, "ExitStatus") == (std::string(want[i].first) == "Stop" ? 0u : 259u));
                    BOOST_TEST(int(find(e, "UniqueProcessKey") ? find(e, "UniqueProcessKey")->value.size
                                                               : find(e, "PageDirectoryBase")->value.size) == int(P));
                }
            }
        }
    }
    BOOST_TEST(files == 17u);
}

BOOST_AUTO_TEST_SUITE_END()
