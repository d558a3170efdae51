// TraceLog's bookkeeping events (TraceLog.cs, SetupCallbacks and the copy loop in CopyRawEvents): a callback
// sets bookKeepingEvent (or removeFromStream) and the event is not written to the ETLX event stream.
#include "traceshark/etl/tracelog_rules.hpp"

#include "traceshark/etl/kernel_classes.hpp"

namespace traceshark::etl::perfview {
namespace {

// Microsoft-Windows-DotNETRuntime, -Rundown and -Private (ClrTraceEventParser / ClrPrivateTraceEventParser).
constexpr Guid kClrRuntime{0xe13c0d23, 0xccbc, 0x4e12, {0x93, 0x1b, 0xd9, 0xcc, 0x2e, 0xee, 0x27, 0xe4}};
constexpr Guid kClrRundown{0xa669021c, 0xc450, 0x4609, {0xa0, 0x35, 0x5a, 0xf5, 0x9a, 0xf4, 0xdf, 0x18}};
constexpr Guid kClrPrivate{0x763fd754, 0x7086, 0x4dfe, {0x95, 0xeb, 0xc0, 0x1a, 0x46, 0xfa, 0xf4, 0xca}};

// MethodLoadUnloadVerbose: MethodID, ModuleID, MethodStartAddress (u64 each), MethodSize, MethodToken,
// MethodFlags (u32); MethodFlags bit 0x1 = dynamic, 0x8 = jitted (TraceEvent's MethodFlags enum).
constexpr size_t kMethodFlagsOffset = 32;
constexpr uint32_t kMethodDynamic = 0x1, kMethodJitted = 0x8;

bool method_flags(const EventRecord& r, uint32_t& flags)
{
    if (r.payload.size() < kMethodFlagsOffset + 4) return false;
    const uint8_t* p = r.payload.data() + kMethodFlagsOffset;
    flags = uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
    return true;
}

TraceLogRule clr_rule(const EventRecord& r)
{
    const uint16_t id = r.descriptor.id;
    uint32_t flags = 0;
    if (r.provider == kClrRuntime) {
        if (id == 82) return TraceLogRule::ClrStack;
        if (id == 190) return TraceLogRule::ClrILToNativeMap;
        if (id == 139 || id == 140) return TraceLogRule::ClrMethodRundown;
        if (id == 143 && method_flags(r, flags) && !(flags & (kMethodDynamic | kMethodJitted)))
            return TraceLogRule::ClrMethodNotJitted;
        if (id == 144 && method_flags(r, flags) && !(flags & kMethodJitted)) return TraceLogRule::ClrMethodNotJitted;
    } else if (r.provider == kClrRundown) {
        if (id == 150) return TraceLogRule::ClrILToNativeMap;
        if (id == 144) return TraceLogRule::ClrMethodRundown;
        if (id == 143 && method_flags(r, flags) && !(flags & (kMethodDynamic | kMethodJitted)))
            return TraceLogRule::ClrMethodNotJitted;
    } else if (r.provider == kClrPrivate) {
        if (id == 151) return TraceLogRule::ClrStack;
    }
    return TraceLogRule::Kept;
}

TraceLogRule kernel_rule(const EventRecord& r)
{
    const kernel::KernelClass* c = kernel::class_of_guid(r.provider);
    if (!c) return TraceLogRule::Kept;
    const uint8_t op = r.descriptor.opcode;
    switch (c->group) {
    case kernel::Group::Thread:
        return op == 3 || op == 4 ? TraceLogRule::ThreadRundown : TraceLogRule::Kept;
    case kernel::Group::FileIo:
        return op == 0 || op == 32 || op == 35 || op == 36 ? TraceLogRule::FileName : TraceLogRule::Kept;
    case kernel::Group::StackWalk:
        return op == 32 || (op >= 35 && op <= 38) ? TraceLogRule::KernelStack : TraceLogRule::Kept;
    case kernel::Group::PerfInfo: {
        if (op != 46) return TraceLogRule::Kept;
        // SampledProfile: InstructionPointer (pointer), ThreadId u32, Count u16, then a byte whose bits 0/1 say
        // ExecutingDPC / ExecutingISR (TraceEvent's NonProcess).
        const size_t P = r.pointer_size == 4 ? 4 : 8;
        if (r.payload.size() < P + 7) return TraceLogRule::Kept;
        const uint8_t* t = r.payload.data() + P;
        const uint32_t thread = uint32_t{t[0]} | uint32_t{t[1]} << 8 | uint32_t{t[2]} << 16 | uint32_t{t[3]} << 24;
        const bool non_process = (t[6] & 3) != 0;
        return thread == 0 && !non_process ? TraceLogRule::IdleSample : TraceLogRule::Kept;
    }
    default: return TraceLogRule::Kept;
    }
}

}  // namespace

TraceLogRule tracelog_rule(const EventRecord& r)
{
    if (r.is_event_header()) return clr_rule(r);
    return kernel_rule(r);
}

std::string_view describe(TraceLogRule rule)
{
    switch (rule) {
    case TraceLogRule::Kept: return "kept";
    case TraceLogRule::ThreadRundown:
        return "TraceLog.cs ThreadStartGroup/ThreadEndGroup: Thread DCStart/DCStop are bookkeeping (thread table)";
    case TraceLogRule::FileName:
        return "TraceLog.cs FileIONameTraceData callback: FileIO Name/FileCreate/FileDelete/FileRundown are "
               "bookkeeping (file name table)";
    case TraceLogRule::KernelStack:
        return "TraceLog.cs StackWalkStack/StackKeyKernel/StackKeyUser/StackWalkDef: stacks are attached to the "
               "events they belong to, not kept as events";
    case TraceLogRule::ClrStack:
        return "TraceLog.cs clrStackWalk callback: ClrStack/Walk is attached to its event";
    case TraceLogRule::ClrILToNativeMap:
        return "TraceLog.cs MethodILToNativeMap / MethodILToNativeMapDCStop: bookkeeping (IL maps)";
    case TraceLogRule::ClrMethodRundown:
        return "TraceLog.cs onMethodDCStop / MethodDCStartVerboseV2: method rundown is bookkeeping (method table)";
    case TraceLogRule::ClrMethodNotJitted:
        return "TraceLog.cs onMethodStart / MethodUnloadVerbose: loads of code neither jitted nor dynamic are "
               "bookkeeping";
    case TraceLogRule::IdleSample:
        return "TraceLog.cs PerfInfoSample callback: samples of thread 0 that are not in a DPC or ISR are removed";
    }
    return "";
}

}  // namespace traceshark::etl::perfview
