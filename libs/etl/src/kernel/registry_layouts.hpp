// Registry class (ae53722e-...), V2 (Vista+): InitialTime i64 @0, Status @8, Index @12, KeyHandle P @16,
// KeyName @16+P.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::registry {

inline constexpr FieldSpec kV2[] = {
    {"InitialTime", FT::I64}, {"Status", FT::Hex32}, {"Index", FT::U32}, {"KeyHandle", FT::Ptr},
    {"KeyName", FT::Utf16Z},
};
// Counters (34) / Config (35) carry counter arrays: kept raw.
inline constexpr FieldSpec kRaw[] = {{"Data", FT::Rest}};

}  // namespace traceshark::etl::kernel_detail::registry
