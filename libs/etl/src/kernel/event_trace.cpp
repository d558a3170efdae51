#include "event_trace_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {{5, "Extension"}, {8, "RundownComplete"}, {32, "EndExtension"},
                             {64, "DbgIdRSDS"}, {66, "BuildInfo"},     {67, "ProviderBinaryPath"},
                             {80, "PartitionInfoExtension"}, {82, "LastDroppedTimes"}};
}  // namespace

bool lookup_event_trace(const KernelKey& k, EventInfo& info)
{
    info.task = "EventTrace";
    if (k.opcode == 0) {  // PerfView: "Windows Kernel/EventTrace", no opcode part
        info.opcode_number = -1;
        set_layout(info, event_trace::kHeader);
        return true;
    }
    name_opcode(info, kNames, k.opcode);
    switch (k.opcode) {
    case 5: case 32: set_layout(info, event_trace::kExtension); break;
    case 8: set_layout(info, event_trace::kEmpty); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
