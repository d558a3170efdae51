// The Result column: Procmon's text for the NTSTATUS of an event.
#include "names.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace traceshark::procmon::detail {

namespace {

struct Status {
    uint32_t code;
    std::string_view text;
};

// Sorted by code for binary search. Procmon's own wording, quirks kept: STATUS_PENDING (0x103) prints as an empty
// Result, a few entries keep their STATUS_ prefix or underscores, and some codes share a text.
constexpr auto kStatuses = std::to_array<Status>({
    {0x00000000, "SUCCESS"},
    {0x00000103, ""},
    {0x00000104, "REPARSE"},
    {0x00000105, "MORE ENTRIES"},
    {0x00000108, "OPLOCK BREAK IN PROGRESS"},
    {0x0000010B, "NOTIFY CLEANUP"},
    {0x0000010C, "NOTIFY ENUM DIR"},
    {0x0000012A, "FILE LOCKED WITH ONLY READERS"},
    {0x0000012B, "FILE LOCKED WITH WRITERS"},
    {0x00000215, "OPLOCK SWITCHED TO NEW HANDLE"},
    {0x00000216, "OPLOCK HANDLE CLOSED"},
    {0x00000367, "WAIT FOR OPLOCK"},
    {0x40000016, "PREDEFINED HANDLE"},
    {0x80000002, "DATATYPE MISALIGNMENT"},
    {0x80000005, "BUFFER OVERFLOW"},
    {0x80000006, "NO MORE FILES"},
    {0x80000015, "INVALID EA FLAG"},
    {0x8000001A, "NO MORE ENTRIES"},
    {0xC0000001, "UNSUCCESSFUL"},
    {0xC0000002, "NOT IMPLEMENTED"},
    {0xC0000003, "INVALID INFO CLASS"},
    {0xC0000004, "INFO LENGTH MISMATCH"},
    {0xC0000005, "ACCESS VIOLATION"},
    {0xC0000006, "IN PAGE ERROR"},
    {0xC0000008, "INVALID HANDLE"},
    {0xC000000D, "INVALID PARAMETER"},
    {0xC000000E, "NO SUCH DEVICE"},
    {0xC000000F, "NO SUCH FILE"},
    {0xC0000010, "INVALID DEVICE REQUEST"},
    {0xC0000011, "END OF FILE"},
    {0xC0000012, "WRONG VOLUME"},
    {0xC0000013, "NO MEDIA"},
    {0xC0000015, "NONEXISTENT SECTOR"},
    {0xC0000017, "NO MEMORY"},
    {0xC0000021, "ALREADY COMMITED"},
    {0xC0000022, "ACCESS DENIED"},
    {0xC0000023, "BUFFER TOO SMALL"},
    {0xC0000024, "OBJECT TYPE MISMATCH"},
    {0xC0000032, "DISK CORRUPT"},
    {0xC0000033, "NAME INVALID"},
    {0xC0000034, "NAME NOT FOUND"},
    {0xC0000035, "NAME COLLISION"},
    {0xC0000039, "OBJECT PATH INVALID"},
    {0xC000003A, "PATH NOT FOUND"},
    {0xC000003B, "PATH SYNTAX BAD"},
    {0xC000003C, "DATA OVERRUN"},
    {0xC000003F, "CRC ERROR"},
    {0xC0000043, "SHARING VIOLATION"},
    {0xC0000044, "QUOTA EXCEEDED"},
    {0xC000004F, "EAS NOT SUPPORTED"},
    {0xC0000050, "EA TOO LARGE"},
    {0xC0000051, "NONEXISTENT EA ENTRY"},
    {0xC0000052, "NO EAS ON FILE"},
    {0xC0000053, "EA CORRUPTED ERROR"},
    {0xC0000054, "FILE LOCK CONFLICT"},
    {0xC0000055, "NOT GRANTED"},
    {0xC0000056, "DELETE PENDING"},
    {0xC0000061, "PRIVILEGE NOT HELD"},
    {0xC000006D, "LOGON FAILURE"},
    {0xC000007E, "RANGE NOT LOCKED"},
    {0xC000007F, "DISK FULL"},
    {0xC0000098, "FILE INVALID"},
    {0xC000009A, "INSUFFICIENT RESOURCES"},
    {0xC000009C, "DEVICE DATA ERROR"},
    {0xC000009D, "DEVICE NOT CONNECTED"},
    {0xC00000A2, "MEDIA WRITE PROTECTED"},
    {0xC00000A5, "BAD IMPERSONATION"},
    {0xC00000AB, "INSTANCE NOT AVAILABLE"},
    {0xC00000AC, "PIPE NOT AVAILABLE"},
    {0xC00000AD, "INVALID PIPE STATE"},
    {0xC00000AE, "PIPE BUSY"},
    {0xC00000B0, "PIPE DISCONNECTED"},
    {0xC00000B1, "PIPE CLOSING"},
    {0xC00000B2, "PIPE CONNECTED"},
    {0xC00000B3, "PIPE LISTENING"},
    {0xC00000B4, "INVALID READ MODE"},
    {0xC00000B5, "IO TIMEOUT"},
    {0xC00000BA, "IS DIRECTORY"},
    {0xC00000BB, "NOT SUPPORTED"},
    {0xC00000BD, "DUPLICATE NAME"},
    {0xC00000BE, "BAD NETWORK PATH"},
    {0xC00000C1, "BAD NETWORK PATH"},
    {0xC00000C3, "INVALID NETWORK RESPONSE"},
    {0xC00000C4, "NETWORK ERROR"},
    {0xC00000CC, "BAD NETWORK NAME"},
    {0xC00000D4, "BAD NETWORK NAME"},
    {0xC00000D8, "CANT WAIT"},
    {0xC00000D9, "PIPE EMPTY"},
    {0xC00000DB, "CSC OBJECT PATH NOT FOUND"},
    {0xC00000E2, "OPLOCK NOT GRANTED"},
    {0xC00000EF, "INVALID PARAMETER 1"},
    {0xC00000F0, "INVALID PARAMETER 2"},
    {0xC00000F1, "INVALID PARAMETER 3"},
    {0xC00000F2, "INVALID PARAMETER 4"},
    {0xC00000FB, "REDIRECTOR NOT STARTED"},
    {0xC0000101, "NOT EMPTY"},
    {0xC0000102, "FILE CORRUPT"},
    {0xC0000103, "NOT A DIRECTORY"},
    {0xC0000107, "FILES OPEN"},
    {0xC000010D, "CANNOT IMPERSONATE"},
    {0xC0000120, "CANCELLED"},
    {0xC0000121, "CANNOT DELETE"},
    {0xC0000123, "FILE DELETED"},
    {0xC0000128, "FILE CLOSED"},
    {0xC000012A, "THREAD NOT IN PROCESS"},
    {0xC0000148, "INVALID LEVEL"},
    {0xC000014B, "PIPE BROKEN"},
    {0xC000014C, "REGISTRY CORRUPT"},
    {0xC000014D, "IO FAILED"},
    {0xC000017C, "KEY DELETED"},
    {0xC0000181, "CHILD MUST BE VOLATILE"},
    {0xC0000184, "INVALID DEVICE STATE"},
    {0xC0000185, "IO DEVICE ERROR"},
    {0xC0000188, "LOG FILE FULL"},
    {0xC000019C, "FS DRIVER REQUIRED"},
    {0xC0000205, "INSUFFICIENT SERVER RESOURCES"},
    {0xC0000207, "INVALID ADDRESS COMPONENT"},
    {0xC000020C, "DISCONNECTED"},
    {0xC0000225, "NOT FOUND"},
    {0xC0000243, "USER MAPPED FILE"},
    {0xC0000248, "LOGIN WKSTA RESTRICTION"},
    {0xC0000257, "PATH NOT COVERED"},
    {0xC000026D, "DFS UNAVAILABLE"},
    {0xC0000273, "NO MORE MATCHES"},
    {0xC0000275, "NOT REPARSE POINT"},
    {0xC00002EA, "CANNOT MAKE"},
    {0xC00002F0, "OBJECTID NOT FOUND"},
    {0xC0000388, "DOWNGRADE DETECTED"},
    {0xC0000425, "HIVE UNLOADED"},
    {0xC0000427, "FILE SYSTEM LIMITATION"},
    {0xC0000463, "DEVICE FEATURE NOT SUPPORTED"},
    {0xC000046D, "OBJECT NOT EXTERNALLY BACKED"},
    {0xC0000909, "CANNOT BREAK OPLOCK"},
    {0xC000A2A1, "STATUS_OFFLOAD_READ_FLT_NOT_SUPPORTED"},
    {0xC000A2A2, "STATUS_OFFLOAD_WRITE_FLT_NOT_SUPPORTED"},
    {0xC000A2A3, "OFFLOAD READ FILE NOT SUPPORTED"},
    {0xC000A2A4, "OFFLOAD READ FILE NOT SUPPORTED"},
    {0xC0190001, "TRANSACTIONAL CONFLICT"},
    {0xC0190002, "INVALID TRANSACTION"},
    {0xC0190003, "TRANSACTION_NOT_ACTIVE"},
    {0xC019003E, "EFS NOT ALLOWED IN TRANSACTION"},
    {0xC019003F, "TRANSACTIONAL OPEN NOT ALLOWED"},
    {0xC0190040, "TRANSACTED MAPPING UNSUPPORTED REMOTE"},
    {0xC0190044, "CANNOT EXECUTE FILE IN TRANSACTION"},
    {0xC0190049, "SPARSE NOT ALLOWED IN TRANSACTION"},
    {0xC01C0004, "FAST IO DISALLOWED"},
});

constexpr bool sorted_unique()
{
    for (size_t i = 1; i < kStatuses.size(); ++i)
        if (kStatuses[i - 1].code >= kStatuses[i].code) return false;
    return true;
}
static_assert(sorted_unique(), "kStatuses must be sorted by code");

}  // namespace

std::string result_name(uint32_t ntstatus)
{
    if (ntstatus == 0) return "SUCCESS";  // most events: skip the search
    const auto* it = std::lower_bound(kStatuses.begin(), kStatuses.end(), ntstatus,
                                      [](const Status& s, uint32_t code) { return s.code < code; });
    if (it != kStatuses.end() && it->code == ntstatus) return std::string(it->text);
    // Unknown codes: upper-case hex without padding, as Procmon shows them ("0xC000046F", "0x368").
    std::array<char, 10> buf{'0', 'x'};
    char* end = std::to_chars(buf.data() + 2, buf.data() + buf.size(), ntstatus, 16).ptr;
    std::transform(buf.data() + 2, end, buf.data() + 2, [](char c) { return c >= 'a' ? static_cast<char>(c - 32) : c; });
    return std::string(buf.data(), end);
}

}  // namespace traceshark::procmon::detail
