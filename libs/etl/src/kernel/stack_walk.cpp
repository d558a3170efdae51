#include "stack_walk_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {{32, "Stack"}, {35, "KeyDelete"}, {36, "KeyRundown"}, {37, "StackKeyKernel"},
                             {38, "StackKeyUser"}};
}  // namespace

bool lookup_stack_walk(const KernelKey& k, EventInfo& info)
{
    info.task = "StackWalk";
    name_opcode(info, kNames, k.opcode);
    if (k.opcode == 32) set_layout(info, stack_walk::kStack);
    return true;
}

}  // namespace traceshark::etl::kernel_detail
