#include "alpc_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {{33, "SendMessage"},       {34, "ReceiveMessage"}, {35, "WaitForReply"},
                             {36, "WaitForNewMessage"}, {37, "UnwaitThread"},   {38, "ConnectRequest"},
                             {39, "ConnectSuccess"},    {40, "ConnectFail"},    {41, "ClosePort"}};
}  // namespace

bool lookup_alpc(const KernelKey& k, EventInfo& info)
{
    info.task = "ALPC";
    name_opcode(info, kNames, k.opcode);
    switch (k.opcode) {
    case 33: case 34: case 35: case 37: set_layout(info, alpc::kMessage); break;
    case 36: set_layout(info, alpc::kWaitForNewMessage); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
