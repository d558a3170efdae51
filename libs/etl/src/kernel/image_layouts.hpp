// Image class (2cb15d1d-...), also hook 0x030A (legacy Process/Load), formats.md §3.4.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::image {

// V0 (2000): BaseAddress P @0, ModuleSize u32 @P, ImageFileName @P+4.
inline constexpr FieldSpec kV0[] = {{"ImageBase", FT::Ptr}, {"ImageSize", FT::U32}, {"FileName", FT::Utf16Z}};
// V1 (XP): ImageBase P @0, ImageSize P @P, ProcessId @2P, FileName @2P+4.
inline constexpr FieldSpec kV1[] = {
    {"ImageBase", FT::Ptr}, {"ImageSize", FT::PtrU}, {"ProcessID", FT::U32}, {"FileName", FT::Utf16Z},
};
// V2 (Vista/7) and V3 (8+): ProcessId @2P, ImageChecksum @2P+4, TimeDateStamp @2P+8, @2P+12 Reserved0 (V2) or
// SignatureLevel u8, SignatureType u8, Reserved0 u16 (V3), DefaultBase P @2P+16, Reserved1..4 @3P+16,
// FileName @3P+32.
inline constexpr FieldSpec kV2[] = {
    {"ImageBase", FT::Ptr}, {"ImageSize", FT::PtrU}, {"ProcessID", FT::U32}, {"ImageChecksum", FT::U32},
    {"TimeDateStamp", FT::I32}, {"Reserved0", FT::U32}, {"DefaultBase", FT::Ptr}, {"Reserved1", FT::U32},
    {"Reserved2", FT::U32}, {"Reserved3", FT::U32}, {"Reserved4", FT::U32}, {"FileName", FT::Utf16Z},
};
inline constexpr FieldSpec kV3[] = {
    {"ImageBase", FT::Ptr}, {"ImageSize", FT::PtrU}, {"ProcessID", FT::U32}, {"ImageChecksum", FT::U32},
    {"TimeDateStamp", FT::I32}, {"SignatureLevel", FT::U8}, {"SignatureType", FT::U8}, {"Reserved0", FT::U16},
    {"DefaultBase", FT::Ptr}, {"Reserved1", FT::U32}, {"Reserved2", FT::U32}, {"Reserved3", FT::U32},
    {"Reserved4", FT::U32}, {"FileName", FT::Utf16Z},
};
// KernelBase (33): ImageBase P.
inline constexpr FieldSpec kKernelBase[] = {{"ImageBase", FT::Ptr}};
// HypercallPage (34): the page's address, P.
inline constexpr FieldSpec kHypercallPage[] = {{"HypercallPageVa", FT::Ptr}};

}  // namespace traceshark::etl::kernel_detail::image
