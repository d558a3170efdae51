// A minimal pcapng writer for the extcap's fifo: one section header, interface blocks with name, description,
// OS and nanosecond resolution, enhanced packet blocks. Link type 252 (Exported PDU) throughout, as the
// trace.dat reader's interfaces.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace traceshark::extcap {

inline constexpr uint16_t kLinkTypeExportedPdu = 252;

// The reader of the fifo closed it (EPIPE): how a capture ends when dumpcap stops before the extcap is signalled.
struct ReaderGone : std::runtime_error {
    ReaderGone() : std::runtime_error("the capture's reader closed the fifo") {}
};

class PcapngWriter {
public:
    // Takes ownership of `out`. Throws ReaderGone on EPIPE, std::runtime_error when another write error occurs.
    explicit PcapngWriter(std::FILE* out);
    ~PcapngWriter();
    PcapngWriter(const PcapngWriter&) = delete;
    PcapngWriter& operator=(const PcapngWriter&) = delete;

    void section_header(std::string_view application, std::string_view os);
    // Returns the interface id.
    uint32_t interface(std::string_view name, std::string_view description, std::string_view os);
    // `parts` are concatenated into the packet data.
    void packet(uint32_t interface_id, uint64_t ts_ns, std::initializer_list<std::span<const uint8_t>> parts);
    void flush();
    uint64_t packets() const { return packets_; }

private:
    void option(uint16_t code, std::string_view value);
    void block(uint32_t type);
    std::FILE* out_;
    std::vector<uint8_t> body_;
    uint32_t interfaces_ = 0;
    uint64_t packets_ = 0;
};

}  // namespace traceshark::extcap
