// The standard levels, opcodes, keywords and channels every manifest may name with "win:" (winmeta.xml), with the
// display names Windows and PerfView give them.
#include "traceshark/etl/manifest.hpp"

#include <array>

namespace traceshark::etl::manifest {
namespace {

const std::array<Named, 6> kLevels{{
    {0, "win:LogAlways", "Log Always"},
    {1, "win:Critical", "Critical"},
    {2, "win:Error", "Error"},
    {3, "win:Warning", "Warning"},
    {4, "win:Informational", "Information"},
    {5, "win:Verbose", "Verbose"},
}};

// PerfView's opcode names for the standard opcodes (TraceEventOpcode): Info, Start, Stop, DCStart, DCStop, ...
const std::array<Named, 11> kOpcodes{{
    {0, "win:Info", "Info"},
    {1, "win:Start", "Start"},
    {2, "win:Stop", "Stop"},
    {3, "win:DC_Start", "DCStart"},
    {4, "win:DC_Stop", "DCStop"},
    {5, "win:Extension", "Extension"},
    {6, "win:Reply", "Reply"},
    {7, "win:Resume", "Resume"},
    {8, "win:Suspend", "Suspend"},
    {9, "win:Send", "Send"},
    {240, "win:Receive", "Receive"},
}};

const std::array<Named, 9> kKeywords{{
    {0, "win:AnyKeyword", "AnyKeyword"},
    {0x1000000000000, "win:ResponseTime", "Response Time"},
    {0x2000000000000, "win:WDIContext", "WDI Context"},
    {0x4000000000000, "win:WDIDiag", "WDI Diag"},
    {0x8000000000000, "win:SQM", "SQM"},
    {0x10000000000000, "win:AuditFailure", "Audit Failure"},
    {0x20000000000000, "win:AuditSuccess", "Audit Success"},
    {0x40000000000000, "win:CorrelationHint", "Correlation Hint"},
    {0x80000000000000, "win:EventlogClassic", "Classic"},
}};

const std::array<Named, 6> kChannels{{
    {0, "win:TraceClassic", "TraceClassic"},
    {8, "win:System", "System"},
    {9, "win:Application", "Application"},
    {10, "win:Security", "Security"},
    {11, "win:TraceLogging", "TraceLogging"},
    {12, "win:ProviderMetadata", "ProviderMetadata"},
}};

template <size_t N>
const Named* by_name(const std::array<Named, N>& table, std::string_view name)
{
    for (const Named& n : table)
        if (n.name == name) return &n;
    return nullptr;
}

template <size_t N>
const Named* by_value(const std::array<Named, N>& table, uint64_t value)
{
    for (const Named& n : table)
        if (n.value == value) return &n;
    return nullptr;
}

}  // namespace

const Named* standard_level(std::string_view name) { return by_name(kLevels, name); }
const Named* standard_level(uint64_t value) { return by_value(kLevels, value); }
const Named* standard_opcode(std::string_view name) { return by_name(kOpcodes, name); }
const Named* standard_opcode(uint64_t value) { return by_value(kOpcodes, value); }
const Named* standard_keyword(std::string_view name) { return by_name(kKeywords, name); }
const Named* standard_channel(std::string_view name) { return by_name(kChannels, name); }

}  // namespace traceshark::etl::manifest
