// Kernel MOF payload layouts as data: a class version's fields in payload order (payloads are packed, so the
// offsets follow from the types: a Ptr is P bytes, P = the record's pointer size). Each class family writes its
// layouts once, in its own *_layouts.hpp, and maps opcode/version to them in its .cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "traceshark/etl/value.hpp"

namespace traceshark::etl::kernel_detail {

enum class FT : uint8_t {
    U8, U16, U32, U64, I8, I16, I32, I64,
    Hex32, Hex64,
    Ptr,      // P bytes, shown in hex (pointers, keys, handles)
    PtrU,     // P bytes, unsigned decimal (sizes: ImageSize, PeakVirtualSize, ...)
    Utf16Z,   // NUL-terminated UTF-16 (the last one may run to the end of the payload)
    AnsiZ,    // NUL-terminated 8-bit string
    WcharN,   // `n` UTF-16 code units, a fixed array (text up to the first NUL)
    Sid,      // kernel SID: u32 0 (4 bytes) or a TOKEN_USER (2P) then a SID of 8 + 4 * SubAuthorityCount bytes
    PortBE,   // u16, network byte order
    IPv4,     // 4 bytes, network order
    IPv6,     // 16 bytes
    FileTime, // u64 FILETIME
    SystemTime,  // 16 bytes
    Guid,
    Bool8,    // u8 0/1
    Skip,     // `n` bytes of padding, no field
    PtrArray, // P-sized hex values to the end of the payload (stack frames)
    Utf16ZList,  // NUL-terminated UTF-16 strings to the end of the payload, as an Array
    Rest,     // the remaining bytes as Binary
    PadRest,  // the remaining bytes, documented padding or reserved space: consumed, no field
};

inline constexpr uint8_t kTail = 1;  // this and every later field are optional: absent when the payload ends here

struct FieldSpec {
    const char* name;
    FT type;
    uint16_t n = 0;
    uint8_t flags = 0;
};

using Layout = std::span<const FieldSpec>;

struct KernelKey {
    uint8_t opcode = 0;
    uint8_t version = 0;
    uint8_t pointer_size = 8;
    size_t payload_size = 0;
};

struct EventInfo {
    std::string_view provider = "Windows Kernel";
    std::string_view task;
    std::string_view opcode;      // "" with opcode_number >= 0: rendered "Opcode(N)"
    int opcode_number = -1;       // -1: no opcode part in the name (EventTrace header)
    Layout layout;                // empty with has_layout false: names only
    bool has_layout = false;
};

struct OpName {
    uint8_t opcode;
    const char* name;
};

// Sets info.opcode from a family's table ("" when unknown: the name becomes Opcode(N)).
void name_opcode(EventInfo& info, std::span<const OpName> names, uint8_t opcode);

// Every layout must consume the payload exactly (decode_layout says when it does not).
inline void set_layout(EventInfo& info, Layout l)
{
    info.layout = l;
    info.has_layout = true;
}

// How to read a payload: the pointer size, and how to read a SID whose first u32 is 0. The kernel writes a NULL
// SID as 4 zero bytes; writers that zero the TOKEN_USER (sawbuck's make_test_data) put 2P zero bytes before a
// real SID instead.
struct LayoutReading {
    uint8_t pointer_size = 8;
    bool zeroed_token_user = false;
};

struct LayoutResult {
    std::string problem;     // "" or why the payload does not fit (too short, bytes left after the last field)
    size_t consumed = 0;     // payload bytes the layout used
    size_t odd_chars = 0;    // control characters in the strings read: a sign of a wrong pointer size
};

// Decodes `layout` from `payload` into `out`. Bytes left after the last field are a problem too (a layout that
// allows trailing bytes ends in a Rest or PadRest field).
LayoutResult decode_layout(Layout layout, std::span<const uint8_t> payload, const LayoutReading& how,
                           std::vector<Field>& out);

// Class families: each fills `info` for an opcode/version it knows and returns false otherwise.
bool lookup_event_trace(const KernelKey&, EventInfo&);
bool lookup_disk_io(const KernelKey&, EventInfo&);
bool lookup_page_fault(const KernelKey&, EventInfo&);
bool lookup_process(const KernelKey&, EventInfo&);
bool lookup_file_io(const KernelKey&, EventInfo&);
bool lookup_thread(const KernelKey&, EventInfo&);
bool lookup_tcp_ip(const KernelKey&, EventInfo&);
bool lookup_udp_ip(const KernelKey&, EventInfo&);
bool lookup_registry(const KernelKey&, EventInfo&);
bool lookup_system_config(const KernelKey&, EventInfo&);
bool lookup_system_config_ex(const KernelKey&, EventInfo&);
bool lookup_perf_info(const KernelKey&, EventInfo&);
bool lookup_image(const KernelKey&, EventInfo&);
bool lookup_stack_walk(const KernelKey&, EventInfo&);
bool lookup_alpc(const KernelKey&, EventInfo&);

}  // namespace traceshark::etl::kernel_detail
