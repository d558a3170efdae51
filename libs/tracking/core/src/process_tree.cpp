#include "traceshark/tracking/process_tree.hpp"

#include <cstdio>

namespace traceshark::tracking {
namespace {

std::string seconds(uint64_t ns)
{
    char b[32];
    std::snprintf(b, sizeof b, "%llu.%06llu", static_cast<unsigned long long>(ns / 1000000000u),
                  static_cast<unsigned long long>(ns % 1000000000u / 1000u));
    return b;
}

// An executable a forked child got from its parent (Linux) is not news; one a process started with (Windows) is.
bool inherited(const Engine& e, const Process& p, const Timed<std::string>& x)
{
    if (p.partial || !p.start_seq || x.seq != *p.start_seq || p.parent == kNoInstance) return false;
    const Timed<std::string>* parents = nullptr;
    for (const auto& px : e.processes()[p.parent].exec_files)
        if (px.seq <= x.seq) parents = &px;
    return parents && parents->value == x.value;
}

void add_node(const Engine& e, const Process& p, const std::map<InstanceId, uint64_t>& counts, int depth, std::string& out)
{
    std::string line(static_cast<size_t>(depth) * 2, ' ');
    line += std::to_string(p.pid) + " " + last_name(p);
    if (p.names.size() > 1) {
        line += " (was";
        for (size_t i = 0; i + 1 < p.names.size(); ++i) line += " " + p.names[i].value;
        line += ")";
    }
    line += p.partial ? "  [before the capture" : "  [" + seconds(p.start_ts);
    line += " - " + (p.exit_seq ? seconds(p.exit_ts) : std::string("running")) + "]";
    for (const auto& x : p.exec_files)
        if (!inherited(e, p, x)) line += " exec " + x.value;
    if (p.exit_code) line += " exit " + std::to_string(*p.exit_code);
    if (p.threads.size() > 1) line += " threads " + std::to_string(p.threads.size());
    const auto c = counts.find(p.id);
    line += " events " + std::to_string(c == counts.end() ? 0 : c->second);
    out += line + "\n";
    for (InstanceId child : p.children) add_node(e, e.processes()[child], counts, depth + 1, out);
}

}  // namespace

std::string process_tree_text(const Engine& engine, uint32_t machine, const std::map<InstanceId, uint64_t>& events)
{
    size_t processes = 0, threads = 0;
    for (const Process& p : engine.processes()) processes += p.machine == machine;
    for (const Thread& t : engine.threads()) threads += t.machine == machine;
    const MachineInfo& m = engine.machines().at(machine);
    std::string out = "machine " + m.hostname + " (" + m.os + "): " + std::to_string(processes) + " processes, " +
                      std::to_string(threads) + " threads\n";
    for (const Process& p : engine.processes())
        if (p.machine == machine && p.parent == kNoInstance) add_node(engine, p, events, 1, out);
    return out;
}

}  // namespace traceshark::tracking
