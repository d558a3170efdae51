// Process Monitor events (libs/procmon) as normalized tracking events:
//   Process Create   process start (child = the new PID; its executable and command line from the details;
//                    its parent as the process table records it, which may not be the creator)
//   Thread Create    thread start in the event's process
//   Thread Exit      thread exit
//   Process Exit     process exit with its exit status (the process ends here)
//   anything else    activity of the event's thread in the event's process; file-system, registry and network
//                    events also say what they did (Activity): CreateFile/Read/Write/CloseFile, delete and
//                    metadata; RegOpen/Query/Set/Delete/CloseKey (on the key, also for value operations);
//                    TCP/UDP connect, accept, send, receive, disconnect with their byte counts and numeric
//                    endpoints ("10.0.0.5:49700", endpoint_text), not the Path's host and service names
// Every event names its process (pid, name, image, command line from the log's process table), so threads
// join the right process even when their creation was not recorded.
#pragma once

#include <cstdint>
#include <vector>

#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/tables.hpp"
#include "traceshark/tracking/event.hpp"

namespace traceshark::tracking {

class ProcmonMapper {
public:
    explicit ProcmonMapper(const procmon::Tables& tables) : tables_(tables) {}
    // Events must come in log order: a process's executable and command line ride only on its first event (the
    // engine needs them once), which keeps long command lines from being copied for every event.
    NormalizedEvent map(const procmon::Event& e, uint32_t machine);
    // What one event did (file, registry, network), without touching the mapper's state: for random access.
    static Activity activity(const procmon::Event& e);

private:
    const procmon::Tables& tables_;
    std::vector<bool> described_;  // by process index: its first event was mapped
};

}  // namespace traceshark::tracking
