#include "traceshark/etl/record_parser.hpp"

#include <optional>

#include "bytes.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/layout.hpp"

namespace traceshark::etl {
namespace {

using namespace detail;
namespace L = layout;

ParseResult damaged(std::string problem)
{
    ParseResult r;
    r.status = ParseStatus::Damaged;
    r.problem = std::move(problem);
    return r;
}

uint32_t align8(uint32_t v) { return (v + 7u) & ~7u; }

// EVENT_HEADER extended data items from `p` (at most `avail` bytes); returns the bytes used or nullopt.
std::optional<uint32_t> parse_extended(const uint8_t* p, uint32_t avail, EventRecord& rec, std::string& problem)
{
    uint32_t pos = 0;
    for (uint32_t n = 0;; ++n) {
        if (n == L::kMaxExtendedItems) {
            problem = "more than " + std::to_string(L::kMaxExtendedItems) + " extended data items";
            return std::nullopt;
        }
        if (avail - pos < 8) {
            problem = "extended data item header runs past the record";
            return std::nullopt;
        }
        const uint8_t* item = p + pos;
        const uint32_t total = u16(item), data_size = u16(item + 6);
        const uint16_t type = u16(item + 2), linkage = u16(item + 4);
        if (total < 8 || data_size > total - 8 || total > avail - pos) {
            problem = "extended data item (type " + std::to_string(type) + ") of " + std::to_string(total) +
                      " bytes with " + std::to_string(data_size) + " data bytes does not fit the record";
            return std::nullopt;
        }
        rec.extended.push_back({static_cast<ExtendedType>(type), {item + 8, data_size}});
        pos += total;
        if (!(linkage & 1)) return pos;
    }
}

}  // namespace

Guid kernel_group_guid(uint8_t group)
{
    const kernel::KernelClass* c = kernel::class_of_group(group);
    return c ? c->guid : Guid{};
}

ParseResult parse_record(std::span<const uint8_t> buffer, uint32_t end, uint32_t offset, uint8_t default_p,
                         EventRecord& rec)
{
    if (end > buffer.size()) end = static_cast<uint32_t>(buffer.size());
    if (offset >= end || end - offset < 4) return {};
    const uint8_t* r = buffer.data() + offset;
    const uint32_t avail = end - offset;
    if (u32(r) == L::kEndOfRecords || u32(r) == 0) return {};  // end marker, or zero fill after the records
    const uint8_t marker = r[3];
    rec.extended.clear();
    rec.message_sequence = 0;
    rec.instance_id = rec.parent_instance_id = 0;
    rec.parent_guid = {};
    rec.activity_id = {};
    rec.kernel_time = rec.user_time = 0;
    rec.event_flags = rec.event_property = 0;
    rec.hook_id = rec.version_field = 0;
    rec.descriptor = {};
    rec.provider = {};
    rec.pid = rec.tid = kNoId;

    uint32_t size = 0, header = 0;
    if (marker == L::kMarkerMessage) {
        size = u16(r);
        if (size < L::kMessageHeaderSize || size > avail)
            return damaged("MESSAGE record of " + std::to_string(size) + " bytes does not fit the buffer");
        rec.header_type = HeaderType::Message;
        rec.pointer_size = default_p;
        rec.descriptor.id = u16(r + 4);
        const uint16_t opt = u16(r + 6);
        rec.event_flags = opt;
        header = L::kMessageHeaderSize;
        auto need = [&](uint32_t n) { return size - header >= n; };
        if (opt & L::kMsgSequence) {
            if (!need(4)) return damaged("MESSAGE record too short for its sequence number");
            rec.message_sequence = u32(r + header);
            header += 4;
        }
        if (opt & L::kMsgGuid) {
            if (!need(16)) return damaged("MESSAGE record too short for its GUID");
            rec.provider = Guid::from_bytes(r + header);
            header += 16;
        } else if (opt & L::kMsgComponentId) {
            if (!need(4)) return damaged("MESSAGE record too short for its component id");
            rec.provider.data1 = u32(r + header);
            header += 4;
        }
        if (opt & (L::kMsgTimestamp | L::kMsgPerfTimestamp)) {
            if (!need(8)) return damaged("MESSAGE record too short for its timestamp");
            rec.raw_timestamp = i64(r + header);
            header += 8;
        }
        if (opt & L::kMsgSystemInfo) {
            if (!need(8)) return damaged("MESSAGE record too short for its thread and process ids");
            rec.tid = u32(r + header);
            rec.pid = u32(r + header + 4);
            header += 8;
        }
    } else if (marker == L::kMarkerEventTrace) {
        const auto type = static_cast<HeaderType>(r[2]);
        rec.header_type = type;
        auto fits = [&](uint32_t hdr) -> std::optional<ParseResult> {
            if (size < hdr || size > avail)
                return damaged("record (type " + std::to_string(r[2]) + ") of " + std::to_string(size) +
                               " bytes does not fit the buffer (" + std::to_string(avail) + " bytes left, header " +
                               std::to_string(hdr) + ")");
            return std::nullopt;
        };
        switch (type) {
        case HeaderType::System32:
        case HeaderType::System64:
        case HeaderType::Compact32:
        case HeaderType::Compact64:
        case HeaderType::PerfInfo32:
        case HeaderType::PerfInfo64: {
            if (avail < 8) return damaged("kernel record header runs past the buffer");
            size = u16(r + 4);
            const bool perfinfo = type == HeaderType::PerfInfo32 || type == HeaderType::PerfInfo64;
            const bool system = type == HeaderType::System32 || type == HeaderType::System64;
            header = perfinfo ? L::kPerfInfoHeaderSize : system ? L::kSystemHeaderSize : L::kCompactHeaderSize;
            if (auto bad = fits(header)) return *bad;
            rec.pointer_size = (type == HeaderType::System32 || type == HeaderType::Compact32 ||
                                type == HeaderType::PerfInfo32)
                                   ? 4
                                   : 8;
            rec.version_field = u16(r);
            rec.hook_id = u16(r + 6);
            uint16_t version = rec.version_field;
            if (perfinfo) {
                rec.raw_timestamp = i64(r + 8);
                uint32_t ext = 8u * ((version & L::kPerfInfoPmcMask) >> 8);
                if (version & L::kPerfInfoPebsBit) ext += 8;
                version = static_cast<uint16_t>(version & ~(L::kPerfInfoPmcMask | L::kPerfInfoPebsBit));
                if (size - header < ext) return damaged("PERFINFO record too short for its PMC/PEBS extension");
                header += ext;
            } else {
                rec.tid = u32(r + 8);
                rec.pid = u32(r + 12);
                rec.raw_timestamp = i64(r + 16);
                if (system) {
                    rec.kernel_time = u32(r + 24);
                    rec.user_time = u32(r + 28);
                }
            }
            rec.descriptor.version = static_cast<uint8_t>(version);
            rec.descriptor.opcode = static_cast<uint8_t>(rec.hook_id);
            rec.provider = kernel_group_guid(static_cast<uint8_t>(rec.hook_id >> 8));
            break;
        }
        case HeaderType::Full32:
        case HeaderType::Full64:
        case HeaderType::Instance32:
        case HeaderType::Instance64: {
            size = u16(r);
            const bool instance = type == HeaderType::Instance32 || type == HeaderType::Instance64;
            header = instance ? L::kInstanceHeaderSize : L::kFullHeaderSize;
            if (auto bad = fits(header)) return *bad;
            rec.pointer_size = (type == HeaderType::Full32 || type == HeaderType::Instance32) ? 4 : 8;
            rec.descriptor.opcode = r[4];
            rec.descriptor.level = r[5];
            rec.version_field = u16(r + 6);
            rec.descriptor.version = static_cast<uint8_t>(rec.version_field);
            rec.tid = u32(r + 8);
            rec.pid = u32(r + 12);
            rec.raw_timestamp = i64(r + 16);
            rec.provider = Guid::from_bytes(r + 24);
            rec.kernel_time = u32(r + 40);
            rec.user_time = u32(r + 44);
            if (instance) {
                rec.instance_id = u32(r + 48);
                rec.parent_instance_id = u32(r + 52);
                rec.parent_guid = Guid::from_bytes(r + 56);
            }
            break;
        }
        case HeaderType::EventHeader32:
        case HeaderType::EventHeader64: {
            size = u16(r);
            header = L::kEventHeaderSize;
            if (auto bad = fits(header)) return *bad;
            rec.pointer_size = type == HeaderType::EventHeader32 ? 4 : 8;
            rec.event_flags = u16(r + 4);
            rec.event_property = u16(r + 6);
            rec.tid = u32(r + 8);
            rec.pid = u32(r + 12);
            rec.raw_timestamp = i64(r + 16);
            rec.provider = Guid::from_bytes(r + 24);
            rec.descriptor.id = u16(r + 40);
            rec.descriptor.version = r[42];
            rec.descriptor.channel = r[43];
            rec.descriptor.level = r[44];
            rec.descriptor.opcode = r[45];
            rec.descriptor.task = u16(r + 46);
            rec.descriptor.keyword = u64(r + 48);
            rec.kernel_time = u32(r + 56);
            rec.user_time = u32(r + 60);
            rec.activity_id = Guid::from_bytes(r + 64);
            if (rec.event_flags & L::kEhExtendedInfo) {
                std::string problem;
                const auto used = parse_extended(r + header, size - header, rec, problem);
                if (!used) return damaged(problem);
                header += *used;
            }
            break;
        }
        case HeaderType::Timed:
        case HeaderType::Error:
        case HeaderType::Wnode: {
            // Rare; the layout is not known here: kept as a record with its bytes, skipped by its u16 Size.
            size = u16(r);
            header = 4;
            if (auto bad = fits(header)) return *bad;
            rec.pointer_size = default_p;
            break;
        }
        default:
            return damaged("unknown record header type " + std::to_string(r[2]));
        }
    } else {
        return damaged("record marker " + std::to_string(marker) + " is neither 0xC0 nor 0x90");
    }
    rec.payload = {r + header, size - header};
    rec.bytes = {r, size};
    ParseResult res;
    res.status = ParseStatus::Record;
    res.next = offset + align8(size);
    return res;
}

}  // namespace traceshark::etl
