// Which events PerfView's TraceLog keeps in its event stream. TraceLog (TraceEvent's TraceLog.cs, the ETL ->
// ETLX conversion every PerfView view and the TraceEvent baselines read) consumes some events as bookkeeping:
// it uses them to build its process/thread/module/stack tables and leaves them out of TraceLog.Events (unless
// KeepAllEvents is set). Counting what PerfView counts means applying these rules; each names where it lives.
// The verdict needs the raw record only (no decoder): CLR method flags and sample flags are read at their
// fixed offsets.
#pragma once

#include <string_view>

#include "traceshark/etl/record.hpp"

namespace traceshark::etl::perfview {

enum class TraceLogRule : uint8_t {
    Kept,
    ThreadRundown,        // kernel Thread DCStart/DCStop: ThreadStartGroup/ThreadEndGroup callbacks
    FileName,             // kernel FileIO Name/FileCreate/FileDelete/FileRundown (FileIONameTraceData)
    KernelStack,          // StackWalk Stack, StackKeyKernel/User, KeyDelete/KeyRundown: attached to their events
    ClrStack,             // CLR ClrStack/Walk (runtime id 82, private id 151): attached to their events
    ClrILToNativeMap,     // CLR Method/ILToNativeMap (190), rundown Method/ILToNativeMapDCStop (150)
    ClrMethodRundown,     // rundown Method/DCStopVerbose (144), runtime DCStartVerboseV2/DCStopVerboseV2 (139/140)
    ClrMethodNotJitted,   // Method/LoadVerbose (143), rundown DCStartVerbose (143), UnloadVerbose (144) of code
                          // that was not jitted (and, for loads, not dynamic): only the method table needs them
    IdleSample,           // PerfInfo/Sample of thread 0 not executing a DPC or ISR (PerfInfoSample callback)
};

// The rule that removes `record` from TraceLog's stream (Kept if none does).
TraceLogRule tracelog_rule(const EventRecord& record);
// Where in TraceEvent the rule lives and what it says, for messages and documentation.
std::string_view describe(TraceLogRule rule);

}  // namespace traceshark::etl::perfview
