// One decoded Procmon event: the common fields, the operation as Procmon names it, the path, and the detail
// items (Procmon's Detail column, item by item, with numeric values kept for filtering and tracking).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traceshark/procmon/detail_keys.hpp"
#include "traceshark/procmon/operations.hpp"

namespace traceshark::procmon {

enum class EventClass : uint32_t { Unknown = 0, Process = 1, Registry = 2, FileSystem = 3, Profiling = 4, Network = 5 };

// "Process", "Registry", "File System", "Profiling", "Network", "Unknown"
std::string_view event_class_name(EventClass c);
// Procmon's Result text for an NTSTATUS: "SUCCESS", "NAME NOT FOUND", ... ("" for a pending request).
std::string result_name(uint32_t ntstatus);

struct DetailItem {
    DetailKey key = DetailKey::Other;
    std::string name;               // as Procmon shows it: "Offset", "Desired Access", or a directory entry's number
    std::string value;              // as Procmon prints it
    std::optional<int64_t> number;  // the value as a number where it is one
};

// A TCP/UDP event's endpoints. Addresses are 16 bytes; IPv4 uses the first 4.
struct NetworkEndpoints {
    bool tcp = false;
    bool source_ipv4 = false;
    bool destination_ipv4 = false;
    std::array<uint8_t, 16> source{};
    std::array<uint8_t, 16> destination{};
    uint16_t source_port = 0;
    uint16_t destination_port = 0;
};

// A network event's path: "local:port -> remote:port" (host and port names as the log's tables give them).
inline constexpr std::string_view kEndpointSeparator = " -> ";

struct Event {
    uint32_t index = 0;        // position in the log
    uint64_t offset = 0;       // file offset of the record
    uint32_t process_index = 0;
    uint32_t tid = 0;
    EventClass event_class = EventClass::Unknown;
    uint16_t operation = 0;    // per class: see operations.hpp and the typed views below
    uint8_t sub_operation = 0; // file system: refines the operation
    uint64_t duration = 0;     // 100 ns units
    uint64_t filetime = 0;     // UTC, 100 ns since 1601
    uint32_t result = 0;       // NTSTATUS
    std::vector<uint64_t> stack;  // return addresses, innermost first

    std::string operation_name;   // "RegQueryValue", "TCP Send", "QueryBasicInformationFile", "<Unknown>"
    std::string path;
    std::string category;         // "Read", "Write", "Read Metadata", "Write Metadata" or ""
    std::vector<DetailItem> details;
    std::optional<NetworkEndpoints> network;
    // Process Create: the new process's entry in the process table (its index; see Tables::process).
    std::optional<uint32_t> created_process;

    // The operation as its class's code; meaningful for an event of that class only.
    ProcessOperation process_operation() const { return static_cast<ProcessOperation>(operation); }
    RegistryOperation registry_operation() const { return static_cast<RegistryOperation>(operation); }
    FileSystemOperation filesystem_operation() const { return static_cast<FileSystemOperation>(operation); }
    NetworkOperation network_operation() const { return static_cast<NetworkOperation>(operation); }

    const DetailItem* detail(DetailKey key) const;
    std::optional<int64_t> number(DetailKey key) const;
    // By the name Procmon shows, for items the log names itself (DetailKey::Other).
    const DetailItem* detail(std::string_view name) const;
    std::optional<int64_t> number(std::string_view name) const;
    // Procmon's Detail column: "Name: value, Name: value".
    std::string detail_text() const;
};

}  // namespace traceshark::procmon
