// Small helpers for adding generated items (values computed by Traceshark, not bytes of the record).
#pragma once

#include <epan/proto.h>

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace traceshark::epan {

// A generated string item; text that is not valid UTF-8 (kernel strings, damaged records) is repaired first,
// as Wireshark's strings must be UTF-8.
inline proto_item* add_generated_string(proto_tree* tree, int hf, tvbuff_t* tvb, std::string_view text)
{
    if (!tree) return nullptr;  // what proto_tree_add_string would do, without validating a copy first
    // An empty view may have no data at all (g_utf8_make_valid rejects a null pointer).
    gchar* valid = text.empty() ? g_strdup("") : g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    proto_item* item = proto_tree_add_string(tree, hf, tvb, 0, 0, valid);
    g_free(valid);
    proto_item_set_generated(item);
    return item;
}

// A count or byte total as a stats tree's int (they take gint): large totals stop at G_MAXINT instead of wrapping.
inline gint stats_int(uint64_t v) { return static_cast<gint>(std::min<uint64_t>(v, G_MAXINT)); }

}  // namespace traceshark::epan
