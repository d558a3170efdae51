// Builds payload bytes and EventRecords by hand for the decoder tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "traceshark/etl/record.hpp"

namespace traceshark::etl::test {

struct Bytes {
    std::vector<uint8_t> b;
    Bytes& u8(uint64_t v) { b.push_back(static_cast<uint8_t>(v)); return *this; }
    Bytes& u16(uint64_t v) { return u8(v).u8(v >> 8); }
    Bytes& u32(uint64_t v) { return u16(v).u16(v >> 16); }
    Bytes& u64(uint64_t v) { return u32(v).u32(v >> 32); }
    Bytes& ptr(uint64_t v, int P) { return P == 8 ? u64(v) : u32(v); }
    Bytes& be16(uint64_t v) { return u8(v >> 8).u8(v); }
    Bytes& raw(std::initializer_list<uint8_t> l) { b.insert(b.end(), l); return *this; }
    Bytes& raw(std::span<const uint8_t> s) { b.insert(b.end(), s.begin(), s.end()); return *this; }
    Bytes& ansiz(const std::string& s) { for (char c : s) u8(static_cast<uint8_t>(c)); return u8(0); }
    Bytes& utf8z(const std::string& s) { return ansiz(s); }
    Bytes& utf16(const std::string& s) { for (char c : s) u16(static_cast<uint8_t>(c)); return *this; }
    Bytes& utf16z(const std::string& s) { return utf16(s).u16(0); }
    Bytes& zeros(size_t n) { b.insert(b.end(), n, 0); return *this; }
    size_t size() const { return b.size(); }
};

inline EventRecord kernel_record(uint16_t hook, uint8_t version, int P, const std::vector<uint8_t>& payload,
                                 HeaderType type = HeaderType::System64)
{
    EventRecord r;
    r.header_type = P == 8 ? type : static_cast<HeaderType>(static_cast<uint8_t>(type) - 1);
    r.pointer_size = static_cast<uint8_t>(P);
    r.hook_id = hook;
    r.descriptor.version = version;
    r.descriptor.opcode = static_cast<uint8_t>(hook & 0xFF);
    r.payload = payload;
    return r;
}

}  // namespace traceshark::etl::test
