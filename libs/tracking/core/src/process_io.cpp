#include "traceshark/tracking/process_io.hpp"

#include <cstdio>

namespace traceshark::tracking {

std::string process_io_text(const Engine& engine, uint32_t machine)
{
    const MachineInfo& m = engine.machines().at(machine);
    std::string out = "machine " + m.hostname + " (" + m.os + ")\n";
    char line[512];
    std::snprintf(line, sizeof line, "%8s %-16s %9s %7s %12s %12s %9s %6s %12s %12s %9s %7s\n", "PID", "Process",
                  "File ops", "Opened", "Read B", "Written B", "Net ops", "Conns", "Sent B", "Received B",
                  "Reg ops", "Failed");
    out += line;
    size_t rows = 0;
    for (const Process& p : engine.processes()) {
        if (p.machine != machine) continue;
        const ProcessIo& io = engine.io_of(p.id);
        if (io.file_ops + io.net_ops + io.registry_ops == 0) continue;
        const std::string name = last_name(p);
        auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
        std::snprintf(line, sizeof line, "%8d %-16s %9llu %7llu %12llu %12llu %9llu %6llu %12llu %12llu %9llu %7llu\n",
                      p.pid, name.c_str(), u(io.file_ops), u(io.files_opened), u(io.file_bytes_read),
                      u(io.file_bytes_written), u(io.net_ops), u(io.connections), u(io.bytes_sent),
                      u(io.bytes_received), u(io.registry_ops), u(io.failed));
        out += line;
        ++rows;
    }
    if (rows == 0) out += "  (no file, registry or network activity)\n";
    return out;
}

}  // namespace traceshark::tracking
