#include "registry_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {
    {10, "Create"}, {11, "Open"}, {12, "Delete"}, {13, "Query"}, {14, "SetValue"}, {15, "DeleteValue"},
    {16, "QueryValue"}, {17, "EnumerateKey"}, {18, "EnumerateValueKey"}, {19, "QueryMultipleValue"},
    {20, "SetInformation"}, {21, "Flush"}, {22, "KCBCreate"}, {23, "KCBDelete"}, {24, "KCBRundownBegin"},
    {25, "KCBRundownEnd"}, {26, "Virtualize"}, {27, "Close"}, {28, "SetSecurity"}, {29, "QuerySecurity"},
    {34, "Counters"}, {35, "Config"},
};
}  // namespace

bool lookup_registry(const KernelKey& k, EventInfo& info)
{
    info.task = "Registry";
    name_opcode(info, kNames, k.opcode);
    if (k.opcode >= 10 && k.opcode <= 29 && k.version >= 2) set_layout(info, registry::kV2);
    else if (k.opcode == 34 || k.opcode == 35) set_layout(info, registry::kRaw);
    return true;
}

}  // namespace traceshark::etl::kernel_detail
