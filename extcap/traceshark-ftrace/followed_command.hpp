// The optional COMMAND of a capture: started by the extcap, recorded from its first instruction (the instance's
// PID filter names it before it runs, and follows its children), and the end of the capture when it exits.
#pragma once

#include <sys/types.h>

#include <string>

namespace traceshark::extcap {

class FollowedCommand {
public:
    // Forks a child that waits until release() before running `/bin/sh -c command`. When the extcap runs setuid
    // root, the child runs with the real user and group ids of whoever started the capture, never as root.
    // Its standard input and output are /dev/null, its standard error the extcap's (Wireshark shows it).
    explicit FollowedCommand(const std::string& command);
    // A command still running when the capture ends is sent SIGTERM (and waited for).
    ~FollowedCommand();
    FollowedCommand(const FollowedCommand&) = delete;
    FollowedCommand& operator=(const FollowedCommand&) = delete;

    pid_t pid() const { return pid_; }
    void release();
    // Whether it has exited (reaped here, without blocking).
    bool exited();

private:
    pid_t pid_ = -1;
    int go_ = -1;  // write end of the pipe the child waits on
    bool reaped_ = false;
};

}  // namespace traceshark::extcap
