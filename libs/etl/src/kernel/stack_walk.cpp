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
    switch (k.opcode) {
    case 32: set_layout(info, stack_walk::kStack); break;
    case 35: case 36: set_layout(info, stack_walk::kStackKeyDef); break;
    case 37: case 38: set_layout(info, stack_walk::kStackKeyRef); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
