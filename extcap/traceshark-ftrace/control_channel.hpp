// The extcap's end of Wireshark's control pipes during a capture: the capture's figures go to the status bar and
// the log control, and the capture stops when Wireshark closes its end of control-in. Nothing here blocks: a
// pipe Wireshark has not opened yet, or a full one, just drops the message.
#pragma once

#include <string>

#include "extcap_control.hpp"

namespace traceshark::extcap {

// The controls the extcap declares in --extcap-interfaces.
inline constexpr uint8_t kLogControl = 0;

class ControlChannel {
public:
    // Empty paths: no pipes (tshark, dumpcap), every call does nothing.
    ControlChannel(std::string in_path, std::string out_path);
    ~ControlChannel();
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;

    // Reads what Wireshark sent; true once it has closed control-in after having opened it (the capture is over).
    bool closed_by_wireshark();
    void status(const std::string& text);
    void log(const std::string& line);

private:
    void send(const ControlMessage& m);
    std::string in_path_, out_path_;
    int in_ = -1, out_ = -1;
    bool heard_ = false;  // Wireshark has written to control-in: an EOF afterwards is its close
    ControlDecoder decoder_;
};

}  // namespace traceshark::extcap
