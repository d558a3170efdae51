// Wireshark's extcap control messages (the --extcap-control-in/out pipes, Wireshark's doc/extcap.adoc
// "Messages"): 'T', a 3-byte big-endian length of what follows, the control number, the command, the payload.
// The extcap declares its controls in --extcap-interfaces; Wireshark's GUI then opens both pipes (tshark does not).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace traceshark::extcap {

enum class ControlCommand : uint8_t {
    kInitialized = 0,  // Wireshark -> extcap: the toolbar is up
    kSet = 1,
    kAdd = 2,
    kRemove = 3,
    kEnable = 4,
    kDisable = 5,
    kStatusbar = 6,  // extcap -> Wireshark: a status bar message
    kInformation = 7,
    kWarning = 8,
    kError = 9,
};

struct ControlMessage {
    uint8_t control = 0;
    ControlCommand command = ControlCommand::kInitialized;
    std::string payload;
    bool operator==(const ControlMessage&) const = default;
};

inline constexpr uint8_t kControlSync = 'T';
inline constexpr size_t kControlHeaderSize = 6;  // sync, 3 length bytes, control, command
// Wireshark's own bound on a control message's payload.
inline constexpr size_t kControlMaxPayload = 32768;

// Throws std::length_error for a payload over kControlMaxPayload.
std::string encode_control(const ControlMessage& m);

// Splits the bytes Wireshark writes into messages, whatever the read sizes.
class ControlDecoder {
public:
    // Appends bytes; std::runtime_error on a bad sync byte or an oversized length (the stream cannot be resynced).
    void feed(std::string_view bytes);
    std::optional<ControlMessage> next();

private:
    std::string buffer_;
    size_t at_ = 0;
};

}  // namespace traceshark::extcap
