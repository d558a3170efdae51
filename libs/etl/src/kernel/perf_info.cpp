#include "perf_info_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {
    {46, "Sample"}, {47, "PMCSample"}, {50, "ISR-MSI"}, {51, "SysClEnter"}, {52, "SysClExit"},
    {66, "ThreadedDPC"}, {67, "ISR"}, {68, "DPC"}, {69, "TimerDPC"}, {72, "SetInterval"},
    {73, "CollectionStart"}, {74, "CollectionEnd"}, {58, "DebuggerEnabled"}, {32, "Mark"},
};
}  // namespace

bool lookup_perf_info(const KernelKey& k, EventInfo& info)
{
    info.task = "PerfInfo";
    name_opcode(info, kNames, k.opcode);
    switch (k.opcode) {
    case 46: set_layout(info, perf_info::kSampleV2); break;
    case 51: set_layout(info, perf_info::kSysClEnter); break;
    case 52: set_layout(info, perf_info::kSysClExit); break;
    case 67: set_layout(info, perf_info::kIsr); break;
    case 50: set_layout(info, perf_info::kIsrMsi); break;
    case 66: case 68: case 69: set_layout(info, perf_info::kDpc); break;
    case 72: case 73: case 74: set_layout(info, perf_info::kInterval); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
