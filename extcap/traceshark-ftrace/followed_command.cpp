#include "followed_command.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace traceshark::extcap {

FollowedCommand::FollowedCommand(const std::string& command)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    pid_ = fork();
    if (pid_ < 0) {
        close(p[0]);
        close(p[1]);
        throw std::runtime_error(std::string("cannot start the command: ") + std::strerror(errno));
    }
    if (pid_ == 0) {
        close(p[1]);
        char go = 0;
        // Only async-signal-safe calls from here on. No byte: the extcap failed before recording began.
        if (read(p[0], &go, 1) != 1) _exit(127);
        if (getuid() != geteuid() || getgid() != getegid()) {
            const gid_t g = getgid();
            const uid_t u = getuid();
            if (setgroups(0, nullptr) != 0 || setresgid(g, g, g) != 0 || setresuid(u, u, u) != 0) _exit(126);
        }
        const int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
        }
        signal(SIGPIPE, SIG_DFL);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(p[0]);
    go_ = p[1];
}

FollowedCommand::~FollowedCommand()
{
    if (go_ >= 0) close(go_);  // never released: the child exits without running the command
    if (!reaped_) {
        if (!exited()) kill(pid_, SIGTERM);
        int status;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

void FollowedCommand::release()
{
    const char go = 1;
    if (write(go_, &go, 1) != 1) throw std::runtime_error(std::string("cannot start the command: ") + std::strerror(errno));
    close(go_);
    go_ = -1;
}

bool FollowedCommand::exited()
{
    if (reaped_) return true;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) reaped_ = true;
    return reaped_;
}

}  // namespace traceshark::extcap
