// PerfInfo class (ce1dbfb4-...), V2+: profiling samples, system calls, interrupts and DPCs.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::perf_info {

// Sample (46): InstructionPointer P @0, ThreadId @P, Count u16 @P+4, Reserved u16 @P+6.
inline constexpr FieldSpec kSampleV2[] = {{"InstructionPointer", FT::Ptr}, {"ThreadID", FT::U32},
                                          {"Count", FT::U16}, {"Reserved", FT::U16}};
// SysClEnter (51): SysCallAddress P. SysClExit (52): SysCallNtStatus u32.
inline constexpr FieldSpec kSysClEnter[] = {{"SysCallAddress", FT::Ptr}};
inline constexpr FieldSpec kSysClExit[] = {{"SysCallNtStatus", FT::Hex32}};
// ISR (67): InitialTime u64 @0, Routine P @8, ReturnValue u8 @8+P, Vector u16 @9+P, Reserved u8 @11+P.
inline constexpr FieldSpec kIsr[] = {{"InitialTime", FT::U64}, {"Routine", FT::Ptr}, {"ReturnValue", FT::U8},
                                     {"Vector", FT::U16}, {"Reserved", FT::U8, 0, kTail}};
// ISR-MSI (50): ISR + MessageNumber u32 @12+P.
inline constexpr FieldSpec kIsrMsi[] = {{"InitialTime", FT::U64}, {"Routine", FT::Ptr},
                                        {"ReturnValue", FT::U8}, {"Vector", FT::U16},
                                        {"Reserved", FT::U8}, {"MessageNumber", FT::U32}};
// ThreadedDPC (66), DPC (68), TimerDPC (69): InitialTime u64, Routine P.
inline constexpr FieldSpec kDpc[] = {{"InitialTime", FT::U64}, {"Routine", FT::Ptr}};
// SetInterval (72), CollectionStart (73), CollectionEnd (74): SampledProfileInterval, V3 adds SourceName.
inline constexpr FieldSpec kInterval[] = {{"SampleSource", FT::U32}, {"NewInterval", FT::U32},
                                          {"OldInterval", FT::U32}, {"SourceName", FT::Utf16Z, 0, kTail}};

}  // namespace traceshark::etl::kernel_detail::perf_info
