// Procmon's display names for the numeric values stored in PML events: operations, NTSTATUS results,
// access masks, flags and information classes, spelled exactly as Procmon writes them in its CSV export.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace traceshark::procmon::detail {

// Operation names. `event_class` 1 Process, 2 Registry, 3 File System, 4 Profiling, 5 Network.
// Unknown values give "" (the caller prints "<Unknown>").
std::string_view operation_name(uint32_t event_class, uint16_t operation);
// File-system operations whose first detail byte refines the name (e.g. QueryInformationFile + 4 ->
// "QueryBasicInformationFile", DirectoryControl + 1 -> "QueryDirectory"). "" when `operation` has no
// sub-operations or `sub_operation` is unknown.
std::string_view filesystem_sub_operation_name(uint16_t operation, uint8_t sub_operation);
// True when `operation` is a file-system operation that has sub-operations.
bool filesystem_has_sub_operations(uint16_t operation);

// The Result column: "SUCCESS", "NAME NOT FOUND", ... ; unknown codes as "0x%X" (e.g. "0xC00000BB").
std::string result_name(uint32_t ntstatus);

// "Desired Access" of registry and file-system opens ("Read", "All Access", "Generic Read/Execute", ...).
std::string registry_access_mask(uint32_t mask);
std::string file_access_mask(uint32_t mask);
// CreateFile details.
std::string_view create_disposition(uint32_t disposition);  // "Open", "OverwriteIf", ... "" if unknown
std::string create_options(uint32_t options);                // "Synchronous IO Non-Alert, Non-Directory File"
std::string create_attributes(uint32_t attributes);          // "N", "A", ... "n/a" for 0
std::string share_mode(uint32_t share);                       // "Read, Write, Delete", "None" for 0
std::string_view open_result(uint32_t result);                // "Opened", "Created", ... "" if unknown
// Read/WriteFile details.
std::string io_flags(uint32_t flags);                        // "Non-cached, Paging I/O, Synchronous Paging I/O"
std::string_view io_priority(uint32_t priority);             // "Normal", ... "" if unknown
// FSCTL_ / IOCTL_ names for DeviceIoControl and FileSystemControl; unknown codes as Procmon shows them.
std::string ioctl_name(uint32_t code);
std::string_view file_information_class(uint32_t cls);       // "FileIdBothDirectoryInformation", ...
std::string notify_change_filter(uint32_t flags);            // "FILE_NOTIFY_CHANGE_FILE_NAME, ..."
// File attribute letters as Procmon prints FileAttributes in query results ("ANCI", "HSANCI", ...).
std::string file_attribute_letters(uint32_t attributes);
// Registry.
std::string reg_type_name(uint32_t type);                    // "REG_SZ", ... "<Unknown: N>"
std::string_view key_information_class(uint32_t cls);        // RegQueryKey "Query:" names: "Name", "HandleTags", ...
std::string_view key_set_information_class(uint32_t cls);    // "KeyWriteTimeInformation", ...
std::string_view key_value_information_class(uint32_t cls);  // "KeyValuePartialInformation", ...
std::string_view reg_disposition(uint32_t disposition);      // "REG_CREATED_NEW_KEY", ... "" if unknown
// CreateFileMapping.
std::string_view section_sync_type(uint32_t sync_type);      // "SyncTypeOther", "SyncTypeCreateSection"
std::string page_protection(uint32_t protection);            // "PAGE_READONLY", "PAGE_EXECUTE_READ|PAGE_NOCACHE"
// QuerySecurityFile / SetSecurityFile "Information:" (SECURITY_INFORMATION bits): "Owner, Group, DACL", ...
std::string security_information(uint32_t flags);

}  // namespace traceshark::procmon::detail
