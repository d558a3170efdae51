// Decoded payload fields: a typed value tree (scalars, strings, arrays, structs) that every decoder produces
// (kernel MOF classes, TraceLogging, manifests, EventSource) and every consumer reads (traceshark-dump, the
// Wireshark dissector, the tracking adapter).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "traceshark/etl/guid.hpp"

namespace traceshark::etl {

struct Field;

// What a value is, with the formatting hint that goes with it (TDH's InType/OutType collapsed into one).
enum class ValueKind : uint8_t {
    Null,
    Int,       // signed integer (int64)
    UInt,      // unsigned integer (uint64)
    HexInt,    // unsigned integer shown in hex (HexInt32/64, pointers, handles, keys)
    Float,     // double
    Bool,
    String,    // UTF-8 (converted from UTF-16 / ANSI)
    Guid,
    Binary,    // bytes
    FileTime,  // uint64 FILETIME (UInt holds it)
    SystemTime,  // SYSTEMTIME, as 8 u16 in `bytes`
    Sid,       // a SID, its bytes in `bytes`
    IPv4,      // 4 bytes in `bytes`
    IPv6,      // 16 bytes in `bytes`
    Port,      // u16 in host order (UInt)
    Array,     // elements in `items`
    Struct,    // members in `fields`
};

struct Value {
    ValueKind kind = ValueKind::Null;
    std::variant<std::monostate, int64_t, uint64_t, double, bool, std::string, Guid> scalar;
    std::vector<uint8_t> bytes;         // Binary, Sid, SystemTime, IPv4, IPv6
    std::vector<Value> items;           // Array
    std::vector<Field> fields;          // Struct
    uint8_t size = 0;                   // width in bytes of integer types (1, 2, 4, 8): for typing filters

    static Value make_int(int64_t v, uint8_t size);
    static Value make_uint(uint64_t v, uint8_t size, ValueKind kind = ValueKind::UInt);
    static Value make_string(std::string v);
    // Text as a trace viewer shows it: decimal integers, 0x-hex for HexInt, "true"/"false", GUID text,
    // S-1-5-... for SIDs, dotted IPv4 / RFC 5952 IPv6, ISO 8601 UTC for FILETIME/SYSTEMTIME, hex for binary,
    // arrays as "[a, b]" and structs as "{name=value, ...}".
    std::string to_string() const;
};

struct Field {
    std::string name;
    Value value;
};

}  // namespace traceshark::etl
