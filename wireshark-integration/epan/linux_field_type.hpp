// How a Linux ftrace event field is shown in Wireshark, from its libtraceevent format (no Wireshark headers:
// FieldFt and FieldBase mirror the FT_* and BASE_* values used; linux_field_registry.cpp maps them).
//
// Types (from size, "signed:" and the C type of the format):
//   integers of 1/2/4/8 bytes    FT_INT8..64 (signed, sign-extended) / FT_UINT8..64, BASE_DEC
//   pointers, long / unsigned long   FT_UINT<size> BASE_HEX (Wireshark forbids hex display of signed fields)
//   char arrays, __data_loc / __rel_loc char[]     FT_STRING (up to the first NUL, bounded by the array)
//   other arrays, __data_loc / __rel_loc arrays, other sizes   FT_BYTES
// Filter names: linux_trace_event.data.<system>.<event>.<field>, each component sanitised to [A-Za-z0-9_]
// (Wireshark aborts on other characters).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace traceshark::epan {

enum class FieldKind { Int, String, Bytes };
enum class FieldFt { None, Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64, String, Bytes };
enum class FieldBase { None, Dec, Hex };

struct FieldType {
    FieldKind kind = FieldKind::Bytes;
    FieldFt ft = FieldFt::Bytes;
    FieldBase base = FieldBase::None;
    bool is_signed = false;
    bool dynamic = false;   // __data_loc / __rel_loc: a 32-bit (len << 16 | offset) word
    bool relative = false;  // __rel_loc: offset counted from the end of the word
};

// `type` is the C type as libtraceevent keeps it (array brackets included, e.g. "char[16]", "__data_loc char[]").
FieldType classify(std::string_view type, int size, bool is_signed);

// "FT_INT8" ... "FT_BYTES"; nullptr for None.
const char* ft_name(FieldFt ft);
std::optional<FieldFt> ft_from_name(std::string_view name);
const char* base_name(FieldBase base);  // "BASE_DEC", "BASE_HEX", "BASE_NONE"
std::optional<FieldBase> base_from_name(std::string_view name);
bool is_int_ft(FieldFt ft);
// The only combinations classify() produces (and so the only ones the field cache may name).
bool valid_combo(FieldFt ft, FieldBase base);

inline constexpr char kLinuxProtoAbbrev[] = "linux_trace_event";
// Every character outside [A-Za-z0-9_] becomes '_'; the empty name becomes "_".
std::string sanitize(std::string_view s);
std::string filter_name(std::string_view system, std::string_view event, std::string_view field);

}  // namespace traceshark::epan
