#include "net_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kTcpNames[] = {
    {10, "Send"}, {11, "Recv"}, {12, "Connect"}, {13, "Disconnect"}, {14, "Retransmit"}, {15, "Accept"},
    {16, "Reconnect"}, {17, "Fail"}, {18, "TCPCopy"}, {26, "SendIPV6"}, {27, "RecvIPV6"}, {28, "ConnectIPV6"},
    {29, "DisconnectIPV6"}, {30, "RetransmitIPV6"}, {31, "AcceptIPV6"}, {32, "ReconnectIPV6"},
    {34, "TCPCopyIPV6"},
};
constexpr OpName kUdpNames[] = {{10, "Send"}, {11, "Recv"}, {17, "Fail"}, {26, "SendIPV6"}, {27, "RecvIPV6"}};
}  // namespace

bool lookup_tcp_ip(const KernelKey& k, EventInfo& info)
{
    info.task = "TcpIp";
    name_opcode(info, kTcpNames, k.opcode);
    if (k.opcode == 17) {
        set_layout(info, net::kFail);
        return true;
    }
    if (k.version < 2) {
        if (k.opcode >= 10 && k.opcode <= 18) set_layout(info, net::kV1);
        return true;
    }
    switch (k.opcode) {
    case 10: set_layout(info, net::kSend4); break;
    case 26: set_layout(info, net::kSend6); break;
    case 11: case 13: case 14: case 16: case 18: set_layout(info, net::kGroup1_4); break;
    case 27: case 29: case 30: case 32: case 34: set_layout(info, net::kGroup1_6); break;
    case 12: case 15: set_layout(info, net::kConnect4); break;
    case 28: case 31: set_layout(info, net::kConnect6); break;
    default: break;
    }
    return true;
}

bool lookup_udp_ip(const KernelKey& k, EventInfo& info)
{
    info.task = "UdpIp";
    name_opcode(info, kUdpNames, k.opcode);
    if (k.opcode == 17) {
        set_layout(info, net::kFail);
        return true;
    }
    if (k.version < 2) {
        if (k.opcode == 10 || k.opcode == 11) set_layout(info, net::kV1);
        return true;
    }
    switch (k.opcode) {
    case 10: case 11: set_layout(info, net::kGroup1_4); break;
    case 26: case 27: set_layout(info, net::kGroup1_6); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
