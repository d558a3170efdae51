#include "pml_printer.hpp"

#include "process_tree.hpp"

#include <map>
#include <utility>
#include <vector>
#include <string>

#include "traceshark/procmon/csv_writer.hpp"
#include "traceshark/procmon/error.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/procmon/mapper.hpp"
#include "traceshark/tracking/process_tree.hpp"

namespace traceshark::dump {

namespace {

size_t report_problems(const procmon::PmlFile& file, std::FILE* err)
{
    for (const auto& p : file.problems()) std::fprintf(err, "traceshark-dump: %s\n", p.text().c_str());
    return file.problems().size();
}

}  // namespace

size_t print_pml_csv(const procmon::PmlFile& file, std::ostream& out, std::FILE* err)
{
    procmon::CsvWriter csv(out, file.tables());
    csv.header();
    size_t damage = 0;
    for (uint32_t i = 0; i < file.event_count(); ++i) {
        try {
            csv.row(file.event(i));
        } catch (const procmon::FormatError& e) {
            out.flush();
            std::fprintf(err, "traceshark-dump: event %u: %s\n", i, e.what());
            ++damage;
        }
        if (i % 65536 == 65535) file.release_before(i);
    }
    out.flush();
    return damage + report_problems(file, err);
}

size_t print_pml_summary(const procmon::PmlFile& file, std::FILE* out, std::FILE* err)
{
    const auto& s = file.system();
    std::fprintf(out, "Computer Name: %s\nOperating System: %s\nSystem Root: %s\nLogical Processors: %u\n"
                      "Memory (RAM): %s\nSystem Type: %s\nEvents: %u\n",
                 s.computer_name.c_str(), s.operating_system().c_str(), s.system_root.c_str(),
                 s.logical_processors, s.memory_text().c_str(), s.system_type(), file.event_count());
    std::fprintf(out, "Processes: %zu\n", file.tables().processes().size());
    for (const auto& p : file.tables().processes()) {
        std::fprintf(out, "  %6u %6u %-24s %s %s session %u %s | %s\n", p.pid, p.parent_pid, p.name.c_str(),
                     p.is_64bit ? "64-bit" : "32-bit", p.integrity.c_str(), p.session, p.user.c_str(),
                     p.company.c_str());
    }
    std::map<std::string, size_t> counts;
    size_t damage = 0;
    procmon::DecodeOptions names_only;
    names_only.details = false;
    names_only.stack = false;
    for (uint32_t i = 0; i < file.event_count(); ++i) {
        try {
            const auto e = file.event(i, names_only);
            ++counts[std::string(procmon::event_class_name(e.event_class)) + " / " + e.operation_name];
        } catch (const procmon::FormatError& e) {
            std::fprintf(err, "traceshark-dump: event %u: %s\n", i, e.what());
            ++damage;
        }
    }
    std::fprintf(out, "Operations:\n");
    for (const auto& [name, n] : counts) std::fprintf(out, "  %8zu %s\n", n, name.c_str());
    return damage + report_problems(file, err);
}

size_t print_pml_process_tree(const procmon::PmlFile& file, std::FILE* out, std::FILE* err)
{
    namespace tk = traceshark::tracking;
    tk::Engine engine;
    const auto& s = file.system();
    const uint32_t machine = engine.add_machine({s.computer_name, s.operating_system()});
    tk::ProcmonMapper mapper(file.tables());
    procmon::DecodeOptions no_stack;
    no_stack.stack = false;
    std::vector<ConsumedEvent> seen;
    size_t damage = 0;
    for (uint32_t i = 0; i < file.event_count(); ++i) {
        try {
            const tk::NormalizedEvent e = mapper.map(file.event(i, no_stack), machine);
            seen.push_back({e.tid, e.pid, engine.consume(e)});
        } catch (const procmon::FormatError& e) {
            std::fprintf(err, "traceshark-dump: event %u: %s\n", i, e.what());
            ++damage;
        }
    }
    write_process_tree(engine, machine, seen, out);
    return damage + report_problems(file, err);
}

}  // namespace traceshark::dump
