// DiskIo (3d6fa8d4-...) and PageFault (3d6fa8d3-..., PerfView's "Memory") classes.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::disk_io {

// Read 10 / Write 11, V2 (Vista+); V3 (Win8+) appends IssuingThreadId. FileObject @24, Irp @24+P.
inline constexpr FieldSpec kReadWrite[] = {
    {"DiskNumber", FT::U32}, {"IrpFlags", FT::Hex32}, {"TransferSize", FT::U32}, {"Reserved", FT::U32},
    {"ByteOffset", FT::I64}, {"FileObject", FT::Ptr}, {"Irp", FT::Ptr}, {"HighResResponseTime", FT::U64},
    {"IssuingThreadId", FT::U32, 0, kTail},
};
// ReadInit 12, WriteInit 13, FlushInit 15: Irp P (+ IssuingThreadId in V3).
inline constexpr FieldSpec kInit[] = {{"Irp", FT::Ptr}, {"IssuingThreadId", FT::U32, 0, kTail}};
// FlushBuffers 14.
inline constexpr FieldSpec kFlush[] = {
    {"DiskNumber", FT::U32}, {"IrpFlags", FT::Hex32}, {"HighResResponseTime", FT::U64}, {"Irp", FT::Ptr},
    {"IssuingThreadId", FT::U32, 0, kTail},
};

}  // namespace traceshark::etl::kernel_detail::disk_io

namespace traceshark::etl::kernel_detail::page_fault {

// TransitionFault 10 ... AccessViolation 15: VirtualAddress P, ProgramCounter P.
inline constexpr FieldSpec kFault[] = {{"VirtualAddress", FT::Ptr}, {"ProgramCounter", FT::Ptr}};
// HardFault 32, V2: 24 + 2P bytes.
inline constexpr FieldSpec kHardFault[] = {
    {"InitialTime", FT::I64}, {"ReadOffset", FT::U64}, {"VirtualAddress", FT::Ptr}, {"FileObject", FT::Ptr},
    {"ThreadID", FT::U32}, {"ByteCount", FT::U32},
};
// VirtualAlloc 98 / VirtualFree 99.
inline constexpr FieldSpec kVirtualAlloc[] = {
    {"BaseAddress", FT::Ptr}, {"RegionSize", FT::PtrU}, {"ProcessID", FT::U32}, {"Flags", FT::Hex32},
};

}  // namespace traceshark::etl::kernel_detail::page_fault
