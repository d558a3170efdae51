// The FILE_*_INFORMATION and FILE_FS_*_INFORMATION structures of query/set information requests, as Procmon
// shows them. Queries carry the answer in the extra details; sets carry the new values after the path.
#include <array>
#include <cstdio>
#include <string_view>

#include "details.hpp"
#include "details_file_information.hpp"
#include "names.hpp"
#include "text_format.hpp"
#include "utf16.hpp"

namespace traceshark::procmon::detail {

namespace {

std::string yes_no(bool b) { return b ? "True" : "False"; }

void add_time(DetailContext& c, DetailKey key, ByteReader& r)
{
    const uint64_t t = r.u64(key_name(key));
    c.add(key, filetime_date_time(t), static_cast<int64_t>(t));
}

void add_size(DetailContext& c, DetailKey key, ByteReader& r)
{
    const auto v = static_cast<int64_t>(r.u64(key_name(key)));
    c.add(key, with_thousands(v), v);
}

void add_attributes(DetailContext& c, DetailKey key, uint32_t attributes)
{
    c.add(key, attributes ? file_attribute_letters(attributes) : "n/a", attributes);
}

// FILE_BASIC_INFORMATION: four times and the attributes.
void basic(DetailContext& c, ByteReader& r)
{
    add_time(c, DetailKey::CreationTime, r);
    add_time(c, DetailKey::LastAccessTime, r);
    add_time(c, DetailKey::LastWriteTime, r);
    add_time(c, DetailKey::ChangeTime, r);
    add_attributes(c, DetailKey::FileAttributes, r.u32("file attributes"));
}

// FILE_STANDARD_INFORMATION.
void standard(DetailContext& c, ByteReader& r)
{
    add_size(c, DetailKey::AllocationSize, r);
    add_size(c, DetailKey::EndOfFile, r);
    const uint32_t links = r.u32("number of links");
    c.add(DetailKey::NumberOfLinks, with_thousands(links), links);
    const bool delete_pending = r.u8("delete pending");
    const bool directory = r.u8("directory");
    c.add(DetailKey::DeletePending, yes_no(delete_pending), delete_pending);
    c.add(DetailKey::Directory, yes_no(directory), directory);
}

std::string_view alignment_name(uint32_t a)
{
    switch (a) {
    case 0: return "Byte";
    case 1: return "Word";
    case 3: return "Long";
    case 7: return "Quad";
    case 0xF: return "Octa";
    case 0x1F: return "32 Byte";
    case 0x3F: return "64 Byte";
    case 0x7F: return "128 Byte";
    case 0xFF: return "256 Byte";
    case 0x1FF: return "512 Byte";
    default: return {};
    }
}

// FILE_ALL_INFORMATION: basic, standard, internal, EA, access, position, mode, alignment (the name is left out).
void all(DetailContext& c, ByteReader& r)
{
    basic(c, r);
    r.skip(4, "file information");
    standard(c, r);
    r.skip(2, "file information");
    const uint64_t index = r.u64("index number");
    c.add(DetailKey::IndexNumber, hex(index), static_cast<int64_t>(index));
    const uint32_t ea = r.u32("EA size");
    c.add(DetailKey::EaSize, with_thousands(ea), ea);
    const uint32_t access = r.u32("access flags");
    c.add(DetailKey::Access, file_access_mask(access), access);
    add_size(c, DetailKey::Position, r);
    const uint32_t mode = r.u32("mode");
    c.add(DetailKey::Mode, create_options(mode), mode);
    const uint32_t alignment = r.u32("alignment");
    const std::string_view name = alignment_name(alignment);
    c.add(DetailKey::AlignmentRequirement, name.empty() ? hex(alignment) : std::string(name), alignment);
}

// FILE_NETWORK_OPEN_INFORMATION. Procmon prints its two sizes as dates; so do we, to match it.
void network_open(DetailContext& c, ByteReader& r)
{
    add_time(c, DetailKey::CreationTime, r);
    add_time(c, DetailKey::LastAccessTime, r);
    add_time(c, DetailKey::LastWriteTime, r);
    add_time(c, DetailKey::ChangeTime, r);
    add_time(c, DetailKey::AllocationSize, r);
    add_time(c, DetailKey::EndOfFile, r);
    add_attributes(c, DetailKey::FileAttributes, r.u32("file attributes"));
}

// FILE_FS_ATTRIBUTE_INFORMATION flags, in Procmon's order; leftover bits follow in hex.
constexpr std::array<std::pair<uint32_t, std::string_view>, 12> kVolumeAttributes = {{
    {0x2, "Case Preserved"}, {0x1, "Case Sensitive"}, {0x4, "Unicode"}, {0x8, "ACLs"}, {0x10, "Compression"},
    {0x40000, "Named Streams"}, {0x20000, "EFS"}, {0x10000, "Object IDs"}, {0x80, "Reparse Points"},
    {0x40, "Sparse Files"}, {0x20, "Quotas"}, {0x200000, "Transactions"},
}};

std::string volume_attributes(uint32_t flags)
{
    std::string s;
    for (const auto& [bit, name] : kVolumeAttributes) {
        if (!(flags & bit)) continue;
        if (!s.empty()) s += ", ";
        s += name;
        flags &= ~bit;
    }
    if (flags) {
        if (!s.empty()) s += ", ";
        s += hex(flags);
    }
    return s;
}

std::string counted_name(ByteReader& r, const char* what)
{
    const uint32_t len = r.u32(what);
    return from_utf16(r.bytes(std::min<uint64_t>(len, r.remaining()), what));
}

}  // namespace

void query_file_information(DetailContext& c, uint8_t info_class)
{
    c.event.category = "Read Metadata";
    if (!c.extra) return;
    ByteReader& r = *c.extra;
    switch (info_class) {
    case 4: basic(c, r); break;
    case 5: standard(c, r); break;
    case 6: {
        const uint64_t index = r.u64("index number");
        c.add(DetailKey::IndexNumber, hex(index), static_cast<int64_t>(index));
        break;
    }
    case 9: c.add(DetailKey::Name, counted_name(r, "file name")); break;
    case 18: all(c, r); break;
    case 34: network_open(c, r); break;
    case 35: {  // FILE_ATTRIBUTE_TAG_INFORMATION
        add_attributes(c, DetailKey::Attributes, r.u32("file attributes"));
        const uint32_t tag = r.u32("reparse tag");
        c.add(DetailKey::ReparseTag, hex(tag), tag);
        break;
    }
    default: break;
    }
}

void set_file_information(DetailContext& c, uint8_t info_class)
{
    c.event.category = "Write Metadata";
    ByteReader& r = c.in;
    switch (info_class) {
    case 4: basic(c, r); break;
    case 13: {  // FILE_DISPOSITION_INFORMATION
        const bool del = r.u8("delete flag") != 0;
        c.add(DetailKey::Delete, yes_no(del), del);
        c.event.category = del ? "Write" : "";
        break;
    }
    case 19: add_size(c, DetailKey::AllocationSize, r); break;
    case 20: add_size(c, DetailKey::EndOfFile, r); break;
    default: break;
    }
}

void query_volume_information(DetailContext& c, uint8_t info_class)
{
    if (!c.extra) return;
    ByteReader& r = *c.extra;
    switch (info_class) {
    case 1: {  // FILE_FS_VOLUME_INFORMATION
        add_time(c, DetailKey::VolumeCreationTime, r);
        const uint32_t serial = r.u32("volume serial number");
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04X-%04X", serial >> 16, serial & 0xFFFF);
        const uint32_t label_length = r.u32("volume label length");
        const bool objects = r.u8("supports objects");
        r.skip(1, "volume information");
        c.add(DetailKey::VolumeSerialNumber, buf, serial);
        c.add(DetailKey::SupportsObjects, yes_no(objects), objects);
        c.add(DetailKey::VolumeLabel,
              from_utf16(r.bytes(std::min<uint64_t>(label_length, r.remaining()), "volume label")));
        break;
    }
    case 3:  // FILE_FS_SIZE_INFORMATION
        add_size(c, DetailKey::TotalAllocationUnits, r);
        add_size(c, DetailKey::AvailableAllocationUnits, r);
        c.add(DetailKey::SectorsPerAllocationUnit, with_thousands(r.u32("sectors per unit")));
        c.add(DetailKey::BytesPerSector, with_thousands(r.u32("bytes per sector")));
        break;
    case 5: {  // FILE_FS_ATTRIBUTE_INFORMATION
        const uint32_t flags = r.u32("file system attributes");
        const auto max_name = static_cast<int32_t>(r.u32("maximum component name length"));
        c.add(DetailKey::FileSystemAttributes, volume_attributes(flags), flags);
        c.add(DetailKey::MaximumComponentNameLength, with_thousands(max_name), max_name);
        c.add(DetailKey::FileSystemName, counted_name(r, "file system name"));
        break;
    }
    case 7:  // FILE_FS_FULL_SIZE_INFORMATION
        add_size(c, DetailKey::TotalAllocationUnits, r);
        add_size(c, DetailKey::CallerAvailableAllocationUnits, r);
        add_size(c, DetailKey::ActualAvailableAllocationUnits, r);
        c.add(DetailKey::SectorsPerAllocationUnit, with_thousands(r.u32("sectors per unit")));
        c.add(DetailKey::BytesPerSector, with_thousands(r.u32("bytes per sector")));
        break;
    case 8: {  // FILE_FS_OBJECTID_INFORMATION
        static const char* digits = "0123456789ABCDEF";
        std::string id;
        for (uint8_t b : r.bytes(16, "object id")) {
            id += digits[b >> 4];
            id += digits[b & 15];
        }
        c.add(DetailKey::ObjectId, std::move(id));
        break;
    }
    default: break;
    }
}

}  // namespace traceshark::procmon::detail
