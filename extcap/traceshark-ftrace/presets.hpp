// The event sets the extcap offers in Wireshark's interface options ("presets"), and the resolution of a user's
// event list ("system:event", shell globs) against the events the running kernel has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace traceshark::extcap {

struct Preset {
    std::string name;     // the value passed as --presets NAME[,NAME...]
    std::string display;  // shown in the dialog
    std::vector<std::string> events;  // "system:event", globs allowed
    std::string source{};  // "" for a built-in preset, else its file (preset_files.hpp)
};

// processes (the default), files, network, scheduler, syscalls; tools/traceshark-record records the same ones.
const std::vector<Preset>& builtin_presets();
inline constexpr std::string_view kDefaultPreset = "processes";

struct EventName {
    std::string system, name;
    bool operator==(const EventName&) const = default;
    bool operator<(const EventName& o) const { return system != o.system ? system < o.system : name < o.name; }
};

// The events of the presets of `catalog` named in `preset_list` (comma-separated) and of the patterns in `extra`
// (comma- or space-separated "system:event" or "system/event", globs allowed), matched against `available`.
// Throws std::runtime_error naming an unknown preset, a pattern of `extra` or of a preset file that matches no
// available event (and the file it came from), or a built-in preset none of whose events the kernel has. The
// patterns of a built-in preset this kernel lacks are left out, and added to `missing` when given.
std::vector<EventName> resolve_events(const std::vector<Preset>& catalog, std::string_view preset_list,
                                      std::string_view extra, const std::vector<EventName>& available,
                                      std::vector<std::string>* missing = nullptr);

}  // namespace traceshark::extcap
