#include "pcapng_writer.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace traceshark::extcap {
namespace {

constexpr uint32_t kSectionHeader = 0x0A0D0D0A, kInterface = 1, kEnhancedPacket = 6;
constexpr uint16_t kOptEnd = 0, kShbOs = 3, kShbUserAppl = 4;
constexpr uint16_t kIfName = 2, kIfDescription = 3, kIfTsresol = 9, kIfOs = 12;

template <typename T>
void put(std::vector<uint8_t>& v, T x)
{
    uint8_t b[sizeof x];
    std::memcpy(b, &x, sizeof x);  // pcapng is written in host order; the section header's magic says which
    v.insert(v.end(), b, b + sizeof x);
}

void pad4(std::vector<uint8_t>& v) { v.resize((v.size() + 3) & ~size_t{3}, 0); }

[[noreturn]] void write_failed()
{
    if (errno == EPIPE) throw ReaderGone();
    throw std::runtime_error(std::string("writing the capture: ") + std::strerror(errno));
}

}  // namespace

PcapngWriter::PcapngWriter(std::FILE* out) : out_(out) {}

PcapngWriter::~PcapngWriter()
{
    if (out_) std::fclose(out_);
}

void PcapngWriter::option(uint16_t code, std::string_view value)
{
    put<uint16_t>(body_, code);
    put<uint16_t>(body_, static_cast<uint16_t>(value.size()));
    body_.insert(body_.end(), value.begin(), value.end());
    pad4(body_);
}

void PcapngWriter::block(uint32_t type)
{
    pad4(body_);
    const auto total = static_cast<uint32_t>(body_.size() + 12);
    std::vector<uint8_t> head;
    put(head, type);
    put(head, total);
    if (std::fwrite(head.data(), 1, head.size(), out_) != head.size() ||
        std::fwrite(body_.data(), 1, body_.size(), out_) != body_.size() ||
        std::fwrite(&total, sizeof total, 1, out_) != 1)
        write_failed();
    body_.clear();
}

void PcapngWriter::section_header(std::string_view application, std::string_view os)
{
    put<uint32_t>(body_, 0x1A2B3C4D);
    put<uint16_t>(body_, 1);
    put<uint16_t>(body_, 0);
    put<int64_t>(body_, -1);  // section length unknown: we stream
    option(kShbOs, os);
    option(kShbUserAppl, application);
    option(kOptEnd, {});
    block(kSectionHeader);
}

uint32_t PcapngWriter::interface(std::string_view name, std::string_view description, std::string_view os)
{
    put<uint16_t>(body_, kLinkTypeExportedPdu);
    put<uint16_t>(body_, 0);
    put<uint32_t>(body_, 262144);  // Wireshark's standard maximum snapshot length, as the trace.dat reader's
    option(kIfName, name);
    option(kIfDescription, description);
    const char nanoseconds = 9;
    option(kIfTsresol, std::string_view(&nanoseconds, 1));
    if (!os.empty()) option(kIfOs, os);
    option(kOptEnd, {});
    block(kInterface);
    return interfaces_++;
}

void PcapngWriter::packet(uint32_t interface_id, uint64_t ts_ns, std::initializer_list<std::span<const uint8_t>> parts)
{
    size_t len = 0;
    for (auto p : parts) len += p.size();
    put<uint32_t>(body_, interface_id);
    put<uint32_t>(body_, static_cast<uint32_t>(ts_ns >> 32));
    put<uint32_t>(body_, static_cast<uint32_t>(ts_ns));
    put<uint32_t>(body_, static_cast<uint32_t>(len));
    put<uint32_t>(body_, static_cast<uint32_t>(len));
    for (auto p : parts) body_.insert(body_.end(), p.begin(), p.end());
    block(kEnhancedPacket);
    ++packets_;
}

void PcapngWriter::flush()
{
    if (std::fflush(out_) != 0) write_failed();
}

}  // namespace traceshark::extcap
