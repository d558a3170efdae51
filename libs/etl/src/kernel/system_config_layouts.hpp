// SystemConfig class (01853a65-...), V2/V3: the machine description a kernel session writes at its end; and
// KernelTraceControl's SystemConfigEx (9b79ee91-..., PerfView "SysConfig") that merging adds.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::system_config {

// CPU (10): ComputerName wchar[256] @20, DomainName wchar[134] @532, HyperThreadingFlag P @800; V3 (Win8+)
// appends HighestUserAddress P, ProcessorArchitecture/Level/Revision u16, PaeEnabled/NxEnabled u8 and MemorySpeed
// u32 (verified: 20 more bytes on x64 Win8 and Win10, architecture 9 = AMD64).
inline constexpr FieldSpec kCpu[] = {
    {"MHz", FT::U32}, {"NumberOfProcessors", FT::U32}, {"MemSize", FT::U32}, {"PageSize", FT::U32},
    {"AllocationGranularity", FT::U32}, {"ComputerName", FT::WcharN, 256}, {"DomainName", FT::WcharN, 134},
    {"HyperThreadingFlag", FT::Ptr}, {"HighestUserAddress", FT::Ptr, 0, kTail}, {"ProcessorArchitecture", FT::U16},
    {"ProcessorLevel", FT::U16}, {"ProcessorRevision", FT::U16}, {"PaeEnabled", FT::Bool8},
    {"NxEnabled", FT::Bool8}, {"MemorySpeed", FT::U32},
};
// PhyDisk (11): 568 bytes.
inline constexpr FieldSpec kPhyDisk[] = {
    {"DiskNumber", FT::U32}, {"BytesPerSector", FT::U32}, {"SectorsPerTrack", FT::U32},
    {"TracksPerCylinder", FT::U32}, {"Cylinders", FT::U64}, {"SCSIPort", FT::U32}, {"SCSIPath", FT::U32},
    {"SCSITarget", FT::U32}, {"SCSILun", FT::U32}, {"Manufacturer", FT::WcharN, 256},
    {"PartitionCount", FT::U32}, {"WriteCacheEnabled", FT::U8}, {"Pad", FT::Skip, 1},
    {"BootDriveLetter", FT::WcharN, 3}, {"Spare", FT::WcharN, 2},
};
// LogDisk (12): 108 bytes (V2), 112 with the trailing pad (both seen in V2 records).
inline constexpr FieldSpec kLogDisk[] = {
    {"StartOffset", FT::U64}, {"PartitionSize", FT::U64}, {"DiskNumber", FT::U32}, {"Size", FT::U32},
    {"DriveType", FT::U32}, {"DriveLetterString", FT::WcharN, 4}, {"Pad1", FT::Skip, 4},
    {"PartitionNumber", FT::U32}, {"SectorsPerCluster", FT::U32}, {"BytesPerSector", FT::U32},
    {"Pad2", FT::Skip, 4}, {"NumberOfFreeClusters", FT::I64}, {"TotalNumberOfClusters", FT::I64},
    {"FileSystem", FT::WcharN, 16}, {"VolumeExt", FT::U32}, {"Pad3", FT::Skip, 4, kTail},
};
// NIC (13), V2+.
inline constexpr FieldSpec kNic[] = {
    {"PhysicalAddr", FT::U64}, {"PhysicalAddrLen", FT::U32}, {"Ipv4Index", FT::U32}, {"Ipv6Index", FT::U32},
    {"NICDescription", FT::Utf16Z}, {"IpAddresses", FT::Utf16Z}, {"DnsServerAddresses", FT::Utf16Z},
};
// Video (14).
inline constexpr FieldSpec kVideo[] = {
    {"MemorySize", FT::U32}, {"XResolution", FT::U32}, {"YResolution", FT::U32}, {"BitsPerPixel", FT::U32},
    {"VRefresh", FT::U32}, {"ChipType", FT::WcharN, 256}, {"DACType", FT::WcharN, 256},
    {"AdapterString", FT::WcharN, 256}, {"BiosString", FT::WcharN, 256}, {"DeviceID", FT::WcharN, 256},
    {"StateFlags", FT::Hex32},
};
// Services (15), V2+; V3 (Win8+) appends LoadOrderGroup and SvcHostGroup (verified: "netsvcs",
// "LocalServiceNetworkRestricted" on the services svchost hosts).
inline constexpr FieldSpec kServices[] = {
    {"ProcessID", FT::U32}, {"ServiceState", FT::U32}, {"SubProcessTag", FT::U32}, {"ServiceName", FT::Utf16Z},
    {"DisplayName", FT::Utf16Z}, {"ProcessName", FT::Utf16Z}, {"LoadOrderGroup", FT::Utf16Z, 0, kTail},
    {"SvcHostGroup", FT::Utf16Z},
};
// Power (16): S1..S5 u8 and 3 pad bytes.
inline constexpr FieldSpec kPower[] = {{"S1", FT::U8}, {"S2", FT::U8}, {"S3", FT::U8}, {"S4", FT::U8},
                                       {"S5", FT::U8}, {"Pad", FT::Skip, 3, kTail}};
// Network (17).
inline constexpr FieldSpec kNetwork[] = {{"TcbTablePartitions", FT::U32}, {"MaxHashTableSize", FT::U32},
                                         {"MaxUserPort", FT::U32}, {"TcpTimedWaitDelay", FT::U32}};
// IRQ (21), V2; V3 (Win7+) puts IRQGroup u16 and a reserved u16 after the affinity (verified on Win10: the
// length field then equals the description's characters plus its NUL).
inline constexpr FieldSpec kIrq[] = {{"IRQAffinity", FT::Hex64}, {"IRQNum", FT::U32},
                                     {"DeviceDescriptionLen", FT::U32}, {"DeviceDescription", FT::Utf16Z}};
inline constexpr FieldSpec kIrqV3[] = {{"IRQAffinity", FT::Hex64}, {"IRQGroup", FT::U16}, {"Reserved", FT::U16},
                                       {"IRQNum", FT::U32}, {"DeviceDescriptionLen", FT::U32},
                                       {"DeviceDescription", FT::Utf16Z}};
// PnP (22): V2 three strings; V3 adds PdoName and ServiceName. V4 (Win8) starts with the device's ClassGuid and
// the UpperFilters/LowerFilters counts, whose strings follow the ServiceName; V5 (Win10) adds DevStatus and
// DevProblem after the counts (verified: ClassGuid {4d36e97d-...} = System devices; TraceEvent:
// SystemConfigPnPTraceData.DeviceIDStart).
inline constexpr FieldSpec kPnp[] = {
    {"IDLength", FT::U32}, {"DescriptionLength", FT::U32}, {"FriendlyNameLength", FT::U32},
    {"DeviceID", FT::Utf16Z}, {"DeviceDescription", FT::Utf16Z}, {"FriendlyName", FT::Utf16Z},
    {"PdoName", FT::Utf16Z, 0, kTail}, {"ServiceName", FT::Utf16Z},
};
inline constexpr FieldSpec kPnpV4[] = {
    {"ClassGuid", FT::Guid}, {"UpperFilterCount", FT::U32}, {"LowerFilterCount", FT::U32},
    {"DeviceID", FT::Utf16Z}, {"DeviceDescription", FT::Utf16Z}, {"FriendlyName", FT::Utf16Z},
    {"PdoName", FT::Utf16Z}, {"ServiceName", FT::Utf16Z}, {"Filters", FT::Utf16ZList},
};
inline constexpr FieldSpec kPnpV5[] = {
    {"ClassGuid", FT::Guid}, {"UpperFilterCount", FT::U32}, {"LowerFilterCount", FT::U32},
    {"DevStatus", FT::Hex32}, {"DevProblem", FT::U32}, {"DeviceID", FT::Utf16Z}, {"DeviceDescription", FT::Utf16Z},
    {"FriendlyName", FT::Utf16Z}, {"PdoName", FT::Utf16Z}, {"ServiceName", FT::Utf16Z}, {"Filters", FT::Utf16ZList},
};
// IDEChannel (23).
inline constexpr FieldSpec kIdeChannel[] = {{"TargetID", FT::U32}, {"DeviceType", FT::U32},
                                            {"DeviceTimingMode", FT::U32}, {"LocationInformationLen", FT::U32},
                                            {"LocationInformation", FT::Utf16Z}};
// Platform (25).
inline constexpr FieldSpec kPlatform[] = {{"SystemManufacturer", FT::Utf16Z}, {"SystemProductName", FT::Utf16Z},
                                          {"BiosDate", FT::Utf16Z}, {"BiosVersion", FT::Utf16Z}};

}  // namespace traceshark::etl::kernel_detail::system_config

namespace traceshark::etl::kernel_detail::system_config_ex {

inline constexpr FieldSpec kBuildInfo[] = {{"InstallDate", FT::FileTime}, {"BuildLab", FT::Utf16Z},
                                           {"ProductName", FT::Utf16Z}};
inline constexpr FieldSpec kSystemPaths[] = {{"SystemDirectory", FT::Utf16Z}, {"SystemWindowsDirectory", FT::Utf16Z}};
inline constexpr FieldSpec kUnknownVolume[] = {{"Value", FT::Utf16Z}};
inline constexpr FieldSpec kVolumeMapping[] = {{"NtPath", FT::Utf16Z}, {"DosPath", FT::Utf16Z}};

}  // namespace traceshark::etl::kernel_detail::system_config_ex
