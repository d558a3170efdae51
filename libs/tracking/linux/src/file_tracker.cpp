#include "traceshark/tracking/linux/file_tracker.hpp"

#include <climits>

namespace traceshark::tracking {
namespace {

constexpr int kAtFdCwd = -100;
constexpr int64_t kOCloexec = 0x80000;      // O_CLOEXEC, SOCK_CLOEXEC
constexpr int64_t kAtRemoveDir = 0x200;     // unlinkat: rmdir
constexpr int64_t kFDupFd = 0, kFSetFd = 2, kFDupFdCloexec = 1030;
constexpr int64_t kFdCloexec = 1;           // F_SETFD's FD_CLOEXEC
constexpr int64_t kCloseRangeUnshare = 2, kCloseRangeCloexec = 4;
constexpr int64_t kEBadF = 9;

// The libc function a uprobe saw belongs to this syscall (its path is this syscall's).
bool hint_fits(PathCall hint, FileCall call, const SyscallArgs& a)
{
    switch (hint) {
    case PathCall::Open: return call == FileCall::Open;
    case PathCall::Rename: return call == FileCall::Rename;
    case PathCall::Unlink: return call == FileCall::Unlink;
    case PathCall::Rmdir: return call == FileCall::Rmdir || (call == FileCall::Unlink && (a.flags & kAtRemoveDir));
    case PathCall::Mkdir: return call == FileCall::Mkdir;
    }
    return false;
}

int as_fd(int64_t v) { return v < 0 || v > INT_MAX ? -1 : static_cast<int>(v); }

}  // namespace

void FileTracker::path_hint(int tid, PathCall call, std::string path, std::string path2)
{
    hints_[tid] = Hint{call, std::move(path), std::move(path2)};
}

void FileTracker::enter(int tid, FileCall call, SyscallArgs args)
{
    // The hint is for the very next file syscall of the thread: libc makes it right away.
    if (auto h = hints_.find(tid); h != hints_.end()) {
        if (hint_fits(h->second.call, call, args)) {
            if (args.path.empty()) args.path = std::move(h->second.path);
            if (args.path2.empty()) args.path2 = std::move(h->second.path2);
        }
        hints_.erase(h);
    }
    Pending& p = pending_[tid];  // one node per thread, reused by its every syscall (no allocation per event)
    p.call = call;
    p.args = std::move(args);
    p.active = true;
}

std::shared_ptr<FdTable>& FileTracker::table_for(int tid)
{
    auto& t = tables_[tid];
    if (!t) t = std::make_shared<FdTable>();  // a task first seen: its descriptors are unknown so far
    return t;
}

const FdTable* FileTracker::table(int tid) const
{
    auto it = tables_.find(tid);
    return it == tables_.end() ? nullptr : it->second.get();
}

const std::string& FileTracker::path_of(uint64_t handle) const
{
    static const std::string unknown;
    return handle < descriptions_.size() ? descriptions_[handle].path : unknown;
}

uint64_t FileTracker::new_handle(std::string path, bool socket)
{
    descriptions_.push_back(Description{std::move(path), socket});
    return descriptions_.size() - 1;
}

uint64_t FileTracker::handle_of(FdTable& t, int fd)
{
    if (const FdTable::Entry* e = t.find(fd)) return e->handle;
    const uint64_t h = new_handle({}, false);  // opened before the capture (or by a call the trace lacks)
    t.install(fd, h, false);
    return h;
}

std::string FileTracker::resolve(FdTable& t, int dirfd, const std::string& path) const
{
    if (path.empty() || path == "(fault)") return {};  // the uprobe could not read the string
    if (path.front() == '/') return path;
    if (dirfd == kAtFdCwd || dirfd < 0) return {};  // the cwd is not in the trace
    const FdTable::Entry* dir = t.find(dirfd);
    if (!dir || path_of(dir->handle).empty()) return {};
    const std::string& base = path_of(dir->handle);
    return base.back() == '/' ? base + path : base + "/" + path;
}

Activity FileTracker::exit(int tid, FileCall call, int64_t ret, std::vector<uint64_t>& closed)
{
    Activity a;
    auto p = pending_.find(tid);
    if (p == pending_.end() || !p->second.active || p->second.call != call) {
        if (p != pending_.end()) p->second.active = false;
        return a;  // its entry is not in the trace: the arguments are unknown
    }
    const SyscallArgs args = std::move(p->second.args);
    p->second.active = false;
    FdTable& t = *table_for(tid);
    const bool failed = ret < 0;
    auto on_handle = [&](ActivityKind kind, uint64_t h) {
        if (descriptions_[h].socket) {  // network activity is SocketTracker's: the handle only
            a.handle = h;
            return;
        }
        a.kind = kind;
        a.path = path_of(h);
        a.handle = h;
    };

    switch (call) {
    case FileCall::Open: {
        a.kind = ActivityKind::FileOpen;
        a.path = resolve(t, args.dirfd, args.path);
        a.failed = failed;
        if (failed) break;
        a.handle = new_handle(a.path, false);
        if (auto old = t.install(as_fd(ret), *a.handle, args.flags_known && (args.flags & kOCloexec)))
            closed.push_back(*old);  // the table had missed its close
        break;
    }
    case FileCall::Close: {
        const int fd = as_fd(args.fd);
        const auto c = t.close(fd);
        if (ret == -kEBadF && !c) {  // not open: closes nothing
            a.kind = ActivityKind::FileClose;
            a.failed = true;
            break;
        }
        // Linux releases the descriptor even when close reports an error (EINTR, EIO).
        on_handle(ActivityKind::FileClose, c ? c->handle : new_handle({}, false));
        a.keeps_open = c && c->still_referenced;
        a.failed = failed;
        break;
    }
    case FileCall::CloseRange: {
        if (failed) break;
        const int first = as_fd(args.fd);
        const int last = args.fd2 < 0 || args.fd2 > INT_MAX ? INT_MAX : static_cast<int>(args.fd2);
        if (args.flags & kCloseRangeUnshare) {
            auto& shared = table_for(tid);
            if (shared.use_count() > 1) shared = std::make_shared<FdTable>(*shared);
        }
        FdTable& own = *table_for(tid);
        if (args.flags & kCloseRangeCloexec) own.set_cloexec_range(first, last);
        else for (uint64_t h : own.close_range(first, last)) closed.push_back(h);
        break;
    }
    case FileCall::Dup:
    case FileCall::Fcntl: {
        const int fd = as_fd(args.fd);
        if (call == FileCall::Fcntl && args.flags == kFSetFd) {
            if (!failed) t.set_cloexec(fd, args.fd2 & kFdCloexec);
            break;
        }
        if (call == FileCall::Fcntl && args.flags != kFDupFd && args.flags != kFDupFdCloexec) break;
        if (failed || fd < 0) break;
        const bool cloexec = call == FileCall::Fcntl ? args.flags == kFDupFdCloexec : (args.flags & kOCloexec) != 0;
        const uint64_t h = handle_of(t, fd);
        if (auto old = t.install(as_fd(ret), h, cloexec)) closed.push_back(*old);
        on_handle(ActivityKind::FileMetadata, h);  // another descriptor of the same open file
        break;
    }
    case FileCall::Socket:
        if (!failed) {
            a.handle = new_handle({}, true);  // kind None: the new socket's handle, for SocketTracker
            if (auto old = t.install(as_fd(ret), *a.handle, (args.flags & kOCloexec) != 0)) closed.push_back(*old);
        }
        break;
    case FileCall::Read:
    case FileCall::Write: {
        const int fd = as_fd(args.fd);
        if (fd < 0 || (ret == -kEBadF && !t.find(fd))) {
            a.kind = call == FileCall::Read ? ActivityKind::FileRead : ActivityKind::FileWrite;
            a.failed = true;
            break;
        }
        on_handle(call == FileCall::Read ? ActivityKind::FileRead : ActivityKind::FileWrite, handle_of(t, fd));
        if (a.kind == ActivityKind::None) {  // a socket: its bytes for SocketTracker
            if (!failed) a.bytes = static_cast<uint64_t>(ret);
            a.failed = failed;
            break;
        }
        a.failed = failed;
        if (!failed) a.bytes = static_cast<uint64_t>(ret);
        a.offset = args.offset;
        break;
    }
    case FileCall::Rename:
        a.kind = ActivityKind::FileMetadata;
        a.path = resolve(t, args.dirfd, args.path);
        a.target = resolve(t, args.dirfd2, args.path2);
        a.path_only = true;
        a.failed = failed;
        break;
    case FileCall::Unlink:
    case FileCall::Rmdir:
    case FileCall::Mkdir:
        a.kind = call == FileCall::Mkdir ? ActivityKind::FileMetadata : ActivityKind::FileDelete;
        a.path = resolve(t, args.dirfd, args.path);
        a.path_only = true;
        a.failed = failed;
        break;
    }
    return a;
}

std::optional<uint64_t> FileTracker::socket_of(int tid, int fd)
{
    if (fd < 0) return std::nullopt;
    FdTable& t = *table_for(tid);
    if (const FdTable::Entry* e = t.find(fd)) {
        if (descriptions_[e->handle].socket) return e->handle;
        return std::nullopt;
    }
    const uint64_t h = new_handle({}, true);  // a socket opened before the capture (or by socketpair)
    t.install(fd, h, false);
    return h;
}

bool FileTracker::is_socket(uint64_t handle) const
{
    return handle < descriptions_.size() && descriptions_[handle].socket;
}

void FileTracker::clone(int parent, int child, bool shares_files)
{
    std::shared_ptr<FdTable>& from = table_for(parent);
    tables_[child] = shares_files ? from : std::make_shared<FdTable>(*from);
}

std::vector<uint64_t> FileTracker::exec(int tid, int old_tid)
{
    if (old_tid >= 0 && old_tid != tid) {
        // A thread that was not the leader exec'd: it carries on under the leader's tid.
        if (auto it = tables_.find(old_tid); it != tables_.end()) {
            tables_[tid] = it->second;
            tables_.erase(it);
        }
        pending_.erase(old_tid);
        hints_.erase(old_tid);
    }
    pending_.erase(tid);
    std::shared_ptr<FdTable>& t = table_for(tid);
    if (t.use_count() > 1) t = std::make_shared<FdTable>(*t);  // exec unshares the table
    return t->close_on_exec();
}

std::vector<uint64_t> FileTracker::exit_task(int tid)
{
    pending_.erase(tid);
    hints_.erase(tid);
    auto it = tables_.find(tid);
    if (it == tables_.end()) return {};
    const std::shared_ptr<FdTable> t = std::move(it->second);
    tables_.erase(it);
    return t.use_count() == 1 ? t->handles() : std::vector<uint64_t>{};
}

}  // namespace traceshark::tracking
