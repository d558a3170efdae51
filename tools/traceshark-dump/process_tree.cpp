#include "process_tree.hpp"

#include <map>
#include <string>

#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/linux_mapper.hpp"

namespace traceshark::dump {

using namespace traceshark::tracking;

namespace {

std::string seconds(uint64_t ns)
{
    char b[32];
    std::snprintf(b, sizeof b, "%llu.%06llu", static_cast<unsigned long long>(ns / 1000000000u),
                  static_cast<unsigned long long>(ns % 1000000000u / 1000u));
    return b;
}

void print_node(const Engine& e, const Process& p, const std::map<InstanceId, uint64_t>& counts, int depth, std::FILE* out)
{
    std::string line(static_cast<size_t>(depth) * 2, ' ');
    line += std::to_string(p.pid) + " " + (p.names.empty() ? std::string("?") : p.names.back().value);
    if (p.names.size() > 1) {
        line += " (was";
        for (size_t i = 0; i + 1 < p.names.size(); ++i) line += " " + p.names[i].value;
        line += ")";
    }
    line += p.partial ? "  [before the capture" : "  [" + seconds(p.start_ts);
    line += " - " + (p.exit_seq ? seconds(p.exit_ts) : std::string("running")) + "]";
    for (const auto& x : p.exec_files)
        if (p.partial || !p.start_seq || x.seq != *p.start_seq) line += " exec " + x.value;  // not the inherited one
    if (p.exit_code) line += " exit " + std::to_string(*p.exit_code);
    if (p.threads.size() > 1) line += " threads " + std::to_string(p.threads.size());
    const auto c = counts.find(p.id);
    line += " events " + std::to_string(c == counts.end() ? 0 : c->second);
    std::fprintf(out, "%s\n", line.c_str());
    for (InstanceId child : p.children) print_node(e, e.processes()[child], counts, depth + 1, out);
}

}  // namespace

void print_process_tree(tracecmd::TraceFile& file, const ReportOptions& options, std::FILE* out, std::FILE* err)
{
    Engine engine;
    const auto& m = file.metadata();
    const uint32_t machine = engine.add_machine({m.machine.hostname, m.machine.system + " " + m.machine.kernel_release});
    engine.set_known_names(machine, file.saved_comms());
    LinuxMapper mapper(file.formats());
    // Instances repeat events of the top buffer: track one buffer (the first one chosen, else the top one).
    tracecmd::ReadOptions read{options.buffers.empty() ? std::vector<uint32_t>{0} : std::vector<uint32_t>{options.buffers[0]},
                               options.cpu};
    tracecmd::EventReader reader(file, read);
    std::vector<std::pair<int, EventSeq>> seen;
    while (const tracecmd::Record* rec = reader.next()) {
        const NormalizedEvent ev = mapper.map(*rec, machine);
        seen.emplace_back(ev.tid, engine.consume(ev));
    }
    std::map<InstanceId, uint64_t> counts;
    for (const auto& [tid, seq] : seen) {
        const Context c = engine.context(machine, tid, seq);
        if (c.process) ++counts[c.process->id];
    }
    std::fprintf(out, "machine %s (%s): %zu processes, %zu threads\n", m.machine.hostname.c_str(),
                 engine.machines()[machine].os.c_str(), engine.processes().size(), engine.threads().size());
    for (const Process& p : engine.processes())
        if (p.parent == kNoInstance) print_node(engine, p, counts, 1, out);
    if (!engine.advice().empty()) std::fprintf(err, "%s: %s\n", file.path().c_str(), engine.advice().c_str());
}

}  // namespace traceshark::dump
