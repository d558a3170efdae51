#include "process_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {
    {1, "Start"}, {2, "Stop"}, {3, "DCStart"}, {4, "DCStop"}, {11, "Terminate"}, {32, "PerfCtr"},
    {33, "PerfCtrRundown"}, {39, "Defunct"}, {35, "WakeChargeUser"}, {36, "WakeChargeExecution"},
    {37, "WakeDrop"}, {38, "WakeEvent"},
};
}  // namespace

bool lookup_process(const KernelKey& k, EventInfo& info)
{
    info.task = "Process";
    name_opcode(info, kNames, k.opcode);
    switch (k.opcode) {
    case 1: case 2: case 3: case 4: case 39:
        if (k.version <= 1) set_layout(info, process::kV1);
        else if (k.version == 2) set_layout(info, process::kV2);
        else if (k.version == 3) set_layout(info, process::kV3);
        else set_layout(info, process::kV4);
        break;
    case 11: set_layout(info, process::kTerminate); break;
    case 32: case 33: set_layout(info, process::kPerfCtr); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
