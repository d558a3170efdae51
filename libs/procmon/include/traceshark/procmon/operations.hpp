// The operation codes of each event class as PML records store them (Event::operation), and the
// sub-operations that refine some file-system operations (Event::sub_operation). Procmon's display names for
// them are in the library (Event::operation_name).
#pragma once

#include <cstdint>

namespace traceshark::procmon {

enum class ProcessOperation : uint16_t {
    ProcessDefined = 0,  // a process that was running when the capture started
    ProcessCreate = 1,
    ProcessExit = 2,
    ThreadCreate = 3,
    ThreadExit = 4,
    LoadImage = 5,
    ThreadProfile = 6,
    ProcessStart = 7,
    ProcessStatistics = 8,
    SystemStatistics = 9,
};

enum class RegistryOperation : uint16_t {
    OpenKey = 0,
    CreateKey = 1,
    CloseKey = 2,
    QueryKey = 3,
    SetValue = 4,
    QueryValue = 5,
    EnumValue = 6,
    EnumKey = 7,
    SetInfoKey = 8,
    DeleteKey = 9,
    DeleteValue = 10,
    FlushKey = 11,
    LoadKey = 12,
    UnloadKey = 13,
    RenameKey = 14,
    QueryMultipleValueKey = 15,
    SetKeySecurity = 16,
    QueryKeySecurity = 17,
};

// IRP major functions, shifted by the fast-I/O and filter-manager callbacks Procmon puts in front of them.
enum class FileSystemOperation : uint16_t {
    VolumeDismount = 0,
    VolumeMount = 1,
    MdlWriteComplete = 2,           // FASTIO_MDL_WRITE_COMPLETE
    WriteFileMdl = 3,               // FASTIO_PREPARE_MDL_WRITE, shown as "WriteFile"
    MdlReadComplete = 4,            // FASTIO_MDL_READ_COMPLETE
    ReadFileMdl = 5,                // FASTIO_MDL_READ, shown as "ReadFile"
    QueryOpen = 6,                  // FASTIO_NETWORK_QUERY_OPEN
    CheckIfPossible = 7,            // FASTIO_CHECK_IF_POSSIBLE
    IrpMj12 = 8,
    IrpMj11 = 9,
    IrpMj10 = 10,
    IrpMj9 = 11,
    IrpMj8 = 12,
    NotifyStreamFoCreation = 13,    // FASTIO_NOTIFY_STREAM_FO_CREATION
    ReleaseForCcFlush = 14,         // FASTIO_RELEASE_FOR_CC_FLUSH
    AcquireForCcFlush = 15,         // FASTIO_ACQUIRE_FOR_CC_FLUSH
    ReleaseForModWrite = 16,        // FASTIO_RELEASE_FOR_MOD_WRITE
    AcquireForModWrite = 17,        // FASTIO_ACQUIRE_FOR_MOD_WRITE
    ReleaseForSectionSync = 18,     // FASTIO_RELEASE_FOR_SECTION_SYNCHRONIZATION
    CreateFileMapping = 19,         // FASTIO_ACQUIRE_FOR_SECTION_SYNCHRONIZATION
    CreateFile = 20,                // IRP_MJ_CREATE
    CreatePipe = 21,                // IRP_MJ_CREATE_NAMED_PIPE
    IrpMjClose = 22,
    ReadFile = 23,
    WriteFile = 24,
    QueryInformationFile = 25,
    SetInformationFile = 26,
    QueryEaFile = 27,
    SetEaFile = 28,
    FlushBuffersFile = 29,
    QueryVolumeInformation = 30,
    SetVolumeInformation = 31,
    DirectoryControl = 32,
    FileSystemControl = 33,
    DeviceIoControl = 34,
    InternalDeviceIoControl = 35,
    Shutdown = 36,
    LockUnlockFile = 37,
    CloseFile = 38,                 // IRP_MJ_CLEANUP
    CreateMailSlot = 39,
    QuerySecurityFile = 40,
    SetSecurityFile = 41,
    Power = 42,
    SystemControl = 43,
    DeviceChange = 44,
    QueryFileQuota = 45,
    SetFileQuota = 46,
    PlugAndPlay = 47,
};
inline constexpr uint16_t kFileSystemOperationCount = 48;

// Sub-operations (IRP minor functions) of DirectoryControl and LockUnlockFile.
enum class DirectoryControlOperation : uint8_t { QueryDirectory = 1, NotifyChangeDirectory = 2 };
enum class LockControlOperation : uint8_t { LockFile = 1, UnlockFileSingle = 2, UnlockFileAll = 3, UnlockFileByKey = 4 };

enum class ProfilingOperation : uint16_t { ThreadProfiling = 0, ProcessProfiling = 1, DebugOutputProfiling = 2 };

// Shown with "TCP " or "UDP " in front.
enum class NetworkOperation : uint16_t {
    Unknown = 0,
    Other = 1,
    Send = 2,
    Receive = 3,
    Accept = 4,
    Connect = 5,
    Disconnect = 6,
    Reconnect = 7,
    Retransmit = 8,
    TcpCopy = 9,
};

}  // namespace traceshark::procmon
