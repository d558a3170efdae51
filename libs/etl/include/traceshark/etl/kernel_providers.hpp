// The manifest-based kernel providers that report what the SystemTraceProvider MOF classes report
// (kernel_classes.hpp) on Vista and later: Microsoft-Windows-Kernel-Process, -Kernel-File and -Kernel-Network,
// with the event ids the tracking adapter needs (the Kernel-Network GUID is in kernel_classes.hpp).
#pragma once

#include <cstdint>
#include <optional>

#include "traceshark/etl/guid.hpp"
#include "traceshark/etl/kernel_classes.hpp"

namespace traceshark::etl::kernel {

inline constexpr Guid kKernelProcessGuid{0x22fb2cd6, 0x0e7b, 0x422b, {0xa0, 0xc7, 0x2f, 0xad, 0x1f, 0xd0, 0xe7, 0x16}};
inline constexpr Guid kKernelFileGuid{0xedd08927, 0x9cc4, 0x4e65, {0xb9, 0x70, 0xc2, 0x56, 0x0f, 0xb5, 0xc2, 0x89}};
inline constexpr Guid kKernelNetworkGuid{0x7dd42a49, 0x5329, 0x4832, {0x8d, 0xfd, 0x43, 0xd9, 0x79, 0x15, 0x3a, 0x88}};

// Microsoft-Windows-Kernel-Process event ids.
namespace kernel_process {
inline constexpr uint16_t kProcessStart = 1, kProcessStop = 2, kThreadStart = 3, kThreadStop = 4, kImageLoad = 5,
                          kImageUnload = 6;
}  // namespace kernel_process

// Microsoft-Windows-Kernel-File event ids.
namespace kernel_file {
inline constexpr uint16_t kNameCreate = 10, kNameDelete = 11, kCreate = 12, kCleanup = 13, kClose = 14, kRead = 15,
                          kWrite = 16, kSetInformation = 17, kSetDelete = 18, kRename = 19, kDirEnum = 20,
                          kFlush = 21, kQueryInformation = 22, kFsctl = 23, kOperationEnd = 24, kDirNotify = 25,
                          kDeletePath = 26;
}  // namespace kernel_file

// A Microsoft-Windows-Kernel-Network event is the TcpIp / UdpIp MOF event of the same payload layout (V2): TCP
// event ids are the TcpIp opcodes (10..34), UDP ids are the UdpIp opcodes plus 32 (42 Send, 43 Recv, 49 Fail,
// 58 SendIPV6, 59 RecvIPV6). The MOF layouts type the addresses and big-endian ports, which the provider's
// registered metadata does not.
struct MofEquivalent {
    Group group;
    uint8_t opcode;
    uint8_t version;
};
constexpr std::optional<MofEquivalent> kernel_network_as_mof(uint16_t event_id)
{
    if (event_id >= 10 && event_id <= 34) return MofEquivalent{Group::TcpIp, static_cast<uint8_t>(event_id), 2};
    if (event_id >= 42 && event_id <= 59) return MofEquivalent{Group::UdpIp, static_cast<uint8_t>(event_id - 32), 2};
    return std::nullopt;
}

}  // namespace traceshark::etl::kernel
