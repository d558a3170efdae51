#include "traceshark/tracking/process_connections.hpp"

#include <algorithm>
#include <cstdio>

namespace traceshark::tracking {

namespace {

const char* endpoint_or_unknown(const std::string& e) { return e.empty() ? "?" : e.c_str(); }

}  // namespace

std::string connection_label(const Socket& s)
{
    return s.protocol + " " + endpoint_or_unknown(s.local) + " -> " + endpoint_or_unknown(s.remote);
}

std::string process_connections_text(const Engine& engine, uint32_t machine, const std::vector<uint64_t>* packets)
{
    const MachineInfo& m = engine.machines().at(machine);
    std::string out = "machine " + m.hostname + " (" + m.os + ")\n";
    char line[768];
    std::snprintf(line, sizeof line, "%8s %-16s %-5s %-24s %-24s %7s %12s %12s %8s %s\n", "PID", "Process", "Proto",
                  "Local", "Remote", "Events", "Sent B", "Received B", "Packets", "Seen");
    out += line;
    // By process (pid, then instance), then in the order the connections were first used.
    std::vector<const Socket*> rows;
    for (const Socket& s : engine.sockets())
        if (s.machine == machine && s.process != kNoInstance && s.process < engine.processes().size()) rows.push_back(&s);
    std::stable_sort(rows.begin(), rows.end(), [&](const Socket* a, const Socket* b) {
        const Process& pa = engine.processes()[a->process];
        const Process& pb = engine.processes()[b->process];
        return pa.pid != pb.pid ? pa.pid < pb.pid : pa.id < pb.id;
    });
    auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
    for (const Socket* s : rows) {
        const Process& p = engine.processes()[s->process];
        const std::string name = last_name(p);
        const uint64_t n = packets ? (s->id < packets->size() ? (*packets)[s->id] : 0) : s->packets;
        // Seen: "connect" / "accept" when the capture shows how it began, "in use" when it was already open.
        const char* seen = s->connect_seq ? "connect" : s->accept_seq ? "accept" : "in use";
        std::snprintf(line, sizeof line, "%8d %-16s %-5s %-24s %-24s %7llu %12llu %12llu %8llu %s%s\n", p.pid,
                      name.c_str(), s->protocol.c_str(), endpoint_or_unknown(s->local), endpoint_or_unknown(s->remote), u(s->events),
                      u(s->bytes_sent), u(s->bytes_received), u(n), seen, s->close_seq ? ", closed" : "");
        out += line;
    }
    if (rows.empty()) out += "  (no connection or flow)\n";
    return out;
}

}  // namespace traceshark::tracking
