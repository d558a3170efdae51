// Per-capture-file index of the machines described by Traceshark interface blocks (no Wireshark headers):
// record interfaces give the machine's identity by key, metadata-only interfaces its formats and symbols.
// The dissector feeds it every interface of the open file and asks for an EventRenderer by machine key.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event_renderer.hpp"
#include "traceshark/procmon/tables.hpp"
#include "traceshark/wsmeta/etl_machine.hpp"
#include "traceshark/wsmeta/guest_link.hpp"
#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::epan {

class MachineDirectory {
public:
    void clear();
    // One interface block of the capture, as epan_get_interface_name/description return them.
    void add_interface(uint32_t id, std::string_view name, std::optional<std::string_view> description);
    uint32_t interfaces_seen() const { return interfaces_; }

    // The machine of a record interface, by interface id; nullptr if that interface is not a Traceshark one.
    const wsmeta::MachineInfo* interface_machine(uint32_t id) const;
    // Any record interface's description of the machine with this key.
    const wsmeta::MachineInfo* machine(uint64_t key) const;
    // Keys of every machine a record interface described.
    std::vector<uint64_t> machine_keys() const;
    bool has_machines() const { return !by_key_.empty(); }

    // The renderer for this machine's events, built from its metadata on first use; nullptr (with the reason
    // in *error) when the capture lacks the metadata.
    EventRenderer* renderer(uint64_t key, std::string* error);

    // The Procmon tables of this machine (log), parsed from its metadata on first use; nullptr (with the reason
    // in *error) when the capture lacks them.
    const procmon::Tables* pml_tables(uint64_t key, std::string* error);

    // The EventTrace header of this machine (ETW trace), decoded from its metadata on first use; nullptr (with
    // the reason in *error) when the capture lacks it.
    const wsmeta::EtlMachine* etl_machine(uint64_t key, std::string* error);

    // The guest-link metadata of this machine (trace.dat: trace ids, GUEST options), decoded anew on each call;
    // nullopt (with the reason in *error) when the capture has none or it is damaged.
    std::optional<wsmeta::GuestLink> guest_link(uint64_t key, std::string* error) const;

private:
    uint32_t interfaces_ = 0;
    std::map<uint32_t, wsmeta::MachineInfo> by_interface_;
    std::map<uint64_t, wsmeta::MachineInfo> by_key_;
    wsmeta::MetaAssembler meta_;
    struct Built {
        std::unique_ptr<EventRenderer> renderer;
        std::string error;
    };
    std::map<uint64_t, Built> renderers_;
    struct BuiltTables {
        std::unique_ptr<procmon::Tables> tables;
        std::string error;
    };
    std::map<uint64_t, BuiltTables> pml_tables_;
    std::map<uint64_t, std::pair<std::optional<wsmeta::EtlMachine>, std::string>> etl_machines_;
};

}  // namespace traceshark::epan
