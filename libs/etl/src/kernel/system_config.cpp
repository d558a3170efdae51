#include "system_config_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {
    {10, "CPU"}, {11, "PhyDisk"}, {12, "LogDisk"}, {13, "NIC"}, {14, "Video"}, {15, "Services"},
    {16, "Power"}, {17, "Network"}, {18, "OpticalMedia"}, {21, "IRQ"}, {22, "PnP"}, {23, "IDEChannel"},
    {24, "NumaNode"}, {25, "Platform"}, {26, "ProcessorGroup"}, {27, "ProcessorNumber"}, {28, "DPI"},
    {29, "CodeIntegrity"}, {30, "TelemetryConfig"}, {31, "Defragmentation"}, {33, "MobilePlatform"},
    {34, "DeviceFamily"}, {35, "FlightIds"}, {36, "Processors"}, {37, "Virtualization"},
};
constexpr OpName kExNames[] = {{32, "BuildInfo"}, {33, "SystemPaths"}, {34, "UnknownVolume"},
                               {35, "VolumeMapping"}};
}  // namespace

bool lookup_system_config(const KernelKey& k, EventInfo& info)
{
    info.task = "SystemConfig";
    name_opcode(info, kNames, k.opcode);
    namespace sc = system_config;
    switch (k.opcode) {
    case 10: set_layout(info, sc::kCpu); break;
    case 11: set_layout(info, sc::kPhyDisk); break;
    case 12: set_layout(info, sc::kLogDisk); break;
    case 13: set_layout(info, sc::kNic); break;
    case 14: set_layout(info, sc::kVideo); break;
    case 15: set_layout(info, sc::kServices); break;
    case 16: set_layout(info, sc::kPower); break;
    case 17: set_layout(info, sc::kNetwork); break;
    case 21: set_layout(info, k.version >= 3 ? Layout(sc::kIrqV3) : Layout(sc::kIrq)); break;
    case 22:
        set_layout(info, k.version >= 5   ? Layout(sc::kPnpV5)
                         : k.version == 4 ? Layout(sc::kPnpV4)
                                          : Layout(sc::kPnp));
        break;
    case 23: set_layout(info, sc::kIdeChannel); break;
    case 25:
        // PerfView has no parser for Platform and shows TDH's names: MSNT_SystemTrace/SystemConfig/Platform.
        info.provider = "MSNT_SystemTrace";
        set_layout(info, sc::kPlatform);
        break;
    default: break;
    }
    return true;
}

bool lookup_system_config_ex(const KernelKey& k, EventInfo& info)
{
    info.task = "SysConfig";
    name_opcode(info, kExNames, k.opcode);
    namespace sx = system_config_ex;
    switch (k.opcode) {
    case 32: set_layout(info, sx::kBuildInfo); break;
    case 33: set_layout(info, sx::kSystemPaths); break;
    case 34: set_layout(info, sx::kUnknownVolume); break;
    case 35: set_layout(info, sx::kVolumeMapping); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
