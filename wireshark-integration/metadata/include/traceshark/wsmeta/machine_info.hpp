// Machine metadata <-> pcapng interface-block strings (docs/wireshark-integration.md, "Machines and metadata
// inside the capture"). Plain C++, no Wireshark headers.
//
//  record interface (one per machine x buffer): name "<hostname>/<buffer>" ("top" for the top buffer),
//    description "traceshark1;key=<K>;host=..;release=..;arch=..;cpus=..;clock=..;buffer=.."
//  metadata-only interface: name "traceshark-meta:<K>:<kind>:<i>/<n>", description = chunk i of n (1-based) of
//    base64(zlib(blob)), each chunk at most 65 535 bytes (pcapng string option limit).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace traceshark::wsmeta {

// The longest string a pcapng option can hold; Wireshark 4.0's writer corrupts longer ones silently.
inline constexpr size_t kMaxOptionString = 65535;

struct MachineInfo {
    uint64_t key = 0;
    std::string host, release, version, arch, clock, buffer;
    int cpus = 0;

    bool operator==(const MachineInfo&) const = default;
};

std::string key_hex(uint64_t key);                       // 16 lowercase hex digits
std::optional<uint64_t> parse_key_hex(std::string_view s);

// 64-bit FNV-1a, incremental; used for the machine key (identification, not security).
class KeyHasher {
public:
    void add(std::string_view bytes);
    uint64_t value() const { return h_; }

private:
    uint64_t h_ = 0xcbf29ce484222325ull;
};

std::string record_interface_name(const MachineInfo& m);  // "<host>/<buffer or top>"
std::string record_interface_description(const MachineInfo& m);
// nullopt unless the text is a traceshark1 description with a valid key.
std::optional<MachineInfo> parse_record_interface_description(std::string_view desc);

// Kinds of metadata-only interfaces.
inline constexpr std::string_view kKindFormats = "formats";
inline constexpr std::string_view kKindKallsyms = "kallsyms";
inline constexpr std::string_view kKindPrintk = "printk";
inline constexpr std::string_view kKindCmdlines = "cmdlines";
// Procmon: the log's string, process and hosts/ports tables (parts "strings", "processes", "hosts_and_ports",
// "pointer_size").
inline constexpr std::string_view kKindPmlTables = "pml-tables";
// ETW: the trace's EventTrace header (etl_machine.hpp).
inline constexpr std::string_view kKindEtlHeader = "etl-header";
// trace.dat recorded with `trace-cmd record -A`: trace ids and the guest/host link (guest_link.hpp).
inline constexpr std::string_view kKindGuestLink = "guest-link";

struct MetaChunk {
    std::string name;         // traceshark-meta:<K>:<kind>:<i>/<n>
    std::string description;  // <= kMaxOptionString bytes
};
// zlib-compresses `blob`, base64-encodes it and cuts it into chunks of at most `max_chunk` bytes.
std::vector<MetaChunk> encode_metadata(uint64_t key, std::string_view kind, std::string_view blob,
                                       size_t max_chunk = kMaxOptionString);

struct MetaChunkName {
    uint64_t key = 0;
    std::string kind;
    uint32_t index = 0;  // 1-based
    uint32_t count = 0;
};
std::optional<MetaChunkName> parse_meta_chunk_name(std::string_view name);

// Collects chunks (in any order, duplicates tolerated: the first copy wins) and decodes complete blobs.
class MetaAssembler {
public:
    // false if the name is not a metadata chunk name or conflicts with what was seen (other chunk count).
    bool add(std::string_view name, std::string_view description);
    // The decoded blob, nullopt when chunks are missing or the data does not decode; `error` says why.
    std::optional<std::string> blob(uint64_t key, std::string_view kind, std::string* error = nullptr) const;
    std::vector<uint64_t> keys() const;

private:
    struct Entry {
        uint32_t count = 0;
        std::vector<std::optional<std::string>> parts;
    };
    std::map<std::pair<uint64_t, std::string>, Entry> entries_;
};

// The blob of kind "formats": named parts. Part names: "params" (key=value lines, see FormatParams),
// "header_page", "header_event", and one part per event format whose name is the event system.
struct Part {
    std::string name;
    std::string data;

    bool operator==(const Part&) const = default;
};
std::string encode_parts(const std::vector<Part>& parts);
std::optional<std::vector<Part>> decode_parts(std::string_view blob);

// What libtraceevent needs besides the format texts to decode and print a machine's events.
struct FormatParams {
    bool big_endian = false;
    int user_long_size = 8;
    int kernel_long_size = 8;
    uint32_t page_size = 4096;
    int cpus = 0;
    bool clock_in_ns = true;
    int file_version = 0;
    std::string encode() const;
    static FormatParams decode(std::string_view text);

    bool operator==(const FormatParams&) const = default;
};

// base64 and zlib helpers (exposed for tests).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
std::string zlib_compress(std::string_view bytes);
// nullopt when the data is not zlib or inflates to more than `max_size` bytes.
std::optional<std::string> zlib_decompress(std::string_view bytes, size_t max_size = size_t{512} << 20);

}  // namespace traceshark::wsmeta
