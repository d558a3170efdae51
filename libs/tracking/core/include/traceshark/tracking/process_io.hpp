// Per-process I/O of one machine as a table: for every process instance that used a file, registry key or socket,
// its operations, bytes read/written through files, bytes sent/received through sockets, and failed requests.
// Used by Wireshark's `-z traceshark,io` (the GUI's Statistics > Traceshark > Process Activity shows the same totals).
#pragma once

#include <cstdint>
#include <string>

#include "traceshark/tracking/engine.hpp"

namespace traceshark::tracking {

std::string process_io_text(const Engine& engine, uint32_t machine);

}  // namespace traceshark::tracking
