// A Linux process's file descriptor table as the trace shows it: which open file description ("handle", what
// open() creates and dup() and fork() share) each descriptor refers to, and its close-on-exec flag. Threads
// share one table (CLONE_FILES); fork copies it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace traceshark::tracking {

class FdTable {
public:
    struct Entry {
        uint64_t handle = 0;
        bool cloexec = false;
    };

    const Entry* find(int fd) const;
    // `fd` refers to `handle` from now on. Returns the handle `fd` referred to before when that was its last
    // descriptor in this table (dup2 onto an open descriptor closes it).
    std::optional<uint64_t> install(int fd, uint64_t handle, bool cloexec);
    // Closes `fd`. Returns its handle, and whether another descriptor of the table still refers to it.
    struct Closed {
        uint64_t handle = 0;
        bool still_referenced = false;
    };
    std::optional<Closed> close(int fd);
    void set_cloexec(int fd, bool on);
    // close_range(first, last): the handles no descriptor refers to any more.
    std::vector<uint64_t> close_range(int first, int last);
    void set_cloexec_range(int first, int last);
    // exec: closes the close-on-exec descriptors; the handles no descriptor refers to any more.
    std::vector<uint64_t> close_on_exec();
    // The handles of every descriptor (the table's last user ended).
    std::vector<uint64_t> handles() const;

private:
    bool referenced(uint64_t handle) const { return refs_.count(handle) != 0; }
    void add_ref(uint64_t handle) { ++refs_[handle]; }
    // Drops one descriptor's reference; true when it was the handle's last in this table.
    bool drop_ref(uint64_t handle);
    std::map<int, Entry> fds_;
    std::unordered_map<uint64_t, uint32_t> refs_;  // handle -> descriptors naming it
};

}  // namespace traceshark::tracking
