// The detail items the library produces (Procmon's Detail column, item by item), as typed keys, with the name
// Procmon shows for each and a filter-safe name for tools that give items fields of their own (Wireshark's
// procmon.detail.<filter_name> and procmon.value.<filter_name>).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace traceshark::procmon {

enum class DetailKey : uint8_t {
    DesiredAccess,
    GrantedAccess,
    Disposition,
    Options,
    Attributes,
    ShareMode,
    AllocationSize,
    Impersonating,
    OpenResult,
    Offset,
    Length,
    IoFlags,
    Priority,
    Control,
    WriteLength,
    ReadLength,
    Filter,
    FileInformationClass,
    SyncType,
    PageProtection,
    Information,
    Exclusive,
    FailImmediately,
    EndingOffset,
    Mdl,
    Delete,
    CreationTime,
    LastAccessTime,
    LastWriteTime,
    ChangeTime,
    FileAttributes,
    EndOfFile,
    NumberOfLinks,
    DeletePending,
    Directory,
    IndexNumber,
    EaSize,
    Access,
    Position,
    Mode,
    AlignmentRequirement,
    ReparseTag,
    Name,
    VolumeCreationTime,
    VolumeSerialNumber,
    SupportsObjects,
    VolumeLabel,
    TotalAllocationUnits,
    AvailableAllocationUnits,
    CallerAvailableAllocationUnits,
    ActualAvailableAllocationUnits,
    SectorsPerAllocationUnit,
    BytesPerSector,
    FileSystemAttributes,
    MaximumComponentNameLength,
    FileSystemName,
    ObjectId,
    Query,
    Index,
    SubKeys,
    Values,
    HandleTags,
    UserFlags,
    Type,
    Data,
    KeySetInformationClass,
    Wow64Flags,
    HivePath,
    NewName,
    Pid,
    CommandLine,
    ParentPid,
    CurrentDirectory,
    Environment,
    ExitStatus,
    UserTime,
    KernelTime,
    PrivateBytes,
    PeakPrivateBytes,
    WorkingSet,
    PeakWorkingSet,
    ThreadId,
    ImageBase,
    ImageSize,
    Damaged,
    // Items without a name of their own in this table:
    DirectoryEntry,  // one entry of a directory listing; named by its number ("0", "1", ...)
    Other,           // a name the log supplies itself (the key/value pairs of network events)
};

struct DetailKeyInfo {
    DetailKey key;
    std::string_view name;         // as Procmon shows it: "Desired Access"
    std::string_view filter_name;  // lower case, digits and '_': "desired_access"
    bool numeric;                  // the item can carry its value as a number too (DetailItem::number)
};

inline constexpr size_t kNamedDetailKeyCount = static_cast<size_t>(DetailKey::DirectoryEntry);

// Every named key, in DetailKey order.
inline constexpr std::array<DetailKeyInfo, kNamedDetailKeyCount> kDetailKeys = {{
    {DetailKey::DesiredAccess, "Desired Access", "desired_access", true},
    {DetailKey::GrantedAccess, "Granted Access", "granted_access", true},
    {DetailKey::Disposition, "Disposition", "disposition", true},
    {DetailKey::Options, "Options", "options", true},
    {DetailKey::Attributes, "Attributes", "attributes", true},
    {DetailKey::ShareMode, "ShareMode", "share_mode", true},
    {DetailKey::AllocationSize, "AllocationSize", "allocation_size", true},
    {DetailKey::Impersonating, "Impersonating", "impersonating", false},
    {DetailKey::OpenResult, "OpenResult", "open_result", true},
    {DetailKey::Offset, "Offset", "offset", true},
    {DetailKey::Length, "Length", "length", true},
    {DetailKey::IoFlags, "I/O Flags", "i_o_flags", true},
    {DetailKey::Priority, "Priority", "priority", true},
    {DetailKey::Control, "Control", "control", true},
    {DetailKey::WriteLength, "WriteLength", "write_length", true},
    {DetailKey::ReadLength, "ReadLength", "read_length", true},
    {DetailKey::Filter, "Filter", "filter", true},
    {DetailKey::FileInformationClass, "FileInformationClass", "file_information_class", true},
    {DetailKey::SyncType, "SyncType", "sync_type", true},
    {DetailKey::PageProtection, "PageProtection", "page_protection", true},
    {DetailKey::Information, "Information", "information", true},
    {DetailKey::Exclusive, "Exclusive", "exclusive", true},
    {DetailKey::FailImmediately, "Fail Immediately", "fail_immediately", true},
    {DetailKey::EndingOffset, "EndingOffset", "ending_offset", true},
    {DetailKey::Mdl, "MDL", "m_d_l", true},
    {DetailKey::Delete, "Delete", "delete", true},
    {DetailKey::CreationTime, "CreationTime", "creation_time", true},
    {DetailKey::LastAccessTime, "LastAccessTime", "last_access_time", true},
    {DetailKey::LastWriteTime, "LastWriteTime", "last_write_time", true},
    {DetailKey::ChangeTime, "ChangeTime", "change_time", true},
    {DetailKey::FileAttributes, "FileAttributes", "file_attributes", true},
    {DetailKey::EndOfFile, "EndOfFile", "end_of_file", true},
    {DetailKey::NumberOfLinks, "NumberOfLinks", "number_of_links", true},
    {DetailKey::DeletePending, "DeletePending", "delete_pending", true},
    {DetailKey::Directory, "Directory", "directory", true},
    {DetailKey::IndexNumber, "IndexNumber", "index_number", true},
    {DetailKey::EaSize, "EaSize", "ea_size", true},
    {DetailKey::Access, "Access", "access", true},
    {DetailKey::Position, "Position", "position", true},
    {DetailKey::Mode, "Mode", "mode", true},
    {DetailKey::AlignmentRequirement, "AlignmentRequirement", "alignment_requirement", true},
    {DetailKey::ReparseTag, "ReparseTag", "reparse_tag", true},
    {DetailKey::Name, "Name", "name", false},
    {DetailKey::VolumeCreationTime, "VolumeCreationTime", "volume_creation_time", true},
    {DetailKey::VolumeSerialNumber, "VolumeSerialNumber", "volume_serial_number", true},
    {DetailKey::SupportsObjects, "SupportsObjects", "supports_objects", true},
    {DetailKey::VolumeLabel, "VolumeLabel", "volume_label", false},
    {DetailKey::TotalAllocationUnits, "TotalAllocationUnits", "total_allocation_units", true},
    {DetailKey::AvailableAllocationUnits, "AvailableAllocationUnits", "available_allocation_units", true},
    {DetailKey::CallerAvailableAllocationUnits, "CallerAvailableAllocationUnits", "caller_available_allocation_units", true},
    {DetailKey::ActualAvailableAllocationUnits, "ActualAvailableAllocationUnits", "actual_available_allocation_units", true},
    {DetailKey::SectorsPerAllocationUnit, "SectorsPerAllocationUnit", "sectors_per_allocation_unit", false},
    {DetailKey::BytesPerSector, "BytesPerSector", "bytes_per_sector", false},
    {DetailKey::FileSystemAttributes, "FileSystemAttributes", "file_system_attributes", true},
    {DetailKey::MaximumComponentNameLength, "MaximumComponentNameLength", "maximum_component_name_length", true},
    {DetailKey::FileSystemName, "FileSystemName", "file_system_name", false},
    {DetailKey::ObjectId, "ObjectId", "object_id", false},
    {DetailKey::Query, "Query", "query", true},
    {DetailKey::Index, "Index", "index", true},
    {DetailKey::SubKeys, "SubKeys", "sub_keys", true},
    {DetailKey::Values, "Values", "values", true},
    {DetailKey::HandleTags, "HandleTags", "handle_tags", true},
    {DetailKey::UserFlags, "UserFlags", "user_flags", true},
    {DetailKey::Type, "Type", "type", true},
    {DetailKey::Data, "Data", "data", false},
    {DetailKey::KeySetInformationClass, "KeySetInformationClass", "key_set_information_class", true},
    {DetailKey::Wow64Flags, "Wow64Flags", "wow64flags", true},
    {DetailKey::HivePath, "Hive Path", "hive_path", false},
    {DetailKey::NewName, "New Name", "new_name", false},
    {DetailKey::Pid, "PID", "p_i_d", true},
    {DetailKey::CommandLine, "Command line", "command_line", false},
    {DetailKey::ParentPid, "Parent PID", "parent_p_i_d", true},
    {DetailKey::CurrentDirectory, "Current directory", "current_directory", false},
    {DetailKey::Environment, "Environment", "environment", false},
    {DetailKey::ExitStatus, "Exit Status", "exit_status", true},
    {DetailKey::UserTime, "User Time", "user_time", true},
    {DetailKey::KernelTime, "Kernel Time", "kernel_time", true},
    {DetailKey::PrivateBytes, "Private Bytes", "private_bytes", true},
    {DetailKey::PeakPrivateBytes, "Peak Private Bytes", "peak_private_bytes", true},
    {DetailKey::WorkingSet, "Working Set", "working_set", true},
    {DetailKey::PeakWorkingSet, "Peak Working Set", "peak_working_set", true},
    {DetailKey::ThreadId, "Thread ID", "thread_i_d", true},
    {DetailKey::ImageBase, "Image Base", "image_base", true},
    {DetailKey::ImageSize, "Image Size", "image_size", true},
    {DetailKey::Damaged, "Damaged", "damaged", false},
}};

static_assert(
    [] {
        for (size_t i = 0; i < kDetailKeys.size(); ++i) {
            if (static_cast<size_t>(kDetailKeys[i].key) != i) return false;
        }
        return true;
    }(),
    "kDetailKeys lists every named key once, in DetailKey order");

// The table entry of a named key; nullptr for DirectoryEntry and Other.
constexpr const DetailKeyInfo* detail_key_info(DetailKey key)
{
    const auto i = static_cast<size_t>(key);
    return i < kDetailKeys.size() ? &kDetailKeys[i] : nullptr;
}

}  // namespace traceshark::procmon
