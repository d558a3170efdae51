// Procmon's display names for operations, access masks, flags and information classes (the NTSTATUS and IOCTL
// tables are in names_results.cpp and names_ioctl.cpp). Spellings, orders and separators were checked against
// Procmon 3.53 CSV exports paired event by event with the PML files they were saved from.
#include "names.hpp"

#include <array>
#include <charconv>
#include <span>

#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/operations.hpp"

namespace traceshark::procmon::detail {

namespace {

struct Flag {
    uint32_t bits;
    std::string_view name;
};

// Procmon renders masks greedily: entries are tried in table order, and an entry whose bits are all present is
// printed and its bits removed, so composite names ("Read", "Generic Read") hide the single bits they cover.
// Bits that no entry covers are dropped silently.
std::string join_flags(uint32_t mask, std::span<const Flag> flags, std::string_view separator)
{
    std::string out;
    for (const Flag& f : flags) {
        if ((mask & f.bits) != f.bits) continue;
        if (!out.empty()) out += separator;
        out += f.name;
        mask &= ~f.bits;
    }
    return out;
}

std::string hex(uint32_t v)
{
    std::array<char, 8> buf{};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v, 16);
    return std::string(buf.data(), res.ptr);
}

// Dense lookup built at compile time from a sparse {value, name} list, so sub-operation and class lookups are one
// array index per event.
struct Named {
    uint32_t value;
    std::string_view name;
};

template <size_t Size, size_t N>
constexpr std::array<std::string_view, Size> dense(const std::array<Named, N>& entries)
{
    std::array<std::string_view, Size> out{};
    for (const Named& e : entries) out[e.value] = e.name;
    return out;
}

template <size_t Size>
constexpr std::string_view at(const std::array<std::string_view, Size>& table, uint32_t index)
{
    return index < Size ? table[index] : std::string_view{};
}

// ---- Operations -------------------------------------------------------------------------------------------------

template <class Operation>
struct OperationName {
    Operation operation;
    std::string_view name;
};

// Dense lookup by operation code, built at compile time from names keyed by the typed codes.
template <size_t Size, class Operation, size_t N>
constexpr std::array<std::string_view, Size> by_operation(const std::array<OperationName<Operation>, N>& entries)
{
    std::array<std::string_view, Size> out{};
    for (const auto& e : entries) out[static_cast<size_t>(e.operation)] = e.name;
    return out;
}

using PO = ProcessOperation;
using RO = RegistryOperation;
using FO = FileSystemOperation;

constexpr auto kProcessOps = by_operation<10>(std::to_array<OperationName<ProcessOperation>>({
    {PO::ProcessDefined, "Process Defined"},
    {PO::ProcessCreate, "Process Create"},
    {PO::ProcessExit, "Process Exit"},
    {PO::ThreadCreate, "Thread Create"},
    {PO::ThreadExit, "Thread Exit"},
    {PO::LoadImage, "Load Image"},
    {PO::ThreadProfile, "Thread Profile"},
    {PO::ProcessStart, "Process Start"},
    {PO::ProcessStatistics, "Process Statistics"},
    {PO::SystemStatistics, "System Statistics"},
}));

constexpr auto kRegistryOps = by_operation<18>(std::to_array<OperationName<RegistryOperation>>({
    {RO::OpenKey, "RegOpenKey"},
    {RO::CreateKey, "RegCreateKey"},
    {RO::CloseKey, "RegCloseKey"},
    {RO::QueryKey, "RegQueryKey"},
    {RO::SetValue, "RegSetValue"},
    {RO::QueryValue, "RegQueryValue"},
    {RO::EnumValue, "RegEnumValue"},
    {RO::EnumKey, "RegEnumKey"},
    {RO::SetInfoKey, "RegSetInfoKey"},
    {RO::DeleteKey, "RegDeleteKey"},
    {RO::DeleteValue, "RegDeleteValue"},
    {RO::FlushKey, "RegFlushKey"},
    {RO::LoadKey, "RegLoadKey"},
    {RO::UnloadKey, "RegUnloadKey"},
    {RO::RenameKey, "RegRenameKey"},
    {RO::QueryMultipleValueKey, "RegQueryMultipleValueKey"},
    {RO::SetKeySecurity, "RegSetKeySecurity"},
    {RO::QueryKeySecurity, "RegQueryKeySecurity"},
}));

// The MDL fast-I/O read and write are shown as plain ReadFile/WriteFile, like the IRP ones.
constexpr auto kFilesystemOps = by_operation<kFileSystemOperationCount>(std::to_array<OperationName<FO>>({
    {FO::VolumeDismount, "VolumeDismount"},
    {FO::VolumeMount, "VolumeMount"},
    {FO::MdlWriteComplete, "FASTIO_MDL_WRITE_COMPLETE"},
    {FO::WriteFileMdl, "WriteFile"},
    {FO::MdlReadComplete, "FASTIO_MDL_READ_COMPLETE"},
    {FO::ReadFileMdl, "ReadFile"},
    {FO::QueryOpen, "QueryOpen"},
    {FO::CheckIfPossible, "FASTIO_CHECK_IF_POSSIBLE"},
    {FO::IrpMj12, "IRP_MJ_12"},
    {FO::IrpMj11, "IRP_MJ_11"},
    {FO::IrpMj10, "IRP_MJ_10"},
    {FO::IrpMj9, "IRP_MJ_9"},
    {FO::IrpMj8, "IRP_MJ_8"},
    {FO::NotifyStreamFoCreation, "FASTIO_NOTIFY_STREAM_FO_CREATION"},
    {FO::ReleaseForCcFlush, "FASTIO_RELEASE_FOR_CC_FLUSH"},
    {FO::AcquireForCcFlush, "FASTIO_ACQUIRE_FOR_CC_FLUSH"},
    {FO::ReleaseForModWrite, "FASTIO_RELEASE_FOR_MOD_WRITE"},
    {FO::AcquireForModWrite, "FASTIO_ACQUIRE_FOR_MOD_WRITE"},
    {FO::ReleaseForSectionSync, "FASTIO_RELEASE_FOR_SECTION_SYNCHRONIZATION"},
    {FO::CreateFileMapping, "CreateFileMapping"},
    {FO::CreateFile, "CreateFile"},
    {FO::CreatePipe, "CreatePipe"},
    {FO::IrpMjClose, "IRP_MJ_CLOSE"},
    {FO::ReadFile, "ReadFile"},
    {FO::WriteFile, "WriteFile"},
    {FO::QueryInformationFile, "QueryInformationFile"},
    {FO::SetInformationFile, "SetInformationFile"},
    {FO::QueryEaFile, "QueryEAFile"},
    {FO::SetEaFile, "SetEAFile"},
    {FO::FlushBuffersFile, "FlushBuffersFile"},
    {FO::QueryVolumeInformation, "QueryVolumeInformation"},
    {FO::SetVolumeInformation, "SetVolumeInformation"},
    {FO::DirectoryControl, "DirectoryControl"},
    {FO::FileSystemControl, "FileSystemControl"},
    {FO::DeviceIoControl, "DeviceIoControl"},
    {FO::InternalDeviceIoControl, "InternalDeviceIoControl"},
    {FO::Shutdown, "Shutdown"},
    {FO::LockUnlockFile, "LockUnlockFile"},
    {FO::CloseFile, "CloseFile"},
    {FO::CreateMailSlot, "CreateMailSlot"},
    {FO::QuerySecurityFile, "QuerySecurityFile"},
    {FO::SetSecurityFile, "SetSecurityFile"},
    {FO::Power, "Power"},
    {FO::SystemControl, "SystemControl"},
    {FO::DeviceChange, "DeviceChange"},
    {FO::QueryFileQuota, "QueryFileQuota"},
    {FO::SetFileQuota, "SetFileQuota"},
    {FO::PlugAndPlay, "PlugAndPlay"},
}));

constexpr auto kProfilingOps = by_operation<3>(std::to_array<OperationName<ProfilingOperation>>({
    {ProfilingOperation::ThreadProfiling, "Thread Profiling"},
    {ProfilingOperation::ProcessProfiling, "Process Profiling"},
    {ProfilingOperation::DebugOutputProfiling, "Debug Output Profiling"},
}));

// The caller prefixes "TCP " or "UDP ".
constexpr auto kNetworkOps = by_operation<10>(std::to_array<OperationName<NetworkOperation>>({
    {NetworkOperation::Unknown, "Unknown"},
    {NetworkOperation::Other, "Other"},
    {NetworkOperation::Send, "Send"},
    {NetworkOperation::Receive, "Receive"},
    {NetworkOperation::Accept, "Accept"},
    {NetworkOperation::Connect, "Connect"},
    {NetworkOperation::Disconnect, "Disconnect"},
    {NetworkOperation::Reconnect, "Reconnect"},
    {NetworkOperation::Retransmit, "Retransmit"},
    {NetworkOperation::TcpCopy, "TCPCopy"},
}));

// Sub-operation = FILE_INFORMATION_CLASS / FS_INFORMATION_CLASS / IRP minor function. Names are Procmon's own,
// irregular suffixes included. 0x47..0x4B were added in Procmon 3.60; 3.53 (the CSVs we checked) prints "<Unknown>".
constexpr auto kQueryInformationSub = dense<256>(std::to_array<Named>({
    {0x04, "QueryBasicInformationFile"},
    {0x05, "QueryStandardInformationFile"},
    {0x06, "QueryFileInternalInformationFile"},
    {0x07, "QueryEaInformationFile"},
    {0x09, "QueryNameInformationFile"},
    {0x0E, "QueryPositionInformationFile"},
    {0x12, "QueryAllInformationFile"},
    {0x14, "QueryEndOfFile"},
    {0x16, "QueryStreamInformationFile"},
    {0x1C, "QueryCompressionInformationFile"},
    {0x1D, "QueryId"},
    {0x1F, "QueryMoveClusterInformationFile"},
    {0x22, "QueryNetworkOpenInformationFile"},
    {0x23, "QueryAttributeTagFile"},
    {0x25, "QueryIdBothDirectory"},
    {0x27, "QueryValidDataLength"},
    {0x28, "QueryShortNameInformationFile"},
    {0x2B, "QueryIoPiorityHint"},
    {0x2E, "QueryLinks"},
    {0x30, "QueryNormalizedNameInformationFile"},
    {0x31, "QueryNetworkPhysicalNameInformationFile"},
    {0x32, "QueryIdGlobalTxDirectoryInformation"},
    {0x33, "QueryIsRemoteDeviceInformation"},
    {0x34, "QueryAttributeCacheInformation"},
    {0x35, "QueryNumaNodeInformation"},
    {0x36, "QueryStandardLinkInformation"},
    {0x37, "QueryRemoteProtocolInformation"},
    {0x38, "QueryRenameInformationBypassAccessCheck"},
    {0x39, "QueryLinkInformationBypassAccessCheck"},
    {0x3A, "QueryVolumeNameInformation"},
    {0x3B, "QueryIdInformation"},
    {0x3C, "QueryIdExtdDirectoryInformation"},
    {0x3E, "QueryHardLinkFullIdInformation"},
    {0x3F, "QueryIdExtdBothDirectoryInformation"},
    {0x43, "QueryDesiredStorageClassInformation"},
    {0x44, "QueryStatInformation"},
    {0x45, "QueryMemoryPartitionInformation"},
    {0x46, "QuerySatLxInformation"},
    {0x47, "QueryCaseSensitiveInformation"},
    {0x48, "QueryLinkInformationEx"},
    {0x49, "QueryLinkInfomraitonBypassAccessCheck"},
    {0x4A, "QueryStorageReservedIdInformation"},
    {0x4B, "QueryCaseSensitiveInformationForceAccessCheck"},
}));

constexpr auto kSetInformationSub = dense<256>(std::to_array<Named>({
    {0x04, "SetBasicInformationFile"},
    {0x0A, "SetRenameInformationFile"},
    {0x0B, "SetLinkInformationFile"},
    {0x0D, "SetDispositionInformationFile"},
    {0x0E, "SetPositionInformationFile"},
    {0x13, "SetAllocationInformationFile"},
    {0x14, "SetEndOfFileInformationFile"},
    {0x16, "SetFileStreamInformation"},
    {0x17, "SetPipeInformation"},
    {0x27, "SetValidDataLengthInformationFile"},
    {0x28, "SetShortNameInformation"},
    {0x3D, "SetReplaceCompletionInformation"},
    {0x40, "SetDispositionInformationEx"},
    {0x41, "SetRenameInformationEx"},
    {0x42, "SetRenameInformationExBypassAccessCheck"},
    {0x4A, "SetStorageReservedIdInformation"},
}));

constexpr auto kQueryVolumeSub = dense<256>(std::to_array<Named>({
    {1, "QueryInformationVolume"},
    {2, "QueryLabelInformationVolume"},
    {3, "QuerySizeInformationVolume"},
    {4, "QueryDeviceInformationVolume"},
    {5, "QueryAttributeInformationVolume"},
    {6, "QueryControlInformationVolume"},
    {7, "QueryFullSizeInformationVolume"},
    {8, "QueryObjectIdInformationVolume"},
}));

// Control at 1 (not FileFsControlInformation's 6) is Procmon's numbering as procmon-parser has it; no CSV sample.
constexpr auto kSetVolumeSub = dense<256>(std::to_array<Named>({
    {1, "SetControlInformationVolume"},
    {2, "SetLabelInformationVolume"},
    {8, "SetObjectIdInformationVolume"},
}));

constexpr auto kDirectoryControlSub = dense<256>(std::to_array<Named>({
    {static_cast<uint32_t>(DirectoryControlOperation::QueryDirectory), "QueryDirectory"},
    {static_cast<uint32_t>(DirectoryControlOperation::NotifyChangeDirectory), "NotifyChangeDirectory"},
}));

constexpr auto kLockUnlockSub = dense<256>(std::to_array<Named>({
    {static_cast<uint32_t>(LockControlOperation::LockFile), "LockFile"},
    {static_cast<uint32_t>(LockControlOperation::UnlockFileSingle), "UnlockFileSingle"},
    {static_cast<uint32_t>(LockControlOperation::UnlockFileAll), "UnlockFileAll"},
    {static_cast<uint32_t>(LockControlOperation::UnlockFileByKey), "UnlockFileByKey"},
}));

// IRP_MN_* of IRP_MJ_PNP. Minor 0 (StartDevice) is never shown: sub-operation 0 keeps the base name.
constexpr auto kPnpSub = dense<256>(std::to_array<Named>({
    {0x00, "StartDevice"},
    {0x01, "QueryRemoveDevice"},
    {0x02, "RemoveDevice"},
    {0x03, "CancelRemoveDevice"},
    {0x04, "StopDevice"},
    {0x05, "QueryStopDevice"},
    {0x06, "CancelStopDevice"},
    {0x07, "QueryDeviceRelations"},
    {0x08, "QueryInterface"},
    {0x09, "QueryCapabilities"},
    {0x0A, "QueryResources"},
    {0x0B, "QueryResourceRequirements"},
    {0x0C, "QueryDeviceText"},
    {0x0D, "FilterResourceRequirements"},
    {0x0F, "ReadConfig"},
    {0x10, "WriteConfig"},
    {0x11, "Eject"},
    {0x12, "SetLock"},
    {0x13, "QueryId"},
    {0x14, "QueryPnpDeviceState"},
    {0x15, "QueryBusInformation"},
    {0x16, "DeviceUsageNotification"},
    {0x17, "SurpriseRemoval"},
    {0x18, "QueryLegacyBusInformation"},
}));

const std::array<std::string_view, 256>* sub_operation_table(uint16_t operation)
{
    switch (static_cast<FileSystemOperation>(operation)) {
    case FO::QueryInformationFile: return &kQueryInformationSub;
    case FO::SetInformationFile: return &kSetInformationSub;
    case FO::QueryVolumeInformation: return &kQueryVolumeSub;
    case FO::SetVolumeInformation: return &kSetVolumeSub;
    case FO::DirectoryControl: return &kDirectoryControlSub;
    case FO::LockUnlockFile: return &kLockUnlockSub;
    case FO::PlugAndPlay: return &kPnpSub;
    default: return nullptr;
    }
}

// ---- Access masks -----------------------------------------------------------------------------------------------

// GENERIC_READ, GENERIC_WRITE, GENERIC_EXECUTE, GENERIC_ALL expand to these before naming (MapGenericMask).
constexpr std::array<uint32_t, 4> kRegistryGenericMapping = {0x20019, 0x20006, 0x20019, 0xF003F};
constexpr std::array<uint32_t, 4> kFileGenericMapping = {0x120089, 0x120116, 0x1200A0, 0x1F01FF};

constexpr std::array<Flag, 20> kRegistryAccess = {{
    {0xF003F, "All Access"},
    {0x2001F, "Read/Write"},
    {0x20019, "Read"},
    {0x20006, "Write"},
    {0x1, "Query Value"},
    {0x2, "Set Value"},
    {0x4, "Create Sub Key"},
    {0x8, "Enumerate Sub Keys"},
    {0x10, "Notify"},
    {0x20, "Create Link"},
    {0x300, "WOW64_Res"},
    {0x200, "WOW64_32Key"},
    {0x100, "WOW64_64Key"},
    {0x10000, "Delete"},
    {0x20000, "Read Control"},
    {0x40000, "Write DAC"},
    {0x80000, "Write Owner"},
    {0x100000, "Synchronize"},
    {0x1000000, "Access System Security"},
    {0x2000000, "Maximum Allowed"},
}};

constexpr std::array<Flag, 24> kFileAccess = {{
    {0x1F01FF, "All Access"},
    {0x1201BF, "Generic Read/Write/Execute"},
    {0x12019F, "Generic Read/Write"},
    {0x1200A9, "Generic Read/Execute"},
    {0x1201B6, "Generic Write/Execute"},
    {0x120089, "Generic Read"},
    {0x120116, "Generic Write"},
    {0x1200A0, "Generic Execute"},
    {0x1, "Read Data/List Directory"},
    {0x2, "Write Data/Add File"},
    {0x4, "Append Data/Add Subdirectory/Create Pipe Instance"},
    {0x8, "Read EA"},
    {0x10, "Write EA"},
    {0x20, "Execute/Traverse"},
    {0x40, "Delete Child"},
    {0x80, "Read Attributes"},
    {0x100, "Write Attributes"},
    {0x10000, "Delete"},
    {0x20000, "Read Control"},
    {0x40000, "Write DAC"},
    {0x80000, "Write Owner"},
    {0x100000, "Synchronize"},
    {0x1000000, "Access System Security"},
    {0x2000000, "Maximum Allowed"},
}};

std::string access_mask(uint32_t mask, const std::array<uint32_t, 4>& generic, std::span<const Flag> names)
{
    if (mask & 0x80000000u) mask |= generic[0];
    if (mask & 0x40000000u) mask |= generic[1];
    if (mask & 0x20000000u) mask |= generic[2];
    if (mask & 0x10000000u) mask |= generic[3];
    std::string out = join_flags(mask, names, ", ");
    if (out.empty()) return "None 0x" + hex(mask);  // e.g. "Granted Access: None 0x0"
    return out;
}

// ---- CreateFile -------------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 6> kDispositions = {
    "Supersede", "Open", "Create", "OpenIf", "Overwrite", "OverwriteIf",
};

constexpr std::array<std::string_view, 6> kOpenResults = {
    "Superseded", "Opened", "Created", "Overwritten", "Exists", "DoesNotExist",
};

// Procmon lists 0x10000/0x20000 after the 0x100000.. bits.
constexpr std::array<Flag, 22> kCreateOptions = {{
    {0x1, "Directory"},
    {0x2, "Write Through"},
    {0x4, "Sequential Access"},
    {0x8, "No Buffering"},
    {0x10, "Synchronous IO Alert"},
    {0x20, "Synchronous IO Non-Alert"},
    {0x40, "Non-Directory File"},
    {0x80, "Create Tree Connection"},
    {0x100, "Complete If Oplocked"},
    {0x200, "No EA Knowledge"},
    {0x400, "Open for Recovery"},
    {0x800, "Random Access"},
    {0x1000, "Delete On Close"},
    {0x2000, "Open By ID"},
    {0x4000, "Open For Backup"},
    {0x8000, "No Compression"},
    {0x100000, "Reserve OpFilter"},
    {0x200000, "Open Reparse Point"},
    {0x400000, "Open No Recall"},
    {0x800000, "Open For Free Space Query"},
    {0x10000, "Open Requiring Oplock"},
    {0x20000, "Disallow Exclusive"},
}};

// One letter group per FILE_ATTRIBUTE_* bit, concatenated in bit order: 0x2020 -> "A" + "NCI" = "ANCI".
// FILE_ATTRIBUTE_DEVICE (0x40) is a second "D" in Procmon's table.
constexpr std::array<Flag, 15> kFileAttributes = {{
    {0x1, "R"},
    {0x2, "H"},
    {0x4, "S"},
    {0x10, "D"},
    {0x20, "A"},
    {0x40, "D"},
    {0x80, "N"},
    {0x100, "T"},
    {0x200, "SF"},
    {0x400, "RP"},
    {0x800, "C"},
    {0x1000, "O"},
    {0x2000, "NCI"},
    {0x4000, "E"},
    {0x10000, "V"},
}};

constexpr std::array<Flag, 3> kShareModes = {{
    {0x1, "Read"},
    {0x2, "Write"},
    {0x4, "Delete"},
}};

// ---- Read/Write -------------------------------------------------------------------------------------------------

// "Buffered" comes first in Procmon's list even though its bit is higher.
constexpr std::array<Flag, 6> kIoFlags = {{
    {0x10, "Buffered"},
    {0x1, "Non-cached"},
    {0x2, "Paging I/O"},
    {0x4, "Synchronous"},
    {0x40, "Synchronous Paging I/O"},
    {0x400000, "Write Through"},
}};

constexpr std::array<std::string_view, 6> kIoPriorities = {
    "", "Very Low", "Low", "Normal", "High", "Critical",
};

// ---- Directory control ------------------------------------------------------------------------------------------

// FILE_INFORMATION_CLASS; Procmon's table stops at FileMaximumInformation.
constexpr std::array<std::string_view, 71> kFileInformationClasses = {
    "",
    "FileDirectoryInformation",
    "FileFullDirectoryInformation",
    "FileBothDirectoryInformation",
    "FileBasicInformation",
    "FileStandardInformation",
    "FileInternalInformation",
    "FileEaInformation",
    "FileAccessInformation",
    "FileNameInformation",
    "FileRenameInformation",
    "FileLinkInformation",
    "FileNamesInformation",
    "FileDispositionInformation",
    "FilePositionInformation",
    "FileFullEaInformation",
    "FileModeInformation",
    "FileAlignmentInformation",
    "FileAllInformation",
    "FileAllocationInformation",
    "FileEndOfFileInformation",
    "FileAlternateNameInformation",
    "FileStreamInformation",
    "FilePipeInformation",
    "FilePipeLocalInformation",
    "FilePipeRemoteInformation",
    "FileMailslotQueryInformation",
    "FileMailslotSetInformation",
    "FileCompressionInformation",
    "FileObjectIdInformation",
    "FileCompletionInformation",
    "FileMoveClusterInformation",
    "FileQuotaInformation",
    "FileReparsePointInformation",
    "FileNetworkOpenInformation",
    "FileAttributeTagInformation",
    "FileTrackingInformation",
    "FileIdBothDirectoryInformation",
    "FileIdFullDirectoryInformation",
    "FileValidDataLengthInformation",
    "FileShortNameInformation",
    "FileIoCompletionNotificationInformation",
    "FileIoStatusBlockRangeInformation",
    "FileIoPriorityHintInformation",
    "FileSfioReserveInformation",
    "FileSfioVolumeInformation",
    "FileHardLinkInformation",
    "FileProcessIdsUsingFileInformation",
    "FileNormalizedNameInformation",
    "FileNetworkPhysicalNameInformation",
    "FileIdGlobalTxDirectoryInformation",
    "FileIsRemoteDeviceInformation",
    "FileUnusedInformation",
    "FileNumaNodeInformation",
    "FileStandardLinkInformation",
    "FileRemoteProtocolInformation",
    "FileRenameInformationBypassAccessCheck",
    "FileLinkInformationBypassAccessCheck",
    "FileVolumeNameInformation",
    "FileIdInformation",
    "FileIdExtdDirectoryInformation",
    "FileReplaceCompletionInformation",
    "FileHardLinkFullIdInformation",
    "FileIdExtdBothDirectoryInformation",
    "FileDispositionInformationEx",
    "FileRenameInformationEx",
    "FileRenameInformationExBypassAccessCheck",
    "FileDesiredStorageClassInformation",
    "FileStatInformation",
    "FileMemoryPartitionInformation",
    "FileMaximumInformation",
};

constexpr std::array<Flag, 12> kNotifyFilters = {{
    {0x1, "FILE_NOTIFY_CHANGE_FILE_NAME"},
    {0x2, "FILE_NOTIFY_CHANGE_DIR_NAME"},
    {0x4, "FILE_NOTIFY_CHANGE_ATTRIBUTES"},
    {0x8, "FILE_NOTIFY_CHANGE_SIZE"},
    {0x10, "FILE_NOTIFY_CHANGE_LAST_WRITE"},
    {0x20, "FILE_NOTIFY_CHANGE_LAST_ACCESS"},
    {0x40, "FILE_NOTIFY_CHANGE_CREATION"},
    {0x80, "FILE_NOTIFY_CHANGE_EA"},
    {0x100, "FILE_NOTIFY_CHANGE_SECURITY"},
    {0x200, "FILE_NOTIFY_CHANGE_STREAM_NAME"},
    {0x400, "FILE_NOTIFY_CHANGE_STREAM_SIZE"},
    {0x800, "FILE_NOTIFY_CHANGE_STREAM_WRITE"},
}};

// ---- Security ---------------------------------------------------------------------------------------------------

// SECURITY_INFORMATION. Procmon names these and prints any other bits as one hex number at the end
// (0x1BF -> "..., Process Trust Label, 0x100"). The protected/unprotected flags come high bit first.
constexpr std::array<Flag, 12> kSecurityInformation = {{
    {0x1, "Owner"},
    {0x2, "Group"},
    {0x4, "DACL"},
    {0x8, "SACL"},
    {0x10, "Label"},
    {0x20, "Attribute"},
    {0x40, "Scope"},
    {0x80, "Process Trust Label"},
    {0x80000000u, "DACL Protected"},
    {0x40000000u, "SACL Protected"},
    {0x20000000u, "DACL Unprotected"},
    {0x10000000u, "SACL Unprotected"},
}};

// ---- Registry ---------------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kRegTypes = {
    "REG_NONE",
    "REG_SZ",
    "REG_EXPAND_SZ",
    "REG_BINARY",
    "REG_DWORD",
    "REG_DWORD_BIG_ENDIAN",
    "REG_LINK",
    "REG_MULTI_SZ",
    "REG_RESOURCE_LIST",
    "REG_FULL_RESOURCE_DESCRIPTOR",
    "REG_RESOURCE_REQUIREMENTS_LIST",
    "REG_QWORD",
};

// KEY_INFORMATION_CLASS, printed without the "Key...Information" wrapping.
constexpr std::array<std::string_view, 10> kKeyInformationClasses = {
    "Basic", "Node", "Full", "Name", "Cached", "Flags", "Virtualization", "HandleTags", "Trust", "Layer",
};

// KEY_SET_INFORMATION_CLASS values Procmon names (per procmon-parser; only 5 seen in the CSVs).
constexpr std::array<std::string_view, 6> kKeySetInformationClasses = {
    "KeyWriteTimeInformation", "KeyWow64FlagsInformation", "", "", "", "KeySetHandleTagsInformation",
};

constexpr std::array<std::string_view, 6> kKeyValueInformationClasses = {
    "KeyValueBasicInformation",          "KeyValueFullInformation",
    "KeyValuePartialInformation",        "KeyValueFullInformationAlign64",
    "KeyValuePartialInformationAlign64", "KeyValueLayerInformation",
};

constexpr std::array<std::string_view, 3> kRegDispositions = {
    "", "REG_CREATED_NEW_KEY", "REG_OPENED_EXISTING_KEY",
};

// ---- CreateFileMapping ------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 2> kSyncTypes = {"SyncTypeOther", "SyncTypeCreateSection"};

// Procmon picks the first protection bit in this order (so 0x50 is PAGE_EXECUTE); PAGE_NOACCESS (0x1) and
// PAGE_EXECUTE_WRITECOPY (0x80) are not looked at.
constexpr std::array<Flag, 6> kPageProtections = {{
    {0x02, "PAGE_READONLY"},
    {0x04, "PAGE_READWRITE"},
    {0x08, "PAGE_WRITECOPY"},
    {0x10, "PAGE_EXECUTE"},
    {0x20, "PAGE_EXECUTE_READ"},
    {0x40, "PAGE_EXECUTE_READWRITE"},
}};

}  // namespace

std::string_view operation_name(uint32_t event_class, uint16_t operation)
{
    switch (static_cast<EventClass>(event_class)) {
    case EventClass::Process: return at(kProcessOps, operation);
    case EventClass::Registry: return at(kRegistryOps, operation);
    case EventClass::FileSystem: return at(kFilesystemOps, operation);
    case EventClass::Profiling: return at(kProfilingOps, operation);
    case EventClass::Network: return at(kNetworkOps, operation);
    default: return {};
    }
}

std::string_view filesystem_sub_operation_name(uint16_t operation, uint8_t sub_operation)
{
    // Sub-operation 0 means "no refinement": Procmon keeps the base name, even for PlugAndPlay (IRP_MN_START_DEVICE).
    if (sub_operation == 0) return {};
    const auto* table = sub_operation_table(operation);
    return table ? (*table)[sub_operation] : std::string_view{};
}

bool filesystem_has_sub_operations(uint16_t operation)
{
    return sub_operation_table(operation) != nullptr;
}

std::string registry_access_mask(uint32_t mask)
{
    return access_mask(mask, kRegistryGenericMapping, kRegistryAccess);
}

std::string file_access_mask(uint32_t mask)
{
    return access_mask(mask, kFileGenericMapping, kFileAccess);
}

std::string_view create_disposition(uint32_t disposition)
{
    return at(kDispositions, disposition);
}

std::string create_options(uint32_t options)
{
    return join_flags(options, kCreateOptions, ", ");
}

std::string create_attributes(uint32_t attributes)
{
    return file_attribute_letters(attributes);
}

std::string share_mode(uint32_t share)
{
    if (share == 0) return "None";
    return join_flags(share, kShareModes, ", ");
}

std::string_view open_result(uint32_t result)
{
    return at(kOpenResults, result);
}

std::string io_flags(uint32_t flags)
{
    return join_flags(flags, kIoFlags, ", ");
}

std::string_view io_priority(uint32_t priority)
{
    return at(kIoPriorities, priority);
}

std::string_view file_information_class(uint32_t cls)
{
    return at(kFileInformationClasses, cls);
}

std::string notify_change_filter(uint32_t flags)
{
    return join_flags(flags, kNotifyFilters, ", ");
}

std::string file_attribute_letters(uint32_t attributes)
{
    // Same letters for CreateFile "Attributes", query results and SetBasicInformationFile; 0 is "n/a" in all.
    if (attributes == 0) return "n/a";
    return join_flags(attributes, kFileAttributes, "");
}

std::string reg_type_name(uint32_t type)
{
    if (type < kRegTypes.size()) return std::string(kRegTypes[type]);
    return "<Unknown: " + std::to_string(type) + ">";
}

std::string_view key_information_class(uint32_t cls)
{
    return at(kKeyInformationClasses, cls);
}

std::string_view key_set_information_class(uint32_t cls)
{
    return at(kKeySetInformationClasses, cls);
}

std::string_view key_value_information_class(uint32_t cls)
{
    return at(kKeyValueInformationClasses, cls);
}

std::string_view reg_disposition(uint32_t disposition)
{
    return at(kRegDispositions, disposition);
}

std::string_view section_sync_type(uint32_t sync_type)
{
    return at(kSyncTypes, sync_type);
}

std::string page_protection(uint32_t protection)
{
    std::string out;
    for (const Flag& f : kPageProtections) {
        if (protection & f.bits) {
            out = f.name;
            break;
        }
    }
    // Appended even when no protection matched: Procmon prints "|PAGE_NOCACHE" alone then.
    if (protection & 0x200u) out += "|PAGE_NOCACHE";
    return out;
}

std::string security_information(uint32_t flags)
{
    uint32_t rest = flags;
    for (const Flag& f : kSecurityInformation) rest &= ~f.bits;
    std::string out = join_flags(flags, kSecurityInformation, ", ");
    if (rest != 0) {
        if (!out.empty()) out += ", ";
        out += "0x" + hex(rest);
    }
    return out;
}

}  // namespace traceshark::procmon::detail
