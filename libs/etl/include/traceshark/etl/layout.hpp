// On-disk layouts of ETL files (formats.md §3): the WMI_BUFFER_HEADER every buffer starts with, the record header
// types and their sizes, and the raw TRACE_LOGFILE_HEADER of the EventTrace "Header" event. All little-endian.
#pragma once

#include <cstdint>

namespace traceshark::etl::layout {

// ---- WMI_BUFFER_HEADER (0x48 bytes) ----
inline constexpr uint32_t kBufferHeaderSize = 0x48;
inline constexpr uint32_t kBufBufferSize = 0x00;     // u32 on-disk size of the buffer (next = this + it)
inline constexpr uint32_t kBufSavedOffset = 0x04;    // u32 end of valid (uncompressed) data
inline constexpr uint32_t kBufTimeStamp = 0x10;      // u64 raw clock at flush
inline constexpr uint32_t kBufSequence = 0x18;       // u64 global buffer order
inline constexpr uint32_t kBufProcessor = 0x28;      // u8 ProcessorNumber, u8 Alignment / u16 ProcessorIndex
inline constexpr uint32_t kBufLoggerId = 0x2A;       // u16
inline constexpr uint32_t kBufState = 0x2C;          // u32
inline constexpr uint32_t kBufOffset = 0x30;         // u32 filled bytes (the end where SavedOffset is 0: Win7)
inline constexpr uint32_t kBufFlags = 0x34;          // u16 BufferFlag
inline constexpr uint32_t kBufType = 0x36;           // u16 BufferType

inline constexpr uint16_t kFlagFlushMarker = 0x01;
inline constexpr uint16_t kFlagEventsLost = 0x02;
inline constexpr uint16_t kFlagBufferLost = 0x04;
inline constexpr uint16_t kFlagProcIndex = 0x20;     // ProcessorIndex is a u16 (else only the low byte counts)
inline constexpr uint16_t kFlagCompressed = 0x40;    // [0x48, BufferSize) is MS-XCA Plain LZ77

inline constexpr uint16_t kBufferTypeHeader = 4;

// ---- record headers: bytes 2..3 of every record ----
inline constexpr uint8_t kMarkerEventTrace = 0xC0;   // byte 3: TRACE_HEADER_FLAG | EVENT_TRACE, byte 2 = type
inline constexpr uint8_t kMarkerMessage = 0x90;      // byte 3: TRACE_HEADER_FLAG | TRACE_MESSAGE (WPP)
inline constexpr uint32_t kEndOfRecords = 0xFFFFFFFF;

inline constexpr uint32_t kSystemHeaderSize = 0x20;
inline constexpr uint32_t kCompactHeaderSize = 0x18;
inline constexpr uint32_t kPerfInfoHeaderSize = 0x10;
inline constexpr uint32_t kFullHeaderSize = 0x30;
inline constexpr uint32_t kInstanceHeaderSize = 0x48;
inline constexpr uint32_t kEventHeaderSize = 0x50;
inline constexpr uint32_t kMessageHeaderSize = 0x08;

// PERFINFO Version bits: an 8-byte PEBS index follows the header; bits 8-10 = number of 8-byte PMC counters.
inline constexpr uint16_t kPerfInfoPebsBit = 0x8000;
inline constexpr uint16_t kPerfInfoPmcMask = 0x0700;

// EVENT_HEADER Flags
inline constexpr uint16_t kEhExtendedInfo = 0x0001;
inline constexpr uint16_t kEhStringOnly = 0x0004;
inline constexpr uint16_t kEhHeader32 = 0x0020;
inline constexpr uint16_t kEhHeader64 = 0x0040;

// MESSAGE_TRACE_HEADER OptionFlags (TRACE_MESSAGE_*), fields in this order after the 8-byte header
inline constexpr uint16_t kMsgSequence = 0x01;       // u32
inline constexpr uint16_t kMsgGuid = 0x02;           // GUID
inline constexpr uint16_t kMsgComponentId = 0x04;    // u32 (when no GUID)
inline constexpr uint16_t kMsgTimestamp = 0x08;      // u64
inline constexpr uint16_t kMsgPerfTimestamp = 0x10;  // u64 (same slot)
inline constexpr uint16_t kMsgSystemInfo = 0x20;     // u32 TID, u32 PID

// ---- the EventTrace header event (hook 0x0000) ----
inline constexpr uint16_t kHookEventTraceHeader = 0x0000;

// TRACE_LOGFILE_HEADER offsets inside the payload: [0] for 32-bit (SYSTEM32), [1] for 64-bit (SYSTEM64).
struct LogfileHeaderOffsets {
    uint32_t time_zone, boot_time, perf_freq, start_time, reserved_flags, buffers_lost, strings;
};
inline constexpr LogfileHeaderOffsets kLogfileHeader[2] = {
    {0x40, 0xF0, 0xF8, 0x100, 0x108, 0x10C, 0x110},
    {0x48, 0xF8, 0x100, 0x108, 0x110, 0x114, 0x118},
};
inline constexpr uint32_t kLhBufferSize = 0x00, kLhVersion = 0x04, kLhProviderVersion = 0x08,
                          kLhNumberOfProcessors = 0x0C, kLhEndTime = 0x10, kLhTimerResolution = 0x18,
                          kLhMaximumFileSize = 0x1C, kLhLogFileMode = 0x20, kLhBuffersWritten = 0x24,
                          kLhStartBuffers = 0x28, kLhPointerSize = 0x2C, kLhEventsLost = 0x30, kLhCpuSpeed = 0x34;
inline constexpr uint32_t kTimeZoneSize = 172;  // TIME_ZONE_INFORMATION

// LogFileMode bits
inline constexpr uint32_t kModeCircular = 0x00000002;
inline constexpr uint32_t kModeRelog = 0x00010000;
inline constexpr uint32_t kModeCompressed = 0x04000000;

// ---- hard limits ----
inline constexpr uint32_t kMaxBufferSize = 64u << 20;   // on-disk and decompressed; ETW's own maximum is 16 MB
inline constexpr uint32_t kMaxExtendedItems = 64;       // per EVENT_HEADER record
inline constexpr uint32_t kMaxFiles = 255;              // RecordRef has 8 bits for the file

}  // namespace traceshark::etl::layout
