// EventTrace class (68fdd900-...): the log file header (opcode 0, TRACE_LOGFILE_HEADER, formats.md §3.3) and the
// group-mask extensions.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::event_trace {

// Header: x86/x64 offsets equal up to 0x38; LoggerName/LogFileName pointers (P each) @0x38, then the 172-byte
// TIME_ZONE_INFORMATION @0x38+2P, 4 pad bytes, BootTime @0xF0 (x86) / 0xF8 (x64), ..., strings after BuffersLost.
inline constexpr FieldSpec kHeader[] = {
    {"BufferSize", FT::U32}, {"Version", FT::Hex32}, {"ProviderVersion", FT::U32}, {"NumberOfProcessors", FT::U32},
    {"EndTime", FT::FileTime}, {"TimerResolution", FT::U32}, {"MaxFileSize", FT::U32},
    {"LogFileMode", FT::Hex32}, {"BuffersWritten", FT::U32}, {"StartBuffers", FT::U32},
    {"PointerSize", FT::U32}, {"EventsLost", FT::U32}, {"CPUSpeed", FT::U32}, {"LoggerName", FT::Ptr},
    {"LogFileNamePtr", FT::Ptr}, {"Bias", FT::I32}, {"StandardName", FT::WcharN, 32},
    {"StandardDate", FT::SystemTime}, {"StandardBias", FT::I32}, {"DaylightName", FT::WcharN, 32},
    {"DaylightDate", FT::SystemTime}, {"DaylightBias", FT::I32}, {"Pad", FT::Skip, 4},
    {"BootTime", FT::FileTime}, {"PerfFreq", FT::U64}, {"StartTime", FT::FileTime},
    {"ReservedFlags", FT::U32}, {"BuffersLost", FT::U32}, {"SessionName", FT::Utf16Z, 0, kTail},
    {"LogFileName", FT::Utf16Z},
};
// Extension (5), EndExtension (32).
inline constexpr FieldSpec kExtension[] = {
    {"GroupMask1", FT::Hex32}, {"GroupMask2", FT::Hex32}, {"GroupMask3", FT::Hex32}, {"GroupMask4", FT::Hex32},
    {"GroupMask5", FT::Hex32}, {"GroupMask6", FT::Hex32}, {"GroupMask7", FT::Hex32}, {"GroupMask8", FT::Hex32},
    {"KernelEventVersion", FT::U32, 0, kTail},
};
inline constexpr FieldSpec kEmpty[] = {{"Data", FT::Rest, 0, kTail}};

}  // namespace traceshark::etl::kernel_detail::event_trace
