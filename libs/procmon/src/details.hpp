// The per-class decoders of an event's detail structure (the bytes after the stack trace).
#pragma once

#include <optional>
#include <string>

#include "byte_reader.hpp"
#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/tables.hpp"

namespace traceshark::procmon::detail {

// A named key's name as a C string, for ByteReader's "what" (the table's names are string literals).
inline const char* key_name(DetailKey key) { return kDetailKeys[static_cast<size_t>(key)].name.data(); }

struct DetailContext {
    const Tables& tables;
    Event& event;
    ByteReader& in;                   // the detail structure
    std::optional<ByteReader> extra;  // the extra-detail block, when the event has one
    unsigned pointer_size;

    // An item of a named key (not DetailKey::DirectoryEntry or Other), under the name the key table gives it.
    static DetailItem named(DetailKey key, std::string value, std::optional<int64_t> number = std::nullopt)
    {
        return {key, std::string(kDetailKeys[static_cast<size_t>(key)].name), std::move(value), number};
    }
    void add(DetailKey key, std::string value) { event.details.push_back(named(key, std::move(value))); }
    void add(DetailKey key, std::string value, int64_t number)
    {
        event.details.push_back(named(key, std::move(value), number));
    }
    // A "detail string": u16 info (bit 15 = one byte per character, else UTF-16; bits 0-14 = characters).
    std::string read_string(uint16_t info);
};

void decode_process_details(DetailContext& c);
void decode_registry_details(DetailContext& c);
void decode_filesystem_details(DetailContext& c);
void decode_network_details(DetailContext& c);

}  // namespace traceshark::procmon::detail
