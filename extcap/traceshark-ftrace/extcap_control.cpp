#include "extcap_control.hpp"

#include <stdexcept>

namespace traceshark::extcap {

std::string encode_control(const ControlMessage& m)
{
    if (m.payload.size() > kControlMaxPayload) throw std::length_error("extcap control payload too long");
    const size_t length = m.payload.size() + 2;  // control number and command
    std::string out;
    out.reserve(kControlHeaderSize + m.payload.size());
    out += static_cast<char>(kControlSync);
    out += static_cast<char>((length >> 16) & 0xff);
    out += static_cast<char>((length >> 8) & 0xff);
    out += static_cast<char>(length & 0xff);
    out += static_cast<char>(m.control);
    out += static_cast<char>(m.command);
    out += m.payload;
    return out;
}

void ControlDecoder::feed(std::string_view bytes)
{
    if (at_ > 0) {  // drop what was consumed before growing
        buffer_.erase(0, at_);
        at_ = 0;
    }
    buffer_ += bytes;
}

std::optional<ControlMessage> ControlDecoder::next()
{
    const size_t left = buffer_.size() - at_;
    if (left < 4) return std::nullopt;
    const auto* p = reinterpret_cast<const uint8_t*>(buffer_.data() + at_);
    if (p[0] != kControlSync)
        throw std::runtime_error("extcap control pipe: byte " + std::to_string(p[0]) + " where a message starts ('T')");
    const size_t length = (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
    if (length < 2 || length > kControlMaxPayload + 2)
        throw std::runtime_error("extcap control pipe: message length " + std::to_string(length) + " (2.." +
                                 std::to_string(kControlMaxPayload + 2) + ")");
    if (left < 4 + length) return std::nullopt;
    ControlMessage m;
    m.control = p[4];
    m.command = static_cast<ControlCommand>(p[5]);
    m.payload.assign(buffer_, at_ + kControlHeaderSize, length - 2);
    at_ += 4 + length;
    return m;
}

}  // namespace traceshark::extcap
