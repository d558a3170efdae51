// The process tree of one machine as text: one line per process instance, children indented under their parent,
// with lifetime, name history, executables, exit code, thread and event counts. Used by `traceshark-dump
// --processes` and Wireshark's `-z traceshark,proctree`.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "traceshark/tracking/engine.hpp"

namespace traceshark::tracking {

// `events`: how many events each process instance had (by InstanceId).
std::string process_tree_text(const Engine& engine, uint32_t machine, const std::map<InstanceId, uint64_t>& events);

}  // namespace traceshark::tracking
