#include "thread_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {
    {1, "Start"}, {2, "Stop"}, {3, "DCStart"}, {4, "DCStop"}, {36, "CSwitch"}, {50, "ReadyThread"},
    {72, "SetName"}, {48, "AutoBoostSetFloor"}, {49, "AutoBoostClearFloor"}, {66, "AutoBoostEntryExhaustion"},
};
}  // namespace

bool lookup_thread(const KernelKey& k, EventInfo& info)
{
    info.task = "Thread";
    name_opcode(info, kNames, k.opcode);
    switch (k.opcode) {
    case 1: case 2: case 3: case 4:
        if (k.version == 0) set_layout(info, thread::kV1End);
        else if (k.version == 1) set_layout(info, k.opcode == 1 || k.opcode == 3 ? Layout(thread::kV1Start)
                                                                                 : Layout(thread::kV1End));
        else if (k.version == 2) set_layout(info, thread::kV2);
        else set_layout(info, thread::kV3);
        break;
    case 36: set_layout(info, thread::kCSwitch); break;
    case 50: set_layout(info, thread::kReadyThread); break;
    case 72: set_layout(info, thread::kSetName); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
