#include "control_channel.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace traceshark::extcap {

ControlChannel::ControlChannel(std::string in_path, std::string out_path)
    : in_path_(std::move(in_path)), out_path_(std::move(out_path))
{
    if (!in_path_.empty()) in_ = open(in_path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

ControlChannel::~ControlChannel()
{
    if (in_ >= 0) close(in_);
    if (out_ >= 0) close(out_);
}

bool ControlChannel::closed_by_wireshark()
{
    if (in_ < 0) return false;
    char buf[4096];
    for (;;) {
        const ssize_t n = read(in_, buf, sizeof buf);
        if (n > 0) {
            heard_ = true;
            try {
                decoder_.feed(std::string_view(buf, static_cast<size_t>(n)));
                while (decoder_.next()) {
                    // The one control is a logger: nothing Wireshark sends asks for an action.
                }
            } catch (const std::exception&) {
                close(in_);  // not Wireshark's protocol: stop listening, keep capturing
                in_ = -1;
                return false;
            }
            continue;
        }
        if (n == 0) return heard_;  // no writer: before Wireshark opened its end, or after it closed it
        return false;               // EAGAIN: open, nothing new
    }
}

void ControlChannel::send(const ControlMessage& m)
{
    if (out_path_.empty()) return;
    if (out_ < 0) {
        out_ = open(out_path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // ENXIO until Wireshark reads it
        if (out_ < 0) return;
    }
    const std::string bytes = encode_control(m);
    const ssize_t n = write(out_, bytes.data(), bytes.size());  // a pipe takes a message of < PIPE_BUF whole or not
    if (n < 0 && errno == EPIPE) {
        close(out_);
        out_ = -1;
    }
}

void ControlChannel::status(const std::string& text) { send({0, ControlCommand::kStatusbar, text}); }

void ControlChannel::log(const std::string& line) { send({kLogControl, ControlCommand::kAdd, line + "\n"}); }

}  // namespace traceshark::extcap
