// The blob of kind "pml-tables" (machine_info.hpp): a Procmon log's string, process and hosts/ports tables as the
// log holds them, so that its events decode without the log. Encoder and decoder side by side (round-trip tests,
// fuzz/fuzz_wsmeta_pml_tables.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace traceshark::wsmeta {

struct PmlTables {
    unsigned pointer_size = 8;  // 4 or 8: the log's pointer width
    std::string strings, processes, hosts_and_ports;

    bool operator==(const PmlTables&) const = default;
};

std::string encode_pml_tables(const PmlTables& tables);
// nullopt when the blob is not a list of parts (a missing table decodes as empty, an unknown width as 8).
std::optional<PmlTables> decode_pml_tables(std::string_view blob);

}  // namespace traceshark::wsmeta
