// What field discovery (linux_field_discovery.hpp, etw_field_discovery.hpp) reads before any capture is open:
// the capture files named on this process's command line, and small files such as tracefs formats.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace traceshark::epan {

// The contents of a file of at most 1 MiB; nullopt when unreadable or larger.
std::optional<std::string> read_small_file(const std::string& path);
// Capture files named on this process's command line (-r FILE, -rFILE, --read-file FILE, --read-file=FILE),
// standard input excepted.
std::vector<std::string> files_on_command_line();

}  // namespace traceshark::epan
