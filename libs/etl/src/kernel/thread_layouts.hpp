// Thread class (3d6fa8d1-...), formats.md §3.4.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::thread {

// V1 (XP) Start/DCStart: ProcessId @0, ThreadId @4, 6 pointers @8.., WaitMode i8 @8+6P.
inline constexpr FieldSpec kV1Start[] = {
    {"ProcessID", FT::U32}, {"ThreadID", FT::U32}, {"StackBase", FT::Ptr}, {"StackLimit", FT::Ptr},
    {"UserStackBase", FT::Ptr}, {"UserStackLimit", FT::Ptr}, {"StartAddr", FT::Ptr}, {"Win32StartAddr", FT::Ptr},
    {"WaitMode", FT::I8, 0, kTail},
};
// V1 End/DCEnd and V0: ProcessId, ThreadId.
inline constexpr FieldSpec kV1End[] = {{"ProcessID", FT::U32}, {"ThreadID", FT::U32}};
// V2 (Vista): pointers at 8 + k*P (k = 0..6: ..., StartAddr, Win32StartAddr, TebBase), SubProcessTag @8+7P.
inline constexpr FieldSpec kV2[] = {
    {"ProcessID", FT::U32}, {"ThreadID", FT::U32}, {"StackBase", FT::Ptr}, {"StackLimit", FT::Ptr},
    {"UserStackBase", FT::Ptr}, {"UserStackLimit", FT::Ptr}, {"StartAddr", FT::Ptr}, {"Win32StartAddr", FT::Ptr},
    {"TebBase", FT::Ptr}, {"SubProcessTag", FT::Hex32},
};
// V3 (7+) / V4: Affinity replaces StartAddr (PerfView keeps calling it StartAddr); priorities u8 @12+7P;
// ThreadName UTF-16 @16+7P when the payload is longer (V4, and some V3 builds).
inline constexpr FieldSpec kV3[] = {
    {"ProcessID", FT::U32}, {"ThreadID", FT::U32}, {"StackBase", FT::Ptr}, {"StackLimit", FT::Ptr},
    {"UserStackBase", FT::Ptr}, {"UserStackLimit", FT::Ptr}, {"Affinity", FT::Ptr}, {"Win32StartAddr", FT::Ptr},
    {"TebBase", FT::Ptr}, {"SubProcessTag", FT::Hex32}, {"BasePriority", FT::U8}, {"PagePriority", FT::U8},
    {"IoPriority", FT::U8}, {"ThreadFlags", FT::U8}, {"ThreadName", FT::Utf16Z, 0, kTail},
};
// CSwitch (36), V2+: 24 bytes, no pointers.
inline constexpr FieldSpec kCSwitch[] = {
    {"NewThreadID", FT::U32}, {"OldThreadID", FT::U32}, {"NewThreadPriority", FT::I8},
    {"OldThreadPriority", FT::I8}, {"PreviousCState", FT::U8}, {"SpareByte", FT::I8},
    {"OldThreadWaitReason", FT::I8}, {"OldThreadWaitMode", FT::I8}, {"OldThreadState", FT::I8},
    {"OldThreadWaitIdealProcessor", FT::I8}, {"NewThreadWaitTime", FT::U32}, {"Reserved", FT::U32, 0, kTail},
};
// ReadyThread (50).
inline constexpr FieldSpec kReadyThread[] = {
    {"ThreadID", FT::U32}, {"AdjustReason", FT::I8}, {"AdjustIncrement", FT::I8}, {"Flag", FT::I8},
    {"Reserved", FT::I8, 0, kTail},
};
// SetName (72).
inline constexpr FieldSpec kSetName[] = {{"ProcessID", FT::U32}, {"ThreadID", FT::U32}, {"ThreadName", FT::Utf16Z}};

}  // namespace traceshark::etl::kernel_detail::thread
