#include "machine_directory.hpp"

#include "traceshark/wsmeta/pml_tables.hpp"

#include <exception>
#include <span>

namespace traceshark::epan {

namespace wm = traceshark::wsmeta;

void MachineDirectory::clear() { *this = MachineDirectory(); }

void MachineDirectory::add_interface(uint32_t id, std::string_view name, std::optional<std::string_view> description)
{
    if (id + 1 > interfaces_) interfaces_ = id + 1;
    if (!description) return;
    if (auto m = wm::parse_record_interface_description(*description)) {
        by_interface_[id] = *m;
        by_key_.try_emplace(m->key, *m);  // the same key twice (merges) is fine: first one wins
        return;
    }
    if (meta_.add(name, *description)) {
        // Metadata met late (IDBs after records in single-pass reading): retry machines that lacked it.
        std::erase_if(renderers_, [](const auto& kv) { return !kv.second.renderer; });
        std::erase_if(pml_tables_, [](const auto& kv) { return !kv.second.tables; });
    }
}

const wm::MachineInfo* MachineDirectory::interface_machine(uint32_t id) const
{
    auto it = by_interface_.find(id);
    return it == by_interface_.end() ? nullptr : &it->second;
}

std::vector<uint64_t> MachineDirectory::machine_keys() const
{
    std::vector<uint64_t> keys;
    for (const auto& entry : by_key_) keys.push_back(entry.first);
    return keys;
}

const wm::MachineInfo* MachineDirectory::machine(uint64_t key) const
{
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : &it->second;
}

EventRenderer* MachineDirectory::renderer(uint64_t key, std::string* error)
{
    auto it = renderers_.find(key);
    if (it == renderers_.end()) {
        Built b;
        std::string why;
        MachineMetadata md;
        if (auto f = meta_.blob(key, wm::kKindFormats, &why)) {
            md.formats = std::move(*f);
            // Symbols and command lines only improve the text; their absence is not fatal.
            md.kallsyms = meta_.blob(key, wm::kKindKallsyms).value_or("");
            md.printk = meta_.blob(key, wm::kKindPrintk).value_or("");
            md.cmdlines = meta_.blob(key, wm::kKindCmdlines).value_or("");
            try {
                b.renderer = std::make_unique<EventRenderer>(std::move(md));
            } catch (const std::exception& e) {
                b.error = e.what();
            }
        } else {
            b.error = why;
        }
        it = renderers_.emplace(key, std::move(b)).first;
    }
    if (error) *error = it->second.error;
    return it->second.renderer.get();
}

const procmon::Tables* MachineDirectory::pml_tables(uint64_t key, std::string* error)
{
    auto it = pml_tables_.find(key);
    if (it == pml_tables_.end()) {
        BuiltTables b;
        std::string why;
        if (auto blob = meta_.blob(key, wm::kKindPmlTables, &why)) {
            try {
                // Malformed parts leave every table empty: Tables::parse says what is wrong with that.
                const wm::PmlTables t = wm::decode_pml_tables(*blob).value_or(wm::PmlTables{});
                auto span = [](const std::string& s) {
                    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
                };
                b.tables = std::make_unique<procmon::Tables>(procmon::Tables::parse(
                    t.pointer_size, span(t.strings), 0, span(t.processes), 0, span(t.hosts_and_ports), 0));
            } catch (const std::exception& e) {
                b.error = e.what();
            }
        } else {
            b.error = why;
        }
        it = pml_tables_.emplace(key, std::move(b)).first;
    }
    if (error) *error = it->second.error;
    return it->second.tables.get();
}

const wsmeta::EtlMachine* MachineDirectory::etl_machine(uint64_t key, std::string* error)
{
    auto it = etl_machines_.find(key);
    if (it == etl_machines_.end()) {
        std::string why;
        std::optional<wsmeta::EtlMachine> m;
        if (auto blob = meta_.blob(key, wm::kKindEtlHeader, &why)) {
            m = wsmeta::decode_etl_machine(*blob);
            if (!m) why = "the etl-header metadata is not a list of parts";
        }
        it = etl_machines_.emplace(key, std::make_pair(std::move(m), std::move(why))).first;
    }
    if (error) *error = it->second.second;
    return it->second.first ? &*it->second.first : nullptr;
}

std::optional<wsmeta::GuestLink> MachineDirectory::guest_link(uint64_t key, std::string* error) const
{
    std::string why;
    std::optional<wsmeta::GuestLink> link;
    if (auto blob = meta_.blob(key, wm::kKindGuestLink, &why)) {
        link = wsmeta::decode_guest_link(*blob);
        if (!link) why = "the guest-link metadata is malformed";
    }
    if (error) *error = why;
    return link;
}

}  // namespace traceshark::epan
