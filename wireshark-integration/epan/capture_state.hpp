// Everything the plugin knows about the open capture file, in one object: the init routine creates it (capture
// opened, or re-dissection), the cleanup routine destroys it (capture closed). Members are destroyed in reverse
// order, so what points into the directory's formats and tables goes before the directory itself.
#pragma once

#include "etw_capture.hpp"
#include "guest_vcpu_link.hpp"
#include "linux_field_plan.hpp"
#include "machine_directory.hpp"
#include "process_tracker.hpp"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace traceshark::epan {

struct CaptureState {
    // The capture's interfaces, scanned on the first record (there is no pinfo in the init routine) and again when
    // a record names a machine not seen yet (interface blocks met later in single-pass reading).
    MachineDirectory machines;
    bool interfaces_scanned = false;
    ProcessTracker tracker;
    LinuxFieldPlans linux_plans;
    EtwCapture etw;
    GuestVcpuLink guests;  // guest events -> vCPU, host thread, host kvm_entry frame
    // Each open Process Activity stats tree (by its stats_tree): the last frame it saw and the processes whose
    // totals it has set in this tap pass, which are final after the first pass (process_context.cpp).
    struct IoTreePass {
        uint32_t last_frame = 0;
        std::vector<bool> set;  // by process InstanceId
    };
    std::unordered_map<const void*, IoTreePass> io_trees;
};

// The open capture's state; nullptr outside a capture (before the init routine, after the cleanup routine).
CaptureState* capture_state();
// Registers the init and cleanup routines (from proto_register_traceshark).
void capture_state_register();

}  // namespace traceshark::epan
