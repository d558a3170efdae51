// How a decoded ETW payload value (libs/etl value.hpp) is shown in Wireshark, and the filter names of payload
// fields (no Wireshark headers: EtwFt mirrors the FT_* types used; etw_field_registry.cpp maps them).
//
//   Int -> FT_INT64, UInt/Port -> FT_UINT64, HexInt -> FT_UINT64 shown in hex, Float -> FT_DOUBLE,
//   Bool -> FT_BOOLEAN, Guid -> FT_GUID, IPv4/IPv6 -> FT_IPv4/FT_IPv6, Binary -> FT_BYTES, everything else
//   (strings, SIDs, times, structs, null) -> FT_STRING with the text the dump prints. Integers are always 64-bit
//   so that one field name keeps one type over the versions of an event. An array adds one item per element
//   under the field's name; struct members are <field>.<member>.
// Filter names: etl.<provider>.<field>[.<member>...], each component sanitised to [A-Za-z0-9_].
#pragma once

#include <string>
#include <string_view>

#include "traceshark/etl/value.hpp"

namespace traceshark::epan {

enum class EtwFt { Int64, Uint64, Hex64, Double, Boolean, Guid, Ipv4, Ipv6, Bytes, String };

inline constexpr char kEtwProtoAbbrev[] = "etl";

// The type a value is shown with (an array: the type of its elements).
EtwFt etw_ft_of(const etl::Value& v);
// "etl." + sanitize(provider) + "." + sanitize(field path component by component, joined by '.')
std::string etw_filter_name(std::string_view provider, std::string_view field_path);

}  // namespace traceshark::epan
