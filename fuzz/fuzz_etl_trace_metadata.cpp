// libFuzzer target: KernelTraceControl events. The input is split into an EventInfo payload (TRACE_EVENT_INFO),
// an EventMapInfo payload (GUID + EVENT_MAP_INFO) and the payload of an event the learned schema describes:
// u8 flags (bit 0: 32-bit pointers), u16 EventInfo length, its bytes, u16 EventMapInfo length, its bytes, rest.
// The rest also goes through the ImageID decoder with every opcode it knows.
#include <cstdint>
#include <span>

#include "traceshark/etl/kernel_trace_control.hpp"

using namespace traceshark::etl;

namespace {

std::span<const uint8_t> take(const uint8_t*& p, size_t& left)
{
    if (left < 2) {
        left = 0;
        return {};
    }
    size_t n = static_cast<size_t>(p[0] | p[1] << 8);
    p += 2;
    left -= 2;
    if (n > left) n = left;
    const std::span<const uint8_t> s(p, n);
    p += n;
    left -= n;
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t flags = data[0];
    const uint8_t* p = data + 1;
    size_t left = size - 1;
    const std::span<const uint8_t> info = take(p, left), map = take(p, left), rest(p, left);

    TraceMetadataDecoder d;
    EventRecord r;
    r.header_type = HeaderType::Full64;
    r.pointer_size = flags & 1 ? 4 : 8;
    r.provider = kernel_trace_control::metadata_class();
    DecodedEvent e;
    r.descriptor.opcode = 32;
    r.payload = info;
    (void)d.decode(r, e);
    r.descriptor.opcode = 33;
    r.payload = map;
    e = {};
    (void)d.decode(r, e);
    // The described event, as TRACE_EVENT_INFO names it (provider GUID @0, descriptor @32), both as a manifest
    // event and as a classic one (event GUID @16).
    kernel_trace_control::EventSchema s;
    std::string problem;
    if (kernel_trace_control::parse_event_info(info, s, problem)) {
        EventRecord ev;
        ev.header_type = HeaderType::EventHeader64;
        ev.pointer_size = r.pointer_size;
        ev.provider = s.provider;
        ev.descriptor = s.descriptor;
        ev.payload = rest;
        e = {};
        (void)d.decode(ev, e);
        for (const Field& f : e.fields) (void)f.value.to_string();
        ev.header_type = HeaderType::Full64;
        ev.provider = s.event_guid;
        e = {};
        (void)d.decode(ev, e);
    }
    auto image = make_image_id_decoder();
    EventRecord im;
    im.header_type = HeaderType::Full64;
    im.pointer_size = r.pointer_size;
    im.provider = kernel_trace_control::image_id_class();
    im.payload = rest;
    for (uint8_t op : {0, 32, 36, 37, 38, 40, 64}) {
        im.descriptor.opcode = op;
        e = {};
        (void)image->decode(im, e);
        for (const Field& f : e.fields) (void)f.value.to_string();
    }
    return 0;
}
