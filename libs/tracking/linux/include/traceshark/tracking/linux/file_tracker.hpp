// Linux file activity from syscalls: the fd tables of every task (FdTable), which open file description each
// descriptor names, and the activity (common model, event.hpp) of each syscall's exit event, where its result is.
// Decoding the trace events is LinuxMapper's job; this is the state machine, fed with plain values.
//
// Paths, in this order: a string the syscall event itself carries, then the path a libc uprobe recorded in the
// same thread just before the syscall (path_hint), else unknown. A relative path is resolved against its dirfd
// when the table knows that descriptor's path; against the cwd it stays unknown (the trace has no chdir state).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "traceshark/tracking/event.hpp"
#include "traceshark/tracking/linux/fd_table.hpp"

namespace traceshark::tracking {

enum class FileCall : uint8_t {
    Open,        // open, openat, openat2, creat: path, dirfd, flags; returns the descriptor
    Close,       // fd
    CloseRange,  // fd .. fd2, flags
    Dup,         // dup(fd), dup2/dup3(fd, fd2, flags): returns the new descriptor
    Fcntl,       // fd, cmd (flags), arg (fd2)
    Socket,      // socket, accept, accept4: returns a socket descriptor (its activity: kind None, `handle` set;
                 // the same for read/write/close on a socket, with `bytes`: network activity is SocketTracker's)
    Read, Write, // fd, offset for pread64/pwrite64; returns the bytes
    Rename,      // path -> path2 (dirfd, dirfd2)
    Unlink,      // path; flags AT_REMOVEDIR for unlinkat's rmdir
    Rmdir,       // path
    Mkdir,       // path
};

// What a libc uprobe recorded before the syscall: the function's kind of call and its paths.
enum class PathCall : uint8_t { Open, Rename, Unlink, Rmdir, Mkdir };

struct SyscallArgs {
    int64_t fd = -1, fd2 = -1;
    int64_t flags = 0;
    int dirfd = -100, dirfd2 = -100;  // AT_FDCWD
    std::optional<int64_t> offset;
    bool flags_known = true;  // openat2 keeps its flags in user memory (struct open_how)
    // Strings the syscall event itself carries (kernels that record them), else empty.
    std::string path, path2;
};

class FileTracker {
public:
    // A libc function about to make a syscall recorded its path arguments (uprobe with string fetch args).
    void path_hint(int tid, PathCall call, std::string path, std::string path2 = {});
    void enter(int tid, FileCall call, SyscallArgs args);
    // The syscall's result: its activity (kind None when it touches no file), and in `closed` the handles it
    // closed besides its own (dup2 onto an open descriptor, close_range).
    Activity exit(int tid, FileCall call, int64_t ret, std::vector<uint64_t>& closed);

    // Task lifetimes: `child` shares the creator's table (CLONE_FILES) or gets a copy.
    void clone(int parent, int child, bool shares_files);
    // exec in `tid` (formerly `old_tid` when not the leader): the table is unshared and loses its close-on-exec
    // descriptors; returns their handles.
    std::vector<uint64_t> exec(int tid, int old_tid);
    // Task `tid` ended: when it was its table's last user, every handle it still had is closed (returned).
    std::vector<uint64_t> exit_task(int tid);

    const FdTable* table(int tid) const;
    // The socket handle descriptor `fd` of `tid` names (one not seen opened becomes a socket of unknown kind);
    // nullopt when it names a file.
    std::optional<uint64_t> socket_of(int tid, int fd);
    bool is_socket(uint64_t handle) const;
    // The path handle `h` was opened with ("" when unknown).
    const std::string& path_of(uint64_t handle) const;

private:
    struct Description {
        std::string path;
        bool socket = false;
    };
    struct Pending {
        FileCall call = FileCall::Open;
        SyscallArgs args;
        bool active = false;  // entered, its exit not seen yet
    };
    struct Hint {
        PathCall call;
        std::string path, path2;
    };

    std::shared_ptr<FdTable>& table_for(int tid);
    uint64_t new_handle(std::string path, bool socket);
    // The handle `fd` refers to; an fd never seen opened gets a handle of unknown path now.
    uint64_t handle_of(FdTable& t, int fd);
    std::string resolve(FdTable& t, int dirfd, const std::string& path) const;

    std::map<int, std::shared_ptr<FdTable>> tables_;
    std::map<int, Pending> pending_;
    std::map<int, Hint> hints_;
    std::vector<Description> descriptions_;  // by handle
};

}  // namespace traceshark::tracking
