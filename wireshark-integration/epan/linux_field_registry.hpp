// The linux_trace_event.data.* fields of this process: one hf per (system, event, field), shared by all machines
// and captures (Wireshark keeps pointers to the registrations until it exits), and the per-user field cache.
// One object, created by proto_register_linux_trace_event and destroyed by its shutdown routine.
//
// When a field name can be used in a filter
//   * GUI: a field is registered the first time an event of its format is dissected, so it is usable in the
//     display filter as soon as the file is open.
//   * tshark -Y / -R / -e: filters are compiled before the file is read, so every field of the cache
//     (linux_field_cache.hpp) is registered at start-up: tshark knows a field from the second run on.
//   * The first run: linux_field_discovery.hpp.
//   If a later machine's format gives a name another type, the first type is kept and the item gets an expert note.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linux_field_cache.hpp"
#include "linux_field_plan.hpp"

struct tep_event;

namespace traceshark::epan {

class RuntimeFields;

class LinuxFieldRegistry {
public:
    LinuxFieldRegistry(int proto, std::string cache_path);
    ~LinuxFieldRegistry();
    LinuxFieldRegistry(const LinuxFieldRegistry&) = delete;
    LinuxFieldRegistry& operator=(const LinuxFieldRegistry&) = delete;

    // Registers the field unless a field of that name exists (then returns the existing one).
    Registered* field(const std::string& abbrev, std::string_view display, FieldFt ft, FieldBase base,
                      std::string_view blurb);
    // Registers every valid cache line not registered yet.
    void load_cache();
    // Registers the fields of an event (and remembers them in the cache); returns how each is to be shown.
    std::vector<FieldPlan> register_event(tep_event* ev);
    // Registers the fields of a tracefs format text.
    void register_text_format(const std::string& system, const std::string& event, std::string_view text);

private:
    FieldCacheFile cache_;
    std::unordered_map<std::string, std::unique_ptr<Registered>> fields_;  // by filter name
    std::unique_ptr<RuntimeFields> hfs_;  // owns the registrations Wireshark points into
};

}  // namespace traceshark::epan
