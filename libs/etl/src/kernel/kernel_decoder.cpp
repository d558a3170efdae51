#include "traceshark/etl/kernel_decoder.hpp"

#include "layout.hpp"
#include "traceshark/etl/kernel_classes.hpp"

namespace traceshark::etl {

namespace kd = kernel_detail;

namespace {

using Lookup = bool (*)(const kd::KernelKey&, kd::EventInfo&);

Lookup lookup_for(kernel::Group g)
{
    using G = kernel::Group;
    switch (g) {
    case G::EventTrace: return kd::lookup_event_trace;
    case G::DiskIo: return kd::lookup_disk_io;
    case G::PageFault: return kd::lookup_page_fault;
    case G::Process: return kd::lookup_process;
    case G::FileIo: return kd::lookup_file_io;
    case G::Thread: return kd::lookup_thread;
    case G::TcpIp: return kd::lookup_tcp_ip;
    case G::UdpIp: return kd::lookup_udp_ip;
    case G::Registry: return kd::lookup_registry;
    case G::SystemConfig: return kd::lookup_system_config;
    case G::PerfInfo: return kd::lookup_perf_info;
    case G::Image: return kd::lookup_image;
    case G::StackWalk: return kd::lookup_stack_walk;
    case G::Alpc: return kd::lookup_alpc;
    }
    return nullptr;
}

struct Attempt {
    std::vector<Field> fields;
    kd::LayoutResult result;
    bool fits() const { return result.problem.empty(); }
};

Attempt run(const kd::EventInfo& info, std::span<const uint8_t> payload, kd::LayoutReading how)
{
    Attempt a;
    a.result = kd::decode_layout(info.layout, payload, how, a.fields);
    return a;
}

// The readings tried, best first: the record's pointer size; then a zeroed TOKEN_USER before the SID; then, for
// classic 32-bit headers only, 8-byte pointers (formats.md §3.7: sawbuck's *_64_* files put 64-bit payloads in
// FULL32 headers, and their file header says 4 too, so only the payload can tell). A reading is taken when it
// consumes the payload exactly; among those, the one whose strings have the fewest control characters (a 4-byte
// reading of an 8-byte Image V0 payload fits exactly too, but reads the high half of the ModuleSize as text).
Attempt best_reading(const kd::EventInfo& info, std::span<const uint8_t> payload, uint8_t record_p,
                     bool classic32)
{
    Attempt best = run(info, payload, {record_p, false});
    auto consider = [&](kd::LayoutReading how) {
        Attempt a = run(info, payload, how);
        if (!a.fits()) return;
        if (!best.fits() || a.result.odd_chars < best.result.odd_chars) best = std::move(a);
    };
    if (best.fits() && best.result.odd_chars == 0) return best;
    consider({record_p, true});
    if (classic32) {
        consider({8, false});
        consider({8, true});
    }
    return best;
}

}  // namespace

bool KernelDecoder::decode(const EventRecord& r, DecodedEvent& out)
{
    kd::KernelKey key;
    key.pointer_size = r.pointer_size == 4 ? 4 : 8;
    key.payload_size = r.payload.size();
    key.version = r.descriptor.version;
    Lookup lookup = nullptr;
    if (r.is_kernel()) {
        const uint8_t group = static_cast<uint8_t>(r.hook_id >> 8);
        key.opcode = static_cast<uint8_t>(r.hook_id & 0xFF);
        if (r.hook_id == kernel::opcode::kLegacyImageLoadHook) {
            lookup = kd::lookup_image;  // legacy Process/Load: an Image load with the Image layout
        } else if (const kernel::KernelClass* c = kernel::class_of_group(group)) {
            lookup = lookup_for(c->group);
        }
    } else if (r.header_type == HeaderType::Full32 || r.header_type == HeaderType::Full64 ||
               r.header_type == HeaderType::Instance32 || r.header_type == HeaderType::Instance64) {
        key.opcode = r.descriptor.opcode;
        if (r.provider == kernel::kSystemConfigExGuid) lookup = kd::lookup_system_config_ex;
        else if (const kernel::KernelClass* c = kernel::class_of_guid(r.provider)) lookup = lookup_for(c->group);
    }
    if (!lookup) return false;

    kd::EventInfo info;
    if (!lookup(key, info)) return false;
    DecodedEvent ev;
    ev.provider = std::string(info.provider);
    ev.task = std::string(info.task);
    if (info.opcode_number >= 0)
        ev.opcode = info.opcode.empty() ? "Opcode(" + std::to_string(info.opcode_number) + ")"
                                        : std::string(info.opcode);
    if (info.has_layout) {
        Attempt a = best_reading(info, r.payload, key.pointer_size, key.pointer_size == 4 && !r.is_kernel());
        ev.fields = std::move(a.fields);
        ev.problem = std::move(a.result.problem);
        ev.decoded = true;
    }
    out = std::move(ev);
    return true;
}

std::unique_ptr<PayloadDecoder> make_kernel_decoder()
{
    return std::make_unique<KernelDecoder>();
}

}  // namespace traceshark::etl
