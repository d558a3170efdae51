// The lookup tables a PML log keeps at its end (strings, processes, host names, port names), which every event
// needs to be shown. Parsed once at open; also buildable from the raw table bytes alone, so that events can be
// decoded away from their file (the Wireshark dissector gets the tables from the capture's metadata).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "traceshark/procmon/process.hpp"

namespace traceshark::procmon {

class Tables {
public:
    // `*_offset` are the file offsets of the given bytes (for error messages). `hosts_and_ports` covers the
    // hosts table followed by the ports table.
    static Tables parse(unsigned pointer_size, std::span<const uint8_t> strings, uint64_t strings_offset,
                        std::span<const uint8_t> processes, uint64_t processes_offset,
                        std::span<const uint8_t> hosts_and_ports, uint64_t hosts_and_ports_offset);

    unsigned pointer_size() const { return pointer_size_; }
    const std::vector<Process>& processes() const { return processes_; }
    // nullptr when no process has this index.
    const Process* process(uint32_t index) const;
    // Procmon's rendering of an address: the host name it resolved at capture time, else the address
    // (IPv6 as eight groups without leading zeros).
    std::string host_name(const std::array<uint8_t, 16>& address, bool ipv4) const;
    // The service name Procmon resolved ("https"), else the number.
    std::string port_name(uint16_t port, bool tcp) const;
    size_t string_count() const { return strings_.size(); }

private:
    unsigned pointer_size_ = 8;
    std::vector<std::string> strings_;
    std::vector<Process> processes_;
    std::unordered_map<uint32_t, size_t> process_slot_;  // index -> position in processes_
    std::map<std::array<uint8_t, 16>, std::string> hosts_;
    std::map<std::pair<uint16_t, bool>, std::string> ports_;
};

}  // namespace traceshark::procmon
