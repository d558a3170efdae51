// File-system-class details. The record holds the sub-operation, a block of IRP parameters (whose layout
// depends on the operation and on the pointer size), the path, then operation-specific data; the extra
// details hold what the file system answered.
#include <array>
#include <string_view>

#include "details.hpp"
#include "details_file_information.hpp"
#include "names.hpp"
#include "text_format.hpp"
#include "utf16.hpp"

namespace traceshark::procmon::detail {

namespace {

// Open results that change the file, and dispositions that may.
bool open_result_writes(uint32_t r) { return r == 0 || r == 2 || r == 3; }     // Superseded, Created, Overwritten
bool open_result_reads(uint32_t r) { return r == 1 || r == 4 || r == 5; }      // Opened, Exists, DoesNotExist
bool disposition_allocates(uint32_t d) { return d == 0 || d == 2 || d == 3 || d == 5; }

struct Params {
    ByteReader r;
    unsigned psize;
    // Skips `n` bytes, plus 4 of alignment padding on 64-bit systems when `padded`.
    void skip(uint64_t n, bool padded = false) { r.skip(n + (padded && psize == 8 ? 4 : 0), "IRP parameters"); }
    // The filter-manager parameters (FLT_PARAMETERS, packed) start at 0xC.
    void seek_parameters(uint64_t offset = 0) { r.seek(0xC + offset, "IRP parameters"); }
};

void create_file(DetailContext& c, Params& p)
{
    const uint32_t access = c.in.u32("desired access");
    const uint8_t sid_length = c.in.u8("impersonation SID length");
    c.in.skip(3, "create file");
    p.skip(0x10, true);
    const uint32_t disposition_and_options = p.r.u32("create options");
    const uint32_t disposition = disposition_and_options >> 24;
    const uint32_t options = disposition_and_options & 0xFFFFFF;
    p.skip(0, true);
    const uint16_t attributes = p.r.u16("file attributes");
    const uint16_t share = p.r.u16("share access");
    p.skip(4 + 2 * uint64_t{p.psize});
    const uint32_t allocation = p.r.u32("allocation size");

    const std::string_view disposition_name = create_disposition(disposition);
    c.add(DetailKey::DesiredAccess, file_access_mask(access), access);
    c.add(DetailKey::Disposition, disposition_name.empty() ? "<unknown>" : std::string(disposition_name), disposition);
    c.add(DetailKey::Options, create_options(options), options);
    c.add(DetailKey::Attributes, create_attributes(attributes), attributes);
    c.add(DetailKey::ShareMode, share_mode(share), share);
    if (disposition_allocates(disposition)) {
        c.add(DetailKey::AllocationSize, with_thousands(allocation), allocation);
    } else {
        c.add(DetailKey::AllocationSize, "n/a");
    }
    if (sid_length) {
        // Procmon shows the account name; the log keeps only the SID.
        const auto sid = c.in.bytes(sid_length, "impersonation SID");
        std::string text;
        if (sid.size() >= 8 && sid[0] == 1 && sid.size() == 8 + 4u * sid[1]) {
            uint64_t authority = 0;
            for (int i = 2; i < 8; ++i) authority = authority << 8 | sid[static_cast<size_t>(i)];
            text = "S-1-";
            text += std::to_string(authority);
            for (size_t i = 8; i + 3 < sid.size(); i += 4) {
                text += '-';
                text += std::to_string(sid[i] | (sid[i + 1] << 8) | (sid[i + 2] << 16) | (uint32_t{sid[i + 3]} << 24));
            }
        }
        c.add(DetailKey::Impersonating, std::move(text));
    }
    bool have_result = false;
    uint32_t result = 0;
    if (c.extra && c.extra->remaining() >= 4) {
        result = c.extra->u32("open result");
        have_result = true;
        const std::string_view name = open_result(result);
        c.add(DetailKey::OpenResult, name.empty() ? "<unknown>" : std::string(name), result);
    }
    if (have_result && open_result_writes(result)) {
        c.event.category = "Write";
    } else if (have_result && open_result_reads(result)) {
    } else if (disposition != 1 && !disposition_name.empty()) {  // not Open
        c.event.category = "Write";
    }
}

void read_write(DetailContext& c, Params& p)
{
    const bool read = c.event.filesystem_operation() == FileSystemOperation::ReadFile;
    c.event.category = read ? "Read" : "Write";
    p.skip(4);
    const uint32_t flags_and_priority = p.r.u32("I/O flags");
    const uint32_t flags = flags_and_priority & 0xE000FF;
    const uint32_t priority = (flags_and_priority >> 17) & 7;
    p.skip(4);
    uint32_t length = p.r.u32("length");
    p.skip(0, true);
    p.skip(4, true);
    const auto offset = static_cast<int64_t>(p.r.u64("offset"));
    if (c.extra && c.extra->remaining() >= 4) length = c.extra->u32("transferred length");
    c.add(DetailKey::Offset, with_thousands(offset), offset);
    c.add(DetailKey::Length, with_thousands(length), length);
    if (flags) c.add(DetailKey::IoFlags, io_flags(flags), flags);
    if (priority) {
        const std::string_view name = io_priority(priority);
        c.add(DetailKey::Priority, name.empty() ? hex(priority) : std::string(name), priority);
    }
}

constexpr std::array<std::string_view, 3> kReadControls = {"FSCTL_OFFLOAD_READ", "FSCTL_GET_REPARSE_POINT",
                                                           "FSCTL_READ_RAW_ENCRYPTED"};
constexpr std::array<std::string_view, 6> kWriteControls = {
    "FSCTL_OFFLOAD_WRITE", "FSCTL_MOVE_FILE", "FSCTL_DELETE_REPARSE_POINT", "FSCTL_WRITE_RAW_ENCRYPTED",
    "FSCTL_PIPE_TRANSCEIVE", "FSCTL_PIPE_INTERNAL_TRANSCEIVE"};
constexpr std::array<std::string_view, 11> kWriteMetadataControls = {
    "FSCTL_SET_COMPRESSION", "FSCTL_WRITE_PROPERTY_DATA", "FSCTL_SET_OBJECT_ID", "FSCTL_DELETE_OBJECT_ID",
    "FSCTL_SET_REPARSE_POINT", "FSCTL_SET_SPARSE", "FSCTL_SET_ENCRYPTION", "FSCTL_CREATE_USN_JOURNAL",
    "FSCTL_WRITE_USN_CLOSE_RECORD", "FSCTL_EXTEND_VOLUME", "FSCTL_DELETE_USN_JOURNAL"};
constexpr std::array<std::string_view, 17> kReadMetadataControls = {
    "FSCTL_QUERY_RETRIEVAL_POINTERS", "FSCTL_GET_COMPRESSION", "FSCTL_QUERY_FAT_BPB",
    "FSCTL_FILESYSTEM_GET_STATISTICS", "FSCTL_GET_NTFS_VOLUME_DATA", "FSCTL_GET_NTFS_FILE_RECORD",
    "FSCTL_GET_VOLUME_BITMAP", "FSCTL_GET_RETRIEVAL_POINTERS", "FSCTL_IS_VOLUME_DIRTY", "FSCTL_READ_PROPERTY_DATA",
    "FSCTL_FIND_FILES_BY_SID", "FSCTL_GET_OBJECT_ID", "FSCTL_READ_USN_JOURNAL", "FSCTL_SET_OBJECT_ID_EXTENDED",
    "FSCTL_CREATE_OR_GET_OBJECT_ID", "FSCTL_READ_FILE_USN_DATA", "FSCTL_QUERY_USN_JOURNAL"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name)
{
    for (auto n : names) {
        if (n == name) return true;
    }
    return false;
}

void io_control(DetailContext& c, Params& p)
{
    p.skip(8);
    const uint32_t write_length = p.r.u32("output length");
    const uint32_t read_length = p.r.u32("input length");
    p.skip(0, true);
    p.skip(4, true);
    const uint32_t code = p.r.u32("control code");
    const std::string name = ioctl_name(code);
    c.add(DetailKey::Control, name, code);
    if (listed(kReadControls, name)) {
        c.event.category = "Read";
    } else if (listed(kWriteControls, name)) {
        c.event.category = "Write";
    } else if (listed(kWriteMetadataControls, name)) {
        c.event.category = "Write Metadata";
    } else if (listed(kReadMetadataControls, name)) {
        c.event.category = "Read Metadata";
    }
    if (c.event.filesystem_operation() != FileSystemOperation::FileSystemControl) return;
    if (name == "FSCTL_PIPE_INTERNAL_WRITE") {
        c.add(DetailKey::Length, with_thousands(write_length), write_length);
    } else if (name == "FSCTL_PIPE_INTERNAL_READ") {
        c.add(DetailKey::Length, with_thousands(read_length), read_length);
    } else if (name == "FSCTL_OFFLOAD_READ" || name == "FSCTL_OFFLOAD_WRITE") {
        // FSCTL_OFFLOAD_READ_INPUT / _WRITE_INPUT follow the path.
        c.in.skip(name == "FSCTL_OFFLOAD_READ" ? 16 : 8, "offload input");
        const auto offset = static_cast<int64_t>(c.in.u64("offload offset"));
        const auto length = static_cast<int64_t>(c.in.u64("offload length"));
        c.add(DetailKey::Offset, with_thousands(offset), offset);
        c.add(DetailKey::Length, with_thousands(length), length);
    } else if (name == "FSCTL_PIPE_TRANSCEIVE" || name == "FSCTL_PIPE_INTERNAL_TRANSCEIVE") {
        c.add(DetailKey::WriteLength, with_thousands(write_length), write_length);
        c.add(DetailKey::ReadLength, with_thousands(read_length), read_length);
    }
}

// FILE_*_DIRECTORY_INFORMATION chains: the names found, numbered as Procmon numbers them.
void directory_entries(DetailContext& c, uint32_t info_class, bool filtered)
{
    // Offsets of FileNameLength and FileName in each structure, by information class.
    uint32_t name_length_at = 0, name_at = 0;
    switch (info_class) {
    case 1: name_length_at = 0x3C; name_at = 0x40; break;  // FileDirectoryInformation
    case 2: name_length_at = 0x3C; name_at = 0x44; break;  // FileFullDirectoryInformation
    case 3: name_length_at = 0x3C; name_at = 0x5E; break;  // FileBothDirectoryInformation
    case 12: name_length_at = 0x08; name_at = 0x0C; break; // FileNamesInformation
    case 37: name_length_at = 0x3C; name_at = 0x68; break; // FileIdBothDirectoryInformation
    case 38: name_length_at = 0x3C; name_at = 0x50; break; // FileIdFullDirectoryInformation
    default: return;
    }
    ByteReader& x = *c.extra;
    const size_t total = x.remaining();
    int number = filtered ? 1 : 0;
    size_t at = 0;
    while (true) {
        ByteReader entry = x;
        entry.seek(at, "directory entry");
        const uint32_t next = entry.u32("next entry offset");
        entry.seek(at + name_length_at, "directory entry");
        const uint32_t len = entry.u32("file name length");
        entry.seek(at + name_at, "directory entry");
        c.event.details.push_back({DetailKey::DirectoryEntry, std::to_string(number++),
                                   from_utf16(entry.bytes(std::min<uint64_t>(len, entry.remaining()), "file name")),
                                   {}});
        if (next == 0 || at + next >= total) break;
        at += next;
    }
}

void query_directory(DetailContext& c, Params& p)
{
    c.event.category = "Read Metadata";
    const uint16_t filter_info = c.in.u16("directory filter info");
    const std::string filter = c.read_string(filter_info);
    if (!filter.empty()) {
        if (c.event.path.empty() || c.event.path.back() != '\\') c.event.path += '\\';
        c.event.path += filter;
        c.add(DetailKey::Filter, filter);
    }
    p.skip(0x10, true);
    p.skip(4, true);
    const uint32_t info_class = p.r.u32("file information class");
    if (c.extra) directory_entries(c, info_class, !filter.empty());
    // Procmon's list keeps the information class in its third slot, over the entry that was there.
    DetailItem cls = DetailContext::named(DetailKey::FileInformationClass,
                                          std::string(file_information_class(info_class)), info_class);
    auto& d = c.event.details;
    if (d.size() == 2) {
        d.push_back(std::move(cls));
    } else if (d.size() > 2) {
        d[2] = std::move(cls);
    }
}

void create_file_mapping(DetailContext& c, Params& p)
{
    p.skip(0xC);
    const uint32_t sync_type = p.r.u32("sync type");
    // Procmon shows the word at 0xC + pointer size (on 64-bit that is not PageProtection but half a pointer);
    // the column is Procmon's, so the value is too.
    p.r.seek(0xC + p.psize, "page protection");
    const uint32_t protection = p.r.u32("page protection");
    c.add(DetailKey::SyncType, std::string(section_sync_type(sync_type)), sync_type);
    const std::string prot = page_protection(protection);
    if (!prot.empty()) c.add(DetailKey::PageProtection, prot, protection);
}

// Byte-range locks: the range start is in the parameters, its length (a pointer there) follows the path.
void lock_control(DetailContext& c, Params& p)
{
    const auto sub = static_cast<LockControlOperation>(c.event.sub_operation);
    if (sub != LockControlOperation::LockFile && sub != LockControlOperation::UnlockFileSingle) return;
    p.seek_parameters(2 * uint64_t{p.psize});
    const auto offset = static_cast<int64_t>(p.r.u64("lock offset"));
    p.seek_parameters(3 * uint64_t{p.psize} + 8);
    const bool fail_immediately = p.r.u8("fail immediately");
    const bool exclusive = p.r.u8("exclusive lock");
    // Procmon shows the low 32 bits of the 64-bit length.
    const uint32_t length = c.in.u32("lock length");
    if (sub == LockControlOperation::LockFile) c.add(DetailKey::Exclusive, exclusive ? "True" : "False", exclusive);
    c.add(DetailKey::Offset, with_thousands(offset), offset);
    c.add(DetailKey::Length, with_thousands(length), length);
    if (sub == LockControlOperation::LockFile)
        c.add(DetailKey::FailImmediately, fail_immediately ? "True" : "False", fail_immediately);
}

}  // namespace

void decode_filesystem_details(DetailContext& c)
{
    c.in.skip(4, "sub-operation");
    Params p{ByteReader(c.in.bytes(5 * uint64_t{c.pointer_size} + 0x14, "IRP parameters"), c.in.offset()),
             c.pointer_size};
    const uint16_t path_info = c.in.u16("path info");
    c.in.skip(2, "file system details");
    c.event.path = c.read_string(path_info);

    const uint8_t sub = c.event.sub_operation;
    using enum FileSystemOperation;
    switch (c.event.filesystem_operation()) {
    case CreateFile: create_file(c, p); return;
    case ReadFile:
    case WriteFile: read_write(c, p); return;
    case FileSystemControl:
    case DeviceIoControl: io_control(c, p); return;
    case CreateFileMapping: create_file_mapping(c, p); return;
    case QueryInformationFile: query_file_information(c, sub); return;
    case SetInformationFile: set_file_information(c, sub); return;
    case QueryVolumeInformation: query_volume_information(c, sub); return;
    case QueryEaFile: c.event.category = "Read Metadata"; return;
    case SetEaFile: c.event.category = "Write Metadata"; return;
    case QuerySecurityFile:
    case SetSecurityFile: {
        c.event.category = c.event.filesystem_operation() == QuerySecurityFile ? "Read Metadata" : "Write Metadata";
        p.seek_parameters();
        const uint32_t info = p.r.u32("security information");
        c.add(DetailKey::Information, security_information(info), info);
        return;
    }
    case LockUnlockFile: lock_control(c, p); return;
    case AcquireForModWrite: {
        const auto end = static_cast<int64_t>(c.in.u64("ending offset"));
        c.add(DetailKey::EndingOffset, with_thousands(end), end);
        return;
    }
    case MdlReadComplete: {
        p.seek_parameters();
        const uint64_t mdl = p.r.pointer(p.psize, "MDL");
        c.add(DetailKey::Mdl, hex(mdl), static_cast<int64_t>(mdl));
        return;
    }
    case DirectoryControl: break;
    default: return;
    }
    switch (static_cast<DirectoryControlOperation>(sub)) {
    case DirectoryControlOperation::QueryDirectory: query_directory(c, p); break;
    case DirectoryControlOperation::NotifyChangeDirectory: {
        c.event.category = "Read Metadata";
        p.skip(0x10, true);
        const uint32_t filter = p.r.u32("notify filter");
        c.add(DetailKey::Filter, notify_change_filter(filter), filter);
        break;
    }
    }
}

}  // namespace traceshark::procmon::detail
