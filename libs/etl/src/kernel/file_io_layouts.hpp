// FileIo class (90cbdc39-...), formats.md §3.4: V2 = Vista/7 (TTID is P-sized, right after IrpPtr), V3 = Win8+
// (TTID u32 after the pointers).
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::file_io {

// Name 0, FileCreate 32, FileDelete 35, FileRundown 36 (all versions): FileObject P @0, FileName @P.
inline constexpr FieldSpec kName[] = {{"FileObject", FT::Ptr}, {"FileName", FT::Utf16Z}};
// Create 64. V2: IrpPtr @0, TTID @P, FileObject @2P, CreateOptions @3P, ... OpenPath @3P+12.
inline constexpr FieldSpec kCreateV2[] = {
    {"IrpPtr", FT::Ptr}, {"TTID", FT::PtrU}, {"FileObject", FT::Ptr}, {"CreateOptions", FT::Hex32},
    {"FileAttributes", FT::Hex32}, {"ShareAccess", FT::Hex32}, {"OpenPath", FT::Utf16Z},
};
// V3: IrpPtr @0, FileObject @P, TTID @2P, CreateOptions @2P+4, ..., OpenPath @2P+16.
inline constexpr FieldSpec kCreateV3[] = {
    {"IrpPtr", FT::Ptr}, {"FileObject", FT::Ptr}, {"TTID", FT::U32}, {"CreateOptions", FT::Hex32},
    {"FileAttributes", FT::Hex32}, {"ShareAccess", FT::Hex32}, {"OpenPath", FT::Utf16Z},
};
// Read 67 / Write 68.
inline constexpr FieldSpec kReadWriteV2[] = {
    {"Offset", FT::U64}, {"IrpPtr", FT::Ptr}, {"TTID", FT::PtrU}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr},
    {"IoSize", FT::U32}, {"IoFlags", FT::Hex32},
};
inline constexpr FieldSpec kReadWriteV3[] = {
    {"Offset", FT::U64}, {"IrpPtr", FT::Ptr}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr}, {"TTID", FT::U32},
    {"IoSize", FT::U32}, {"IoFlags", FT::Hex32},
};
// Cleanup 65, Close 66, Flush 73.
inline constexpr FieldSpec kSimpleV2[] = {
    {"IrpPtr", FT::Ptr}, {"TTID", FT::PtrU}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr},
};
inline constexpr FieldSpec kSimpleV3[] = {
    {"IrpPtr", FT::Ptr}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr}, {"TTID", FT::U32},
};
// SetInfo 69, Delete 70, Rename 71, QueryInfo 74, FSControl 75.
inline constexpr FieldSpec kInfoV2[] = {
    {"IrpPtr", FT::Ptr}, {"TTID", FT::PtrU}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr},
    {"ExtraInfo", FT::Ptr}, {"InfoClass", FT::U32},
};
inline constexpr FieldSpec kInfoV3[] = {
    {"IrpPtr", FT::Ptr}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr}, {"ExtraInfo", FT::Ptr},
    {"TTID", FT::U32}, {"InfoClass", FT::U32},
};
// DirEnum 72, DirNotify 77.
inline constexpr FieldSpec kDirEnumV2[] = {
    {"IrpPtr", FT::Ptr}, {"TTID", FT::PtrU}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr},
    {"Length", FT::U32}, {"InfoClass", FT::U32}, {"FileIndex", FT::U32}, {"FileName", FT::Utf16Z},
};
inline constexpr FieldSpec kDirEnumV3[] = {
    {"IrpPtr", FT::Ptr}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr}, {"TTID", FT::U32},
    {"Length", FT::U32}, {"InfoClass", FT::U32}, {"FileIndex", FT::U32}, {"FileName", FT::Utf16Z},
};
// OperationEnd 76 (all versions): IrpPtr @0, ExtraInfo @P, NtStatus @2P.
inline constexpr FieldSpec kOpEnd[] = {{"IrpPtr", FT::Ptr}, {"ExtraInfo", FT::Ptr}, {"NtStatus", FT::Hex32}};
// DeletePath 79, RenamePath 80, SetLinkPath 81 (V3, Win10): the Info layout plus a FileName.
inline constexpr FieldSpec kPathV3[] = {
    {"IrpPtr", FT::Ptr}, {"FileObject", FT::Ptr}, {"FileKey", FT::Ptr}, {"ExtraInfo", FT::Ptr},
    {"TTID", FT::U32}, {"InfoClass", FT::U32}, {"FileName", FT::Utf16Z},
};

}  // namespace traceshark::etl::kernel_detail::file_io
