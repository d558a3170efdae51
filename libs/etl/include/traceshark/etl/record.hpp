// One ETW event record as the reader hands it out: the header fields every record type has (normalised over the
// SYSTEM/COMPACT/PERFINFO, FULL/INSTANCE, EVENT_HEADER and MESSAGE layouts), its extended data items and its
// payload. The spans point into the reader's (decompressed) buffer and stay valid until the next call to the
// iterator that produced the record, or as long as a record read by reference (EtlTrace::read_at) is kept.
// This is the contract between the file reader (etl_trace.hpp) and the payload decoders (decoder.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "traceshark/etl/guid.hpp"

namespace traceshark::etl {

// Byte 2 of a record whose byte 3 is 0xC0 (TRACE_HEADER_FLAG | EVENT_TRACE); Message for byte 3 == 0x90 (WPP).
enum class HeaderType : uint8_t {
    System32 = 0x01, System64 = 0x02,
    Compact32 = 0x03, Compact64 = 0x04,
    Full32 = 0x0A, Instance32 = 0x0B,
    Timed = 0x0C, Error = 0x0D, Wnode = 0x0E,
    PerfInfo32 = 0x10, PerfInfo64 = 0x11,
    EventHeader32 = 0x12, EventHeader64 = 0x13,
    Full64 = 0x14, Instance64 = 0x15,
    Message = 0xFF,  // TraceMessage / WPP (byte 3 == 0x90)
};

// EVENT_DESCRIPTOR. For kernel (SYSTEM/COMPACT/PERFINFO) and classic (FULL/INSTANCE) records: opcode = the
// event type, version = the MOF class version, the rest 0.
struct EventDescriptor {
    uint16_t id = 0;
    uint8_t version = 0;
    uint8_t channel = 0;
    uint8_t level = 0;
    uint8_t opcode = 0;
    uint16_t task = 0;
    uint64_t keyword = 0;
};

// EVENT_HEADER_EXT_TYPE_* (an extended data item's ExtType).
enum class ExtendedType : uint16_t {
    RelatedActivityId = 1, Sid = 2, TsId = 3, InstanceInfo = 4, StackTrace32 = 5, StackTrace64 = 6,
    PebsIndex = 7, PmcCounters = 8, PsmKey = 9, EventKey = 10, EventSchemaTl = 11, ProvTraits = 12,
    ProcessStartKey = 13, ControlGuid = 14, QpcDelta = 15, ContainerId = 16, StackKey32 = 17, StackKey64 = 18,
};

struct ExtendedItem {
    ExtendedType type{};
    std::span<const uint8_t> data;
};

// A stable reference to a record: which file of the trace, which buffer of that file (its index in file order),
// and the record's offset inside the buffer's (decompressed) data. Packs into 64 bits for Wireshark's per-frame
// offset: 8 bits file, 32 bits buffer, 24 bits record offset / 8 (records are 8-byte aligned).
struct RecordRef {
    uint8_t file = 0;
    uint32_t buffer = 0;
    uint32_t record_offset = 0;  // a multiple of 8, < 2^27
    uint64_t pack() const
    {
        return static_cast<uint64_t>(file) << 56 | static_cast<uint64_t>(buffer) << 24 | (record_offset >> 3);
    }
    static RecordRef unpack(uint64_t v)
    {
        return {static_cast<uint8_t>(v >> 56), static_cast<uint32_t>(v >> 24),
                static_cast<uint32_t>((v & 0xFFFFFF) << 3)};
    }
    friend bool operator==(const RecordRef&, const RecordRef&) = default;
};

inline constexpr uint32_t kNoId = UINT32_MAX;  // PERFINFO records carry no PID/TID

struct EventRecord {
    RecordRef ref;
    uint64_t file_offset = 0;  // of the record in the file where its buffer is not compressed, else of the buffer
    HeaderType header_type{};
    uint8_t pointer_size = 8;  // from the record's header type (4 for every "32" type), never from the file header
    uint16_t cpu = 0;          // the buffer's ProcessorIndex
    int64_t raw_timestamp = 0;  // as recorded (QPC ticks, FILETIME or cycles: see Metadata::clock_type)
    uint64_t time_ns = 0;       // UTC, nanoseconds since 1970
    uint32_t pid = kNoId, tid = kNoId;
    // Kernel records: the class GUID of the hook's group (Process, Thread, FileIo, ...); classic records: the
    // header's class GUID; EVENT_HEADER records: the provider id.
    Guid provider;
    EventDescriptor descriptor;
    uint16_t hook_id = 0;          // SYSTEM/COMPACT/PERFINFO: group << 8 | opcode
    uint16_t version_field = 0;    // the raw u16 Version of SYSTEM/COMPACT/PERFINFO headers (PMC/PEBS bits included)
    uint16_t event_flags = 0;      // EVENT_HEADER Flags (0x4 STRING_ONLY, 0x1 EXTENDED_INFO, ...); MESSAGE: OptionFlags
    uint16_t event_property = 0;   // EVENT_HEADER EventProperty
    Guid activity_id;              // EVENT_HEADER ActivityId
    uint32_t kernel_time = 0, user_time = 0;  // where the header has them
    uint32_t message_sequence = 0;  // MESSAGE (WPP) records with TRACE_MESSAGE_SEQUENCE; descriptor.id = MessageNumber
    uint32_t instance_id = 0, parent_instance_id = 0;  // INSTANCE records
    Guid parent_guid;                                  // INSTANCE records
    std::vector<ExtendedItem> extended;
    std::span<const uint8_t> payload;
    std::span<const uint8_t> bytes;  // the whole record, header included

    bool is_kernel() const
    {
        return header_type == HeaderType::System32 || header_type == HeaderType::System64 ||
               header_type == HeaderType::Compact32 || header_type == HeaderType::Compact64 ||
               header_type == HeaderType::PerfInfo32 || header_type == HeaderType::PerfInfo64;
    }
    bool is_event_header() const
    {
        return header_type == HeaderType::EventHeader32 || header_type == HeaderType::EventHeader64;
    }
    const ExtendedItem* find(ExtendedType t) const
    {
        for (const ExtendedItem& i : extended)
            if (i.type == t) return &i;
        return nullptr;
    }
};

}  // namespace traceshark::etl
