// The SystemTraceProvider ("NT Kernel Logger") MOF classes: the HookId group (high byte of a kernel record's
// HookId) selects the class, the low byte is the opcode (event type). formats.md §3.4. Shared by the kernel
// payload decoder and the tracking adapter.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "traceshark/etl/guid.hpp"

namespace traceshark::etl::kernel {

enum class Group : uint8_t {
    EventTrace = 0x00,
    DiskIo = 0x01,
    PageFault = 0x02,
    Process = 0x03,
    FileIo = 0x04,
    Thread = 0x05,
    TcpIp = 0x06,
    UdpIp = 0x08,
    Registry = 0x09,
    SystemConfig = 0x0B,
    PerfInfo = 0x0F,
    Image = 0x14,
    StackWalk = 0x18,
    Alpc = 0x1A,
};

struct KernelClass {
    Group group;
    std::string_view name;  // the MOF class family ("Process", "FileIo", ...)
    Guid guid;
};

inline constexpr Guid kEventTraceGuid{0x68fdd900, 0x4a3e, 0x11d1, {0x84, 0xf4, 0x00, 0x00, 0xf8, 0x04, 0x64, 0xe3}};
inline constexpr Guid kDiskIoGuid{0x3d6fa8d4, 0xfe05, 0x11d0, {0x9d, 0xda, 0x00, 0xc0, 0x4f, 0xd7, 0xba, 0x7c}};
inline constexpr Guid kPageFaultGuid{0x3d6fa8d3, 0xfe05, 0x11d0, {0x9d, 0xda, 0x00, 0xc0, 0x4f, 0xd7, 0xba, 0x7c}};
inline constexpr Guid kProcessGuid{0x3d6fa8d0, 0xfe05, 0x11d0, {0x9d, 0xda, 0x00, 0xc0, 0x4f, 0xd7, 0xba, 0x7c}};
inline constexpr Guid kFileIoGuid{0x90cbdc39, 0x4a3e, 0x11d1, {0x84, 0xf4, 0x00, 0x00, 0xf8, 0x04, 0x64, 0xe3}};
inline constexpr Guid kThreadGuid{0x3d6fa8d1, 0xfe05, 0x11d0, {0x9d, 0xda, 0x00, 0xc0, 0x4f, 0xd7, 0xba, 0x7c}};
inline constexpr Guid kTcpIpGuid{0x9a280ac0, 0xc8e0, 0x11d1, {0x84, 0xe2, 0x00, 0xc0, 0x4f, 0xb9, 0x98, 0xa2}};
inline constexpr Guid kUdpIpGuid{0xbf3a50c5, 0xa9c9, 0x4988, {0xa0, 0x05, 0x2d, 0xf0, 0xb7, 0xc8, 0x0f, 0x80}};
inline constexpr Guid kRegistryGuid{0xae53722e, 0xc863, 0x11d2, {0x86, 0x59, 0x00, 0xc0, 0x4f, 0xa3, 0x21, 0xa1}};
inline constexpr Guid kSystemConfigGuid{0x01853a65, 0x418f, 0x4f36,
                                        {0xae, 0xfc, 0xdc, 0x0f, 0x1d, 0x2f, 0xd2, 0x35}};
inline constexpr Guid kPerfInfoGuid{0xce1dbfb4, 0x137e, 0x4da6, {0x87, 0xb0, 0x3f, 0x59, 0xaa, 0x10, 0x2c, 0xbc}};
inline constexpr Guid kImageGuid{0x2cb15d1d, 0x5fc1, 0x11d2, {0xab, 0xe1, 0x00, 0xa0, 0xc9, 0x11, 0xf5, 0x18}};
inline constexpr Guid kStackWalkGuid{0xdef2fe46, 0x7bd6, 0x4b80, {0xbd, 0x94, 0xf5, 0x7f, 0xe2, 0x0d, 0x0c, 0xe3}};
inline constexpr Guid kAlpcGuid{0x45d8cccd, 0x539f, 0x4b72, {0xa8, 0xb7, 0x5c, 0x68, 0x31, 0x42, 0x60, 0x9a}};
// KernelTraceControl's SystemConfigEx class (xperf/WPR/PerfView add it when merging; PerfView: "SysConfig"),
// written with classic FULL headers.
inline constexpr Guid kSystemConfigExGuid{0x9b79ee91, 0xb5fd, 0x41c0,
                                          {0xa2, 0x43, 0x42, 0x48, 0xe2, 0x66, 0xe9, 0xd0}};

inline constexpr KernelClass kClasses[] = {
    {Group::EventTrace, "EventTrace", kEventTraceGuid},
    {Group::DiskIo, "DiskIo", kDiskIoGuid},
    {Group::PageFault, "PageFault", kPageFaultGuid},
    {Group::Process, "Process", kProcessGuid},
    {Group::FileIo, "FileIo", kFileIoGuid},
    {Group::Thread, "Thread", kThreadGuid},
    {Group::TcpIp, "TcpIp", kTcpIpGuid},
    {Group::UdpIp, "UdpIp", kUdpIpGuid},
    {Group::Registry, "Registry", kRegistryGuid},
    {Group::SystemConfig, "SystemConfig", kSystemConfigGuid},
    {Group::PerfInfo, "PerfInfo", kPerfInfoGuid},
    {Group::Image, "Image", kImageGuid},
    {Group::StackWalk, "StackWalk", kStackWalkGuid},
    {Group::Alpc, "ALPC", kAlpcGuid},
};

// The class of a HookId group (nullptr for groups without a class here).
constexpr const KernelClass* class_of_group(uint8_t group)
{
    for (const KernelClass& c : kClasses)
        if (static_cast<uint8_t>(c.group) == group) return &c;
    return nullptr;
}
constexpr const KernelClass* class_of_guid(const Guid& g)
{
    for (const KernelClass& c : kClasses)
        if (c.guid == g) return &c;
    return nullptr;
}

// Opcodes the tracking adapter needs.
namespace opcode {
inline constexpr uint8_t kStart = 1, kEnd = 2, kDCStart = 3, kDCEnd = 4, kLoad = 10, kDefunct = 39;
inline constexpr uint8_t kThreadSetName = 72, kCSwitch = 36;
inline constexpr uint16_t kLegacyImageLoadHook = 0x030A;  // Process group, opcode 10: an Image load
}  // namespace opcode

}  // namespace traceshark::etl::kernel
