// Presets users add as files (docs/extcap.md, "Preset files"): one preset per file NAME.preset in a preset
// directory, offered in the interface options next to the built-in ones.
//
//   # comment
//   description: Block I/O: requests issued and completed
//   block:block_rq_issue
//   block:block_rq_complete, irq:*
//
// Directories: TRACESHARK_PRESET_PATH (colon-separated) when set, else $XDG_CONFIG_HOME/traceshark/presets (or
// ~/.config/traceshark/presets) and then /etc/traceshark/presets; a name found earlier wins. A setuid-root extcap
// reads them with the caller's own rights.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "presets.hpp"

namespace traceshark::extcap {

// Hard limits: a preset file is small text.
inline constexpr size_t kMaxPresetFileBytes = 64 * 1024;
inline constexpr size_t kMaxPresetEvents = 1024;
inline constexpr size_t kMaxPresetFilesPerDirectory = 256;

// The preset a file's text describes; `name` comes from the file name, `path` names it in errors. Throws
// std::runtime_error "PATH:LINE: what is wrong" (never quoting more of the file than the offending word).
Preset parse_preset_file(std::string_view text, const std::string& name, const std::string& path);

// Whether `name` may name a preset: 1 to 32 letters, digits, '-' or '_'.
bool valid_preset_name(std::string_view name);

std::vector<std::string> preset_directories();

struct PresetCatalog {
    std::vector<Preset> presets;        // the built-in ones first, then those of the files
    std::vector<std::string> problems;  // files that could not be used, each with its reason
};

// The built-in presets and those of the *.preset files in `directories` (missing directories are no problem).
PresetCatalog load_presets(const std::vector<std::string>& directories);

}  // namespace traceshark::extcap
