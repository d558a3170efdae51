// Small Value constructors the decoders share (the public ones are in value.hpp).
#pragma once

#include <span>

#include "traceshark/etl/value.hpp"

namespace traceshark::etl::detail {

inline Value make_bool(bool b)
{
    Value v;
    v.kind = ValueKind::Bool;
    v.scalar = b;
    v.size = 4;
    return v;
}
inline Value make_double(double d, uint8_t size)
{
    Value v;
    v.kind = ValueKind::Float;
    v.scalar = d;
    v.size = size;
    return v;
}
inline Value make_guid(const Guid& g)
{
    Value v;
    v.kind = ValueKind::Guid;
    v.scalar = g;
    return v;
}
inline Value make_bytes(ValueKind kind, std::span<const uint8_t> b)
{
    Value v;
    v.kind = kind;
    v.bytes.assign(b.begin(), b.end());
    return v;
}

}  // namespace traceshark::etl::detail
