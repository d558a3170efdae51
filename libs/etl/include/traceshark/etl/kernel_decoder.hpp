// Payload decoder for the SystemTraceProvider ("NT Kernel Logger") MOF classes (kernel_classes.hpp): Process,
// Thread, Image (and hook 0x030A), FileIo, DiskIo, PageFault, TcpIp, UdpIp, Registry, PerfInfo, StackWalk,
// SystemConfig, ALPC, EventTrace, plus KernelTraceControl's SystemConfigEx. Kernel records (SYSTEM/COMPACT/
// PERFINFO) are keyed by HookId; classic FULL/INSTANCE records by their class GUID and Type. Names follow PerfView
// ("Windows Kernel/Process/DCStart"); layouts per class version and pointer size (the record's).
#pragma once

#include <memory>

#include "traceshark/etl/decoder.hpp"

namespace traceshark::etl {

class KernelDecoder final : public PayloadDecoder {
public:
    bool decode(const EventRecord& record, DecodedEvent& out) override;
};

std::unique_ptr<PayloadDecoder> make_kernel_decoder();

}  // namespace traceshark::etl
