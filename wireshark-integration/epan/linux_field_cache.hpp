// The per-user cache of learned linux_trace_event fields (g_get_user_cache_dir()/traceshark/linux-fields.txt):
// "system event field FT_TYPE BASE" lines, append-only, deduplicated on load, one write() per event format so
// that concurrent writers do not interleave, corrupt lines ignored. Display filters and -e fields are compiled
// before a capture is read, so tshark registers every cached field at start-up. No Wireshark headers.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linux_field_type.hpp"

namespace traceshark::epan {

struct CachedField {
    std::string system, event, field;  // sanitised
    FieldFt ft = FieldFt::None;
    FieldBase base = FieldBase::None;
};

std::string cache_line(std::string_view system, std::string_view event, std::string_view field, FieldFt ft,
                       FieldBase base);
// nullopt for anything cache_line() cannot have written.
std::optional<CachedField> parse_cache_line(std::string_view line);

class FieldCacheFile {
public:
    explicit FieldCacheFile(std::string path) : path_(std::move(path)) {}
    // Fields of lines not seen yet (loaded or written by this process), in file order.
    std::vector<CachedField> load();
    // Appends the lines not known to be in the file, in one write(), after a newline if a torn line precedes.
    // A cache that cannot be written is no error: the fields still work in this run.
    void append(const std::vector<std::string>& lines);
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::set<std::string> known_;  // lines known to be in the file
};

}  // namespace traceshark::epan
