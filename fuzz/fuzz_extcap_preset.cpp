// The extcap's preset-file parser on arbitrary text: a preset or an error naming the line, and every event it
// keeps is one resolve_events can take (system:event, no separator of its own inside).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "preset_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const traceshark::extcap::Preset p = traceshark::extcap::parse_preset_file(text, "fuzz", "fuzz.preset");
        if (p.events.empty() || p.events.size() > traceshark::extcap::kMaxPresetEvents) __builtin_trap();
        for (const auto& e : p.events)
            if (e.empty() || e.find_first_of(", \t\n") != std::string::npos || e.find_first_of(":/") == std::string::npos)
                __builtin_trap();
        if (p.display.find_first_of("{}\n") != std::string::npos) __builtin_trap();
    } catch (const std::runtime_error&) {
    }
    return 0;
}
