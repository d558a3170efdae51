// Process class (3d6fa8d0-...), formats.md §3.4. Offsets in P (record pointer size) in the comments.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::process {

// V1 (XP): DirectoryTableBase P @0, ProcessId @P, ParentId @P+4, SessionId @P+8, ExitStatus @P+12, SID @P+16.
inline constexpr FieldSpec kV1[] = {
    {"PageDirectoryBase", FT::Ptr}, {"ProcessID", FT::U32}, {"ParentID", FT::U32}, {"SessionID", FT::U32},
    {"ExitStatus", FT::I32}, {"UserSID", FT::Sid}, {"ImageFileName", FT::AnsiZ},
};
// V2 (XP SP2/2003): UniqueProcessKey P @0, ..., SID @P+16, ImageFileName, CommandLine.
inline constexpr FieldSpec kV2[] = {
    {"UniqueProcessKey", FT::Ptr}, {"ProcessID", FT::U32}, {"ParentID", FT::U32}, {"SessionID", FT::U32},
    {"ExitStatus", FT::I32}, {"UserSID", FT::Sid}, {"ImageFileName", FT::AnsiZ},
    {"CommandLine", FT::Utf16Z, 0, kTail},
};
// V3 (Vista/7): DirectoryTableBase P @P+16, SID @2P+16.
inline constexpr FieldSpec kV3[] = {
    {"UniqueProcessKey", FT::Ptr}, {"ProcessID", FT::U32}, {"ParentID", FT::U32}, {"SessionID", FT::U32},
    {"ExitStatus", FT::I32}, {"PageDirectoryBase", FT::Ptr}, {"UserSID", FT::Sid}, {"ImageFileName", FT::AnsiZ},
    {"CommandLine", FT::Utf16Z},
};
// V4 (Win8+): Flags u32 @2P+16, SID @2P+20, then PackageFullName and ApplicationId. V5 adds ExitTime (tail).
inline constexpr FieldSpec kV4[] = {
    {"UniqueProcessKey", FT::Ptr}, {"ProcessID", FT::U32}, {"ParentID", FT::U32}, {"SessionID", FT::U32},
    {"ExitStatus", FT::I32}, {"PageDirectoryBase", FT::Ptr}, {"Flags", FT::Hex32}, {"UserSID", FT::Sid},
    {"ImageFileName", FT::AnsiZ}, {"CommandLine", FT::Utf16Z}, {"PackageFullName", FT::Utf16Z, 0, kTail},
    {"ApplicationID", FT::Utf16Z}, {"ExitTime", FT::FileTime, 0, kTail},
};
// Terminate (opcode 11).
inline constexpr FieldSpec kTerminate[] = {{"ProcessID", FT::U32}};
// PerfCtr / PerfCtrRundown (32/33), V2: 16 + 11P bytes.
inline constexpr FieldSpec kPerfCtr[] = {
    {"ProcessID", FT::U32}, {"PageFaultCount", FT::U32}, {"HandleCount", FT::U32}, {"Reserved", FT::U32},
    {"PeakVirtualSize", FT::PtrU}, {"PeakWorkingSetSize", FT::PtrU}, {"PeakPagefileUsage", FT::PtrU},
    {"QuotaPeakPagedPoolUsage", FT::PtrU}, {"QuotaPeakNonPagedPoolUsage", FT::PtrU}, {"VirtualSize", FT::PtrU},
    {"WorkingSetSize", FT::PtrU}, {"PagefileUsage", FT::PtrU}, {"QuotaPagedPoolUsage", FT::PtrU},
    {"QuotaNonPagedPoolUsage", FT::PtrU}, {"PrivatePageCount", FT::PtrU},
};

}  // namespace traceshark::etl::kernel_detail::process
