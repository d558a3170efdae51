#include "disk_io_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kDiskNames[] = {{10, "Read"},         {11, "Write"},     {12, "ReadInit"},
                                 {13, "WriteInit"},    {14, "FlushBuffers"}, {15, "FlushInit"}};
constexpr OpName kFaultNames[] = {{10, "TransitionFault"}, {11, "DemandZeroFault"}, {12, "CopyOnWrite"},
                                  {13, "GuardPageFault"},  {14, "HardPageFault"},   {15, "AccessViolation"},
                                  {32, "HardFault"},       {98, "VirtualAlloc"},    {99, "VirtualFree"}};
}  // namespace

bool lookup_disk_io(const KernelKey& k, EventInfo& info)
{
    info.task = "DiskIO";
    name_opcode(info, kDiskNames, k.opcode);
    if (k.version < 2) return true;  // V0/V1 (2000/XP) layouts are not established: names only
    switch (k.opcode) {
    case 10: case 11: set_layout(info, disk_io::kReadWrite); break;
    case 12: case 13: case 15: set_layout(info, disk_io::kInit); break;
    case 14: set_layout(info, disk_io::kFlush); break;
    default: break;
    }
    return true;
}

bool lookup_page_fault(const KernelKey& k, EventInfo& info)
{
    info.task = "Memory";
    name_opcode(info, kFaultNames, k.opcode);
    switch (k.opcode) {
    case 10: case 11: case 12: case 13: case 14: case 15: set_layout(info, page_fault::kFault); break;
    case 32: if (k.version >= 2) set_layout(info, page_fault::kHardFault); break;
    case 98: case 99: set_layout(info, page_fault::kVirtualAlloc); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
