#include "traceshark/wsmeta/pml_tables.hpp"

#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::wsmeta {

std::string encode_pml_tables(const PmlTables& t)
{
    return encode_parts({{"pointer_size", std::to_string(t.pointer_size)},
                         {"strings", t.strings},
                         {"processes", t.processes},
                         {"hosts_and_ports", t.hosts_and_ports}});
}

std::optional<PmlTables> decode_pml_tables(std::string_view blob)
{
    auto parts = decode_parts(blob);
    if (!parts) return std::nullopt;
    PmlTables t;
    for (Part& p : *parts) {
        if (p.name == "pointer_size") t.pointer_size = p.data == "4" ? 4 : 8;
        else if (p.name == "strings") t.strings = std::move(p.data);
        else if (p.name == "processes") t.processes = std::move(p.data);
        else if (p.name == "hosts_and_ports") t.hosts_and_ports = std::move(p.data);
    }
    return t;
}

}  // namespace traceshark::wsmeta
