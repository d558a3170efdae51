// libFuzzer target: the kernel MOF decoder on arbitrary payloads. Input: u16 hook id, u8 version, u8 flags (bit 0:
// 32-bit record, bit 1: classic FULL header keyed by class GUID), payload.
#include <cstdint>
#include <cstdlib>

#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_decoder.hpp"

using namespace traceshark::etl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 4) return 0;
    EventRecord r;
    r.hook_id = static_cast<uint16_t>(data[0] | data[1] << 8);
    r.descriptor.version = data[2];
    const bool p32 = data[3] & 1;
    r.pointer_size = p32 ? 4 : 8;
    if (data[3] & 2) {
        r.header_type = p32 ? HeaderType::Full32 : HeaderType::Full64;
        const kernel::KernelClass* c = kernel::class_of_group(data[1]);
        r.provider = c ? c->guid : kernel::kSystemConfigExGuid;
        r.descriptor.opcode = data[0];
    } else {
        r.header_type = p32 ? HeaderType::System32 : HeaderType::System64;
    }
    r.payload = {data + 4, size - 4};
    KernelDecoder d;
    DecodedEvent e;
    if (d.decode(r, e)) {
        (void)e.name();
        for (const Field& f : e.fields) (void)f.value.to_string();
    }
    return 0;
}
