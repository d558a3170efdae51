#include "traceshark/procmon/event_decoder.hpp"

#include <cstring>

#include "details.hpp"
#include "names.hpp"
#include "utf16.hpp"

namespace traceshark::procmon {

using detail::ByteReader;

namespace {

struct Header {
    uint32_t process_index, tid, event_class;
    uint16_t operation;
    uint64_t duration, filetime;
    uint32_t result;
    uint16_t stack_depth;
    uint32_t detail_size, extra_offset;
};

Header read_header(std::span<const uint8_t> bytes, uint64_t offset)
{
    namespace at = event_header;
    ByteReader r(bytes, offset);
    auto u16 = [&](size_t field, const char* what) {
        r.seek(field, what);
        return r.u16(what);
    };
    auto u32 = [&](size_t field, const char* what) {
        r.seek(field, what);
        return r.u32(what);
    };
    auto u64 = [&](size_t field, const char* what) {
        r.seek(field, what);
        return r.u64(what);
    };
    Header h{};
    h.process_index = u32(at::kProcessIndex, "event process index");
    h.tid = u32(at::kThreadId, "event thread id");
    h.event_class = u32(at::kEventClass, "event class");
    h.operation = u16(at::kOperation, "event operation");
    h.duration = u64(at::kDuration, "event duration");
    h.filetime = u64(at::kFiletime, "event time");
    h.result = u32(at::kResult, "event result");
    h.stack_depth = u16(at::kStackDepth, "stack depth");
    h.detail_size = u32(at::kDetailSize, "detail size");
    h.extra_offset = u32(at::kExtraDetailOffset, "extra detail offset");
    return h;
}

}  // namespace

std::string_view event_class_name(EventClass c)
{
    switch (c) {
    case EventClass::Process: return "Process";
    case EventClass::Registry: return "Registry";
    case EventClass::FileSystem: return "File System";
    case EventClass::Profiling: return "Profiling";
    case EventClass::Network: return "Network";
    case EventClass::Unknown: break;
    }
    return "Unknown";
}

std::string result_name(uint32_t ntstatus) { return detail::result_name(ntstatus); }

const DetailItem* Event::detail(DetailKey key) const
{
    for (const DetailItem& d : details) {
        if (d.key == key) return &d;
    }
    return nullptr;
}

std::optional<int64_t> Event::number(DetailKey key) const
{
    const DetailItem* d = detail(key);
    return d ? d->number : std::nullopt;
}

const DetailItem* Event::detail(std::string_view name) const
{
    for (const DetailItem& d : details) {
        if (d.name == name) return &d;
    }
    return nullptr;
}

std::optional<int64_t> Event::number(std::string_view name) const
{
    const DetailItem* d = detail(name);
    return d ? d->number : std::nullopt;
}

std::string Event::detail_text() const
{
    std::string s;
    for (const DetailItem& d : details) {
        if (!s.empty()) s += ", ";
        s += d.name;
        s += ": ";
        s += d.value;
    }
    return s;
}

RecordBytes locate_record(std::span<const uint8_t> file, uint64_t offset, unsigned pointer_size)
{
    if (offset > file.size() || file.size() - offset < kEventHeaderSize) {
        throw FormatError(offset, "truncated event: the file ends inside its header");
    }
    const Header h = read_header(file.subspan(offset, kEventHeaderSize), offset);
    const uint64_t size = kEventHeaderSize + uint64_t{h.stack_depth} * pointer_size + h.detail_size;
    if (size > file.size() - offset) {
        throw FormatError(offset, "truncated event: needs " + std::to_string(size) + " bytes, " +
                                      std::to_string(file.size() - offset) + " left in the file");
    }
    RecordBytes b;
    b.record = file.subspan(offset, size);
    if (h.extra_offset != 0) {
        const uint64_t at = offset + h.extra_offset;
        if (at > file.size() || file.size() - at < 2) {
            throw FormatError(offset, "extra details at event offset " + std::to_string(h.extra_offset) +
                                          " lie outside the file");
        }
        const uint16_t len = static_cast<uint16_t>(file[at] | (file[at + 1] << 8));
        if (len > file.size() - at - 2) {
            throw FormatError(at, "truncated extra details: " + std::to_string(len) + " bytes announced");
        }
        b.extra = file.subspan(at + 2, len);
        b.extra_offset = at + 2;
    }
    return b;
}

std::string detail::DetailContext::read_string(uint16_t info)
{
    const uint16_t chars = info & 0x7FFF;
    std::string s;
    if (info & 0x8000) {
        append_latin1(s, in.bytes(chars, "detail string"));
    } else {
        append_utf16(s, in.bytes(uint64_t{chars} * 2, "detail string"));
    }
    return s;
}

Event decode_event(const Tables& tables, const RecordBytes& bytes, uint64_t offset, uint32_t index,
                   const DecodeOptions& options)
{
    const Header h = read_header(bytes.record, offset);
    Event e;
    e.index = index;
    e.offset = offset;
    e.process_index = h.process_index;
    e.tid = h.tid;
    e.event_class = h.event_class <= 5 ? static_cast<EventClass>(h.event_class) : EventClass::Unknown;
    e.operation = h.operation;
    e.duration = h.duration;
    e.filetime = h.filetime;
    e.result = h.result;

    const unsigned psize = tables.pointer_size();
    ByteReader r(bytes.record, offset);
    r.skip(kEventHeaderSize, "event header");
    if (options.stack) {
        e.stack.resize(h.stack_depth);
        for (auto& frame : e.stack) frame = r.pointer(psize, "stack frame");
    } else {
        r.skip(uint64_t{h.stack_depth} * psize, "stack trace");
    }

    const std::string_view op = detail::operation_name(h.event_class, h.operation);
    e.operation_name = op.empty() ? "<Unknown>" : std::string(op);
    // The file-system sub-operation refines the name even when details are not wanted.
    if (e.event_class == EventClass::FileSystem && r.remaining() > 0) {
        std::span<const uint8_t> sub = bytes.record.subspan(r.pos(), 1);
        e.sub_operation = sub[0];
        if (e.sub_operation != 0 && detail::filesystem_has_sub_operations(h.operation)) {
            const std::string_view name = detail::filesystem_sub_operation_name(h.operation, e.sub_operation);
            e.operation_name = name.empty() ? "<Unknown>" : std::string(name);
        }
    }
    if (!options.details) return e;

    ByteReader in(bytes.record.subspan(r.pos()), offset + r.pos());
    detail::DetailContext c{tables, e, in, std::nullopt, psize};
    if (!bytes.extra.empty()) c.extra.emplace(bytes.extra, bytes.extra_offset);
    try {
        switch (e.event_class) {
        case EventClass::Process: detail::decode_process_details(c); break;
        case EventClass::Registry: detail::decode_registry_details(c); break;
        case EventClass::FileSystem: detail::decode_filesystem_details(c); break;
        case EventClass::Network: detail::decode_network_details(c); break;
        case EventClass::Profiling:
        case EventClass::Unknown: break;
        }
    } catch (const FormatError& err) {
        c.add(DetailKey::Damaged, err.what());
    }
    return e;
}

}  // namespace traceshark::procmon
