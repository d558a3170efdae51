// StackWalk class (def2fe46-...): Stack (32): EventTimeStamp u64 @0, StackProcess @8, StackThread @12, then
// P-sized frames @16 to the end of the payload.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::stack_walk {

inline constexpr FieldSpec kStack[] = {{"EventTimeStamp", FT::I64}, {"StackProcess", FT::U32},
                                       {"StackThread", FT::U32}, {"Stack", FT::PtrArray}};
// Compressed stacks (Win8+): StackKeyKernel 37 / StackKeyUser 38 name a stack by key (EventTimeStamp, StackProcess,
// StackThread, StackKey P); KeyDelete 35 / KeyRundown 36 define a key: StackKey P, then the frames to the end.
inline constexpr FieldSpec kStackKeyRef[] = {{"EventTimeStamp", FT::I64}, {"StackProcess", FT::U32},
                                             {"StackThread", FT::U32}, {"StackKey", FT::Ptr}};
inline constexpr FieldSpec kStackKeyDef[] = {{"StackKey", FT::Ptr}, {"Stack", FT::PtrArray}};

}  // namespace traceshark::etl::kernel_detail::stack_walk
