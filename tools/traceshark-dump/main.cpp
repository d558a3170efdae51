// traceshark-dump: print a trace file's events (trace.dat: exactly like `trace-cmd report`; Procmon PML: as
// Procmon's CSV export) or a summary.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

#include <thread>

#include "etl_printer.hpp"
#include "multi_report.hpp"
#include "parallel_report.hpp"
#include "pml_printer.hpp"
#include "process_tree.hpp"
#include "report_lines.hpp"
#include "report_printer.hpp"
#include "summary_printer.hpp"
#include "traceshark/etl/error.hpp"
#include "traceshark/procmon/error.hpp"
#include "traceshark/procmon/layout.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace {

void usage(std::FILE* f)
{
    std::fputs("usage: traceshark-dump [--summary | --processes | --csv] [--buffer NAME]... [--cpu N] [--jobs N] FILE\n"
               "       traceshark-dump [--cpu N] -i HOST.dat -i GUEST.dat [-i ...]\n"
               "       traceshark-dump [--summary | --counts | --processes] [--manifest PATH]... [--tracelog] FILE.etl [FILE2.etl ...]\n"
               "  (default)       trace.dat: print every event as `trace-cmd report` does;\n"
               "                  Procmon .PML: the CSV that Procmon's \"Save as CSV\" writes (times in UTC)\n"
               "  --csv           the Procmon CSV (PML files only)\n"
               "  --summary       machine, buffers, CPUs, clock, per-event counts, missed events\n"
               "  --processes     the process tree the tracking engine finds (lifetimes, exec, exit codes)\n"
               "  --buffer NAME   only this buffer (instance); \"\" or \"top\" is the top buffer\n"
               "  --cpu N         only CPU N\n"
               "  --jobs N        render events on N threads (default: from the file size and idle CPUs;\n"
               "                  1 = this thread only)\n"
               "  -i FILE         a trace.dat file; several: printed as one time line like `trace-cmd report -i A -i B`\n"
               "                  (lines tagged with the file name, guest files on host time through TIME_SHIFT)\n"
               "  ETW .etl (several files of one session are read as one trace):\n"
               "  (default)       one line per event in time order: UTC time, CPU, PID, TID, name, fields\n"
               "  --counts        COUNT <event name>:<n> per event name, sorted (PerfView's baselines)\n"
               "  --manifest PATH an instrumentation manifest (.man) or a directory of them (repeatable)\n"
               "  --tracelog      leave out what PerfView's TraceLog keeps out of its event stream (stacks, rundown,\n"
               "                  idle samples, ...), as PerfView counts\n"
               "exit status: 0 ok, 1 unreadable file, 2 usage, 3 events read but the file is damaged\n",
               f);
}

bool is_pml(const char* path)
{
    std::ifstream f(path, std::ios::binary);
    constexpr std::string_view signature = traceshark::procmon::kPmlSignature;
    char magic[signature.size()] = {};
    return f.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == signature;
}

bool is_etl(const char* path)
{
    std::ifstream f(path, std::ios::binary);
    char head[0x80] = {};
    f.read(head, sizeof head);
    const auto n = static_cast<size_t>(f.gcount());
    return traceshark::etl::EtlTrace::looks_like_etl({reinterpret_cast<const uint8_t*>(head), n});
}

int dump_etl(const std::vector<std::string>& paths, bool summary, bool counts, bool processes,
             const std::vector<std::string>& manifests, bool tracelog)
{
    using namespace traceshark;
    const std::string shown = paths.size() == 1 ? paths[0] : paths[0] + " (+" + std::to_string(paths.size() - 1) + ")";
    try {
        auto trace = etl::EtlTrace::open(paths);
        etl::DecoderOptions options;
        options.manifest_paths = manifests;
        auto decoders = etl::make_default_decoders(options);
        const auto mode = summary ? dump::EtlMode::Summary : counts ? dump::EtlMode::Counts : dump::EtlMode::Events;
        const size_t damage = processes ? dump::print_etl_process_tree(*trace, *decoders, stdout, stderr)
                                        : dump::print_etl(*trace, *decoders, mode, stdout, stderr, tracelog);
        return damage ? 3 : 0;
    } catch (const etl::FormatError& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", shown.c_str(), e.what());
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "traceshark-dump: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", shown.c_str(), e.what());
    }
    return 1;
}

// Too short (or unreadable) to tell its format by the magic: with --csv it is a damaged Procmon log, not a usage error.
bool too_short_to_tell(const char* path)
{
    std::ifstream f(path, std::ios::binary);
    char magic[4] = {};
    return !f.read(magic, 4);
}

int dump_pml(const char* path, bool summary, bool processes)
{
    using namespace traceshark;
    try {
        auto file = procmon::PmlFile::open(path);
        std::ios::sync_with_stdio(false);
        const size_t damage = summary     ? dump::print_pml_summary(*file, stdout, stderr)
                              : processes ? dump::print_pml_process_tree(*file, stdout, stderr)
                                          : dump::print_pml_csv(*file, std::cout, stderr);
        std::fflush(stdout);
        return damage ? 3 : 0;
    } catch (const procmon::FormatError& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", path, e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", path, e.what());
    }
    return 1;
}

// Several trace.dat files (a host and its guests) on one time line.
int dump_tracedat_inputs(const char* first, const std::vector<std::string>& more, const traceshark::dump::ReportOptions& options)
{
    using namespace traceshark;
    std::vector<std::string> paths{first};
    paths.insert(paths.end(), more.begin(), more.end());
    std::vector<std::unique_ptr<tracecmd::TraceFile>> files;
    std::string current;
    try {
        for (const std::string& p : paths) {
            current = p;
            files.push_back(tracecmd::TraceFile::open(p));
        }
        current = paths[0] + " (+" + std::to_string(paths.size() - 1) + ")";
        for (const auto& f : files) dump::print_clock_sync_problems(*f, stderr);
        const size_t damage = dump::print_multi_report(files, options, stdout, stderr);
        std::fflush(stdout);
        return damage ? 3 : 0;
    } catch (const tracecmd::FormatError& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", current.c_str(), e.what());
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "traceshark-dump: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", current.c_str(), e.what());
    }
    std::fflush(stdout);
    return 1;
}

}  // namespace

int main(int argc, char** argv)
{
    using namespace traceshark;
    bool summary = false;
    bool processes = false;
    bool csv = false;
    bool counts = false;
    std::vector<std::string> manifests;
    bool tracelog = false;
    std::vector<std::string> more_paths;
    std::vector<std::string> buffer_names;
    dump::ReportOptions options;
    const char* path = nullptr;
    unsigned jobs = 0;  // 0: chosen from the file (dump::report_jobs)
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--summary") summary = true;
        else if (a == "--csv") csv = true;
        else if (a == "--processes") processes = true;
        else if (a == "--counts") counts = true;
        else if (a == "--manifest" && i + 1 < argc) manifests.emplace_back(argv[++i]);
        else if (a == "--tracelog") tracelog = true;
        else if (a == "--buffer" && i + 1 < argc) buffer_names.emplace_back(argv[++i]);
        else if (a == "-i" && i + 1 < argc) {
            if (!path) path = argv[++i];
            else more_paths.emplace_back(argv[++i]);
        }
        else if (a == "--cpu" && i + 1 < argc) {
            char* end = nullptr;
            const long cpu = std::strtol(argv[++i], &end, 10);
            if (*end || cpu < 0) { usage(stderr); return 2; }
            options.cpu = static_cast<int>(cpu);
        } else if (a == "--jobs" && i + 1 < argc) {
            char* end = nullptr;
            const long n = std::strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) { usage(stderr); return 2; }
            jobs = static_cast<unsigned>(n);
        } else if (a == "-h" || a == "--help") { usage(stdout); return 0; }
        else if (!a.empty() && a[0] == '-' ) { usage(stderr); return 2; }
        else if (!path) path = argv[i];
        else more_paths.emplace_back(argv[i]);
    }
    if (!path) { usage(stderr); return 2; }
    if (is_etl(path)) {
        if (!buffer_names.empty() || options.cpu || csv || (summary + counts + processes > 1) || (processes && tracelog)) {
            usage(stderr);
            return 2;
        }
        std::vector<std::string> paths{path};
        paths.insert(paths.end(), more_paths.begin(), more_paths.end());
        return dump_etl(paths, summary, counts, processes, manifests, tracelog);
    }
    if (!more_paths.empty() && !counts && manifests.empty() && !tracelog && !summary && !processes && !csv &&
        buffer_names.empty() && !is_pml(path))
        return dump_tracedat_inputs(path, more_paths, options);
    if (!more_paths.empty() || counts || !manifests.empty() || tracelog) { usage(stderr); return 2; }
    if (is_pml(path) || (csv && too_short_to_tell(path))) {
        if (!buffer_names.empty() || options.cpu) { usage(stderr); return 2; }
        return dump_pml(path, summary, processes);
    }
    if (csv) {
        std::fprintf(stderr, "traceshark-dump: %s: --csv is for Procmon logs (.PML)\n", path);
        return 2;
    }
    try {
        auto file = tracecmd::TraceFile::open(path);
        for (const std::string& name : buffer_names) {
            auto idx = file->buffer_index(name == "top" ? "" : name);
            if (!idx) {
                std::fprintf(stderr, "traceshark-dump: %s: no buffer named '%s'\n", path, name.c_str());
                return 2;
            }
            options.buffers.push_back(*idx);
        }
        if (processes) {
            dump::print_process_tree(*file, options, stdout, stderr);
            return 0;
        }
        if (!summary) dump::print_clock_sync_problems(*file, stderr);
        if (!jobs) jobs = dump::report_jobs(*file);
        const size_t damage = summary     ? dump::print_summary(*file, options, stdout, stderr)
                              : jobs > 1 ? dump::print_report_parallel(*file, options, jobs, stdout, stderr)
                                         : dump::print_report(*file, options, stdout, stderr);
        std::fflush(stdout);
        return damage ? 3 : 0;
    } catch (const tracecmd::FormatError& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", path, e.what());
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "traceshark-dump: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "traceshark-dump: %s: %s\n", path, e.what());
    }
    return 1;
}
