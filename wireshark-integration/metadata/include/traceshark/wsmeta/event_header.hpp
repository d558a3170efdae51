// The Traceshark event header: what the trace.dat reader puts in front of every event's raw bytes inside an
// Exported PDU record, and what the "traceshark" dissector reads back. Plain C++, no Wireshark headers, so the
// wiretap and epan plugins share one definition.
//
// Layout (all little-endian, 48 bytes in version 1):
//   0  u32  magic  "TSEH" (0x48455354 read little-endian)
//   4  u16  version (1)
//   6  u16  header length (bytes from the magic to the event data; readers skip what they do not know)
//   8  u16  format family (1 = Linux ftrace, 2 = Procmon PML, 3 = ETW)
//  10  u16  flags (EventHeader::kFlag*)
//  12  u32  CPU
//  16  u32  buffer index (in the original file; ETW: the buffer's index in its file)
//  20  u32  bytes of a trailing part appended after the event (0: none): ftrace, the next record of its buffer
//           (kFlagNextRecord); Procmon, the event's extra details
//  24  i64  missed events before this one (0 none, -1 lost but count unknown, >0 count)
//  32  u64  machine key (see machine_info.hpp)
//  40  u64  where the event is in its original file (ftrace RecordRef; Procmon event index; ETW RecordRef::pack)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace traceshark::wsmeta {

enum class Family : uint16_t { LinuxFtrace = 1, Procmon = 2, Etw = 3 };

struct EventHeader {
    static constexpr uint32_t kMagic = 0x48455354;  // "TSEH"
    static constexpr uint16_t kVersion = 1;
    static constexpr size_t kSize = 48;
    static constexpr uint16_t kFlagBigEndianData = 1u << 0;
    static constexpr uint16_t kFlagLostEvents = 1u << 1;
    // A trailing part of next_record_size bytes follows the event data. Ftrace: the raw bytes of the record that
    // comes next in its buffer (a function-graph entry is printed as a leaf "func();" when its exit comes next).
    // Procmon: the event's extra details.
    static constexpr uint16_t kFlagNextRecord = 1u << 2;
    // ETW: the trace's EventTrace header says 32-bit pointers (the default for records whose type does not say).
    static constexpr uint16_t kFlagPointer32 = 1u << 3;

    uint16_t version = kVersion;
    uint16_t header_length = kSize;
    uint16_t family = static_cast<uint16_t>(Family::LinuxFtrace);
    uint16_t flags = 0;
    uint32_t cpu = 0, buffer = 0;
    uint32_t next_record_size = 0;
    int64_t missed_events = 0;
    uint64_t machine_key = 0;
    uint64_t record_ref = 0;

    // Writes kSize bytes.
    void encode(uint8_t* out) const;
    // nullopt when the bytes are too short, the magic is wrong, or the header length is impossible.
    static std::optional<EventHeader> decode(std::span<const uint8_t> bytes);

    bool operator==(const EventHeader&) const = default;
};

// Exported PDU prefix that makes Wireshark hand the rest of the record to the "traceshark" dissector:
// tag 12 (dissector name) "traceshark" padded to 12 bytes, then the end-of-options tag.
inline constexpr uint8_t kExportedPduPrefix[] = {
    0, 12, 0, 12, 't', 'r', 'a', 'c', 'e', 's', 'h', 'a', 'r', 'k', 0, 0,
    0, 0, 0, 0,
};
inline constexpr char kDissectorName[] = "traceshark";

}  // namespace traceshark::wsmeta
