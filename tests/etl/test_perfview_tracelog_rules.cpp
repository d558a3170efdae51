// perfview::tracelog_rule on hand-built records: which events TraceLog (TraceEvent's TraceLog.cs) keeps out of
// its event stream. The corpus suite checks the same rules against PerfView's counts.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/tracelog_rules.hpp"

using namespace traceshark::etl;
using perfview::TraceLogRule;

namespace {

EventRecord kernel_record(const Guid& group, uint8_t opcode, const std::vector<uint8_t>& payload, uint8_t pointer = 8)
{
    EventRecord r;
    r.header_type = pointer == 8 ? HeaderType::PerfInfo64 : HeaderType::PerfInfo32;
    r.pointer_size = pointer;
    r.provider = group;
    r.descriptor.opcode = opcode;
    r.payload = payload;
    return r;
}

EventRecord clr(const char* provider, uint16_t id, const std::vector<uint8_t>& payload)
{
    EventRecord r;
    r.header_type = HeaderType::EventHeader64;
    r.provider = *Guid::parse(provider);
    r.descriptor.id = id;
    r.payload = payload;
    return r;
}

// SampledProfile: InstructionPointer (P bytes), ThreadId u32, Count u16, flags byte (bit 0 DPC, bit 1 ISR), ...
std::vector<uint8_t> sample(uint8_t pointer, uint32_t thread, uint8_t flags)
{
    std::vector<uint8_t> p(pointer + 8, 0);
    for (int i = 0; i < 4; ++i) p[pointer + i] = static_cast<uint8_t>(thread >> (8 * i));
    p[pointer + 4] = 1;  // Count
    p[pointer + 6] = flags;
    return p;
}

// MethodLoadUnloadVerbose: MethodID, ModuleID, MethodStartAddress (u64), MethodSize, MethodToken, MethodFlags.
std::vector<uint8_t> method(uint32_t flags)
{
    std::vector<uint8_t> p(40, 0);
    for (int i = 0; i < 4; ++i) p[32 + i] = static_cast<uint8_t>(flags >> (8 * i));
    return p;
}

constexpr const char* kRuntime = "e13c0d23-ccbc-4e12-931b-d9cc2eee27e4";
constexpr const char* kRundown = "a669021c-c450-4609-a035-5af59af4df18";

}  // namespace

BOOST_AUTO_TEST_SUITE(perfview_tracelog_rules)

BOOST_AUTO_TEST_CASE(idle_samples_are_removed_unless_in_a_dpc_or_isr)
{
    for (uint8_t P : {uint8_t{4}, uint8_t{8}}) {
        const auto idle = sample(P, 0, 0), dpc = sample(P, 0, 1), isr = sample(P, 0, 2), busy = sample(P, 584, 0);
        BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kPerfInfoGuid, 46, idle, P)) == TraceLogRule::IdleSample));
        BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kPerfInfoGuid, 46, dpc, P)) == TraceLogRule::Kept));
        BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kPerfInfoGuid, 46, isr, P)) == TraceLogRule::Kept));
        BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kPerfInfoGuid, 46, busy, P)) == TraceLogRule::Kept));
    }
    // Too short to tell: kept.
    BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kPerfInfoGuid, 46, {0, 0, 0})) == TraceLogRule::Kept));
}

BOOST_AUTO_TEST_CASE(kernel_bookkeeping)
{
    const std::vector<uint8_t> none;
    BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kThreadGuid, 3, none)) == TraceLogRule::ThreadRundown));
    BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kThreadGuid, 4, none)) == TraceLogRule::ThreadRundown));
    BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kThreadGuid, 1, none)) == TraceLogRule::Kept));  // Start
    for (const uint8_t op : std::vector<uint8_t>{0, 32, 35, 36})
        BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kFileIoGuid, op, none)) == TraceLogRule::FileName));
    BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kFileIoGuid, 64, none)) == TraceLogRule::Kept));  // Create
    for (const uint8_t op : std::vector<uint8_t>{32, 35, 36, 37, 38})
        BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kStackWalkGuid, op, none)) == TraceLogRule::KernelStack));
    BOOST_TEST((perfview::tracelog_rule(kernel_record(kernel::kProcessGuid, 3, none)) == TraceLogRule::Kept));
}

BOOST_AUTO_TEST_CASE(clr_bookkeeping)
{
    const std::vector<uint8_t> none;
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 82, none)) == TraceLogRule::ClrStack));
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 190, none)) == TraceLogRule::ClrILToNativeMap));
    BOOST_TEST((perfview::tracelog_rule(clr(kRundown, 150, none)) == TraceLogRule::ClrILToNativeMap));
    BOOST_TEST((perfview::tracelog_rule(clr(kRundown, 144, none)) == TraceLogRule::ClrMethodRundown));
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 139, none)) == TraceLogRule::ClrMethodRundown));
    // Method/LoadVerbose: kept when jitted (0x8) or dynamic (0x1), else bookkeeping.
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 143, method(0x8))) == TraceLogRule::Kept));
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 143, method(0x1))) == TraceLogRule::Kept));
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 143, method(0x2))) == TraceLogRule::ClrMethodNotJitted));
    // Method/UnloadVerbose: kept when jitted only.
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 144, method(0x1))) == TraceLogRule::ClrMethodNotJitted));
    BOOST_TEST((perfview::tracelog_rule(clr(kRuntime, 144, method(0x8))) == TraceLogRule::Kept));
    // Other providers' ids are theirs.
    BOOST_TEST((perfview::tracelog_rule(clr("01020304-0506-0708-090a-0b0c0d0e0f10", 82, none)) == TraceLogRule::Kept));
    BOOST_TEST(!perfview::describe(TraceLogRule::IdleSample).empty());
}

BOOST_AUTO_TEST_SUITE_END()
