#include "process_tree.hpp"

#include <map>
#include <string>

#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/linux/mapper.hpp"
#include "traceshark/tracking/process_tree.hpp"

namespace traceshark::dump {

using namespace traceshark::tracking;

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
    std::vector<ConsumedEvent> seen;
    while (const tracecmd::Record* rec = reader.next()) {
        const NormalizedEvent ev = mapper.map(*rec, machine);
        seen.push_back({ev.tid, -1, engine.consume(ev)});  // a Linux event's process is its task's
    }
    write_process_tree(engine, machine, seen, out);
    if (!engine.advice().empty()) std::fprintf(err, "%s: %s\n", file.path().c_str(), engine.advice().c_str());
}

void write_process_tree(const Engine& engine, uint32_t machine, const std::vector<ConsumedEvent>& events, std::FILE* out)
{
    std::map<InstanceId, uint64_t> counts;
    for (const ConsumedEvent& e : events) {
        const Context c = engine.context(machine, e.tid, e.seq, e.pid);
        if (c.process) ++counts[c.process->id];
    }
    const std::string tree = process_tree_text(engine, machine, counts);
    std::fwrite(tree.data(), 1, tree.size(), out);
}

}  // namespace traceshark::dump
