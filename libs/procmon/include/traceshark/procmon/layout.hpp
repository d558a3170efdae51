// The on-disk layout of a Process Monitor log (PML version 9, little-endian) that readers of the raw bytes share:
// the file's signature and header size, and the fixed header that starts every event record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace traceshark::procmon {

inline constexpr std::string_view kPmlSignature = "PML_";  // the first 4 bytes of the file
inline constexpr uint32_t kPmlVersion = 9;                 // the u32 after the signature
inline constexpr size_t kHeaderSize = 0x3A8;               // the file header; the first event follows it

// Field offsets in an event record's header (from the start of the record). The stack trace (stack depth
// pointers of the log's pointer size) follows the header, then the detail structure.
namespace event_header {
inline constexpr size_t kProcessIndex = 0x00;       // u32, into the process table
inline constexpr size_t kThreadId = 0x04;           // u32
inline constexpr size_t kEventClass = 0x08;         // u32, EventClass
inline constexpr size_t kOperation = 0x0C;          // u16, per class (operations.hpp)
inline constexpr size_t kDuration = 0x14;           // u64, 100 ns units
inline constexpr size_t kFiletime = 0x1C;           // u64, FILETIME (UTC)
inline constexpr size_t kResult = 0x24;             // u32, NTSTATUS
inline constexpr size_t kStackDepth = 0x28;         // u16, frames
inline constexpr size_t kDetailSize = 0x2C;         // u32, bytes
inline constexpr size_t kExtraDetailOffset = 0x30;  // u32, from the record start; 0 when none
}  // namespace event_header

inline constexpr size_t kEventHeaderSize = 0x34;

}  // namespace traceshark::procmon
