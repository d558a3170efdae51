// FileTracker (Linux fd tables) on hand-made syscall streams, through the engine: the edge cases of descriptor
// lifetimes, each with the object the engine makes of it.
#include <boost/test/unit_test.hpp>

#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/linux/file_tracker.hpp"

using namespace traceshark::tracking;

namespace traceshark::tracking {
inline std::ostream& operator<<(std::ostream& o, ActivityKind k) { return o << '"' << activity_name(k) << '"'; }
}  // namespace traceshark::tracking
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<uint64_t>)

namespace {

constexpr int64_t kOCloexec = 0x80000, kODirectory = 0x10000;
constexpr int64_t kFSetFd = 2, kFDupFdCloexec = 1030;
constexpr int64_t kCloseRangeCloexec = 4;
constexpr int kAtFdCwd = -100;

SyscallArgs path_args(std::string path, int64_t flags = 0, int dirfd = kAtFdCwd)
{
    SyscallArgs a;
    a.path = std::move(path);
    a.flags = flags;
    a.dirfd = dirfd;
    return a;
}

SyscallArgs fd_args(int64_t fd, int64_t fd2 = -1, int64_t flags = 0)
{
    SyscallArgs a;
    a.fd = fd;
    a.fd2 = fd2;
    a.flags = flags;
    return a;
}

// A machine whose process 100 (thread 100) existed before the capture.
struct Stream {
    FileTracker files;
    Engine engine;
    uint32_t machine = engine.add_machine({"host", "Linux"});
    std::vector<NormalizedEvent> events;

    EventSeq consume(NormalizedEvent e)
    {
        e.machine = machine;
        e.ts = events.size() + 1;
        events.push_back(e);
        return engine.consume(events.back());
    }
    EventSeq call(int tid, FileCall c, SyscallArgs a, int64_t ret)
    {
        files.enter(tid, c, std::move(a));
        NormalizedEvent e;
        e.tid = tid;
        e.activity = files.exit(tid, c, ret, e.closed_handles);
        return consume(e);
    }
    EventSeq clone(int parent, int child, bool thread)
    {
        files.clone(parent, child, thread);
        NormalizedEvent e;
        e.tid = parent;
        e.kind = thread ? EventKind::ThreadStart : EventKind::ProcessStart;
        e.child = child;
        return consume(e);
    }
    EventSeq exec(int tid)
    {
        NormalizedEvent e;
        e.tid = tid;
        e.kind = EventKind::Exec;
        e.path = "/bin/next";
        e.closed_handles = files.exec(tid, tid);
        return consume(e);
    }
    EventSeq exit(int tid)
    {
        NormalizedEvent e;
        e.tid = tid;
        e.kind = EventKind::ThreadExit;
        e.child = tid;
        e.closed_handles = files.exit_task(tid);
        return consume(e);
    }
    const Activity& activity(EventSeq seq) const { return events[seq].activity; }
    const FileObject& object(EventSeq seq) const
    {
        const FileObject* f = engine.file_of(seq);
        BOOST_REQUIRE(f);
        return *f;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(file_tracker)

BOOST_AUTO_TEST_CASE(a_descriptor_reused_after_close_is_another_object)
{
    Stream s;
    const EventSeq open_a = s.call(100, FileCall::Open, path_args("/a"), 3);
    const EventSeq close_a = s.call(100, FileCall::Close, fd_args(3), 0);
    const EventSeq open_b = s.call(100, FileCall::Open, path_args("/b"), 3);
    const EventSeq read_b = s.call(100, FileCall::Read, fd_args(3), 10);
    BOOST_TEST(s.activity(read_b).path == "/b");
    BOOST_TEST(*s.activity(read_b).bytes == 10u);
    BOOST_TEST(&s.object(read_b) == &s.object(open_b));
    BOOST_TEST(&s.object(open_a) != &s.object(open_b));
    BOOST_TEST(s.object(open_a).close_seq == close_a);
    BOOST_TEST(s.object(read_b).bytes_read == 10u);
    BOOST_TEST(!s.object(read_b).close_seq);
}

BOOST_AUTO_TEST_CASE(events_before_the_first_open_are_on_an_object_of_unknown_path)
{
    Stream s;
    const EventSeq r1 = s.call(100, FileCall::Read, fd_args(5), 7);
    const EventSeq r2 = s.call(100, FileCall::Write, fd_args(5), 3);
    const EventSeq c = s.call(100, FileCall::Close, fd_args(5), 0);
    BOOST_TEST(s.activity(r1).kind == ActivityKind::FileRead);
    BOOST_TEST(s.activity(r1).path.empty());
    BOOST_TEST(&s.object(r1) == &s.object(r2));
    BOOST_TEST(s.object(r1).partial);
    BOOST_TEST(s.object(r1).bytes_read == 7u);
    BOOST_TEST(s.object(r1).bytes_written == 3u);
    BOOST_TEST(s.object(r1).close_seq == c);
    // A failed read of a descriptor never opened (EBADF) makes no object.
    const EventSeq bad = s.call(100, FileCall::Read, fd_args(9), -9);
    BOOST_TEST(s.activity(bad).failed);
    BOOST_TEST(!s.engine.file_of(bad));
    // A failed open installs nothing.
    const EventSeq failed = s.call(100, FileCall::Open, path_args("/missing"), -2);
    BOOST_TEST(s.activity(failed).failed);
    BOOST_TEST(s.activity(failed).path == "/missing");
    BOOST_TEST(!s.engine.file_of(failed));
    BOOST_TEST(!s.files.table(100)->find(-2));
}

BOOST_AUTO_TEST_CASE(dup_onto_an_open_descriptor_closes_what_it_named)
{
    Stream s;
    const EventSeq open_a = s.call(100, FileCall::Open, path_args("/a"), 3);
    const EventSeq open_b = s.call(100, FileCall::Open, path_args("/b"), 4);
    const EventSeq dup = s.call(100, FileCall::Dup, fd_args(3, 4), 4);  // dup2(3, 4)
    BOOST_TEST(s.object(open_b).close_seq == dup);
    BOOST_TEST(s.activity(dup).path == "/a");
    const EventSeq w = s.call(100, FileCall::Write, fd_args(4), 5);
    BOOST_TEST(s.activity(w).path == "/a");
    BOOST_TEST(&s.object(w) == &s.object(open_a));
    BOOST_TEST(s.object(open_a).bytes_written == 5u);
    // Closing one of its two descriptors leaves it open; closing the other closes it.
    const EventSeq c3 = s.call(100, FileCall::Close, fd_args(3), 0);
    BOOST_TEST(s.activity(c3).keeps_open);
    BOOST_TEST(!s.object(open_a).close_seq);
    const EventSeq c4 = s.call(100, FileCall::Close, fd_args(4), 0);
    BOOST_TEST(!s.activity(c4).keeps_open);
    BOOST_TEST(s.object(open_a).close_seq == c4);
}

BOOST_AUTO_TEST_CASE(close_range_closes_the_range_or_marks_it_close_on_exec)
{
    Stream s;
    const EventSeq a = s.call(100, FileCall::Open, path_args("/a"), 3);
    const EventSeq b = s.call(100, FileCall::Open, path_args("/b"), 4);
    const EventSeq c = s.call(100, FileCall::Open, path_args("/c"), 5);
    const EventSeq d = s.call(100, FileCall::Open, path_args("/d"), 6);
    const EventSeq range = s.call(100, FileCall::CloseRange, fd_args(4, 5), 0);
    BOOST_TEST(s.object(b).close_seq == range);
    BOOST_TEST(s.object(c).close_seq == range);
    BOOST_TEST(!s.object(a).close_seq);
    BOOST_TEST(!s.object(d).close_seq);
    BOOST_TEST(s.activity(s.call(100, FileCall::Read, fd_args(3), 1)).path == "/a");
    BOOST_TEST(s.activity(s.call(100, FileCall::Read, fd_args(4), 1)).path.empty());  // closed: unknown again
    // close_range(6, ~0U, CLOSE_RANGE_CLOEXEC): nothing closes until the exec.
    const EventSeq mark = s.call(100, FileCall::CloseRange, fd_args(6, 0xffffffff, kCloseRangeCloexec), 0);
    BOOST_TEST(!s.object(d).close_seq);
    BOOST_TEST(s.events[mark].closed_handles.empty());
    const EventSeq exec = s.exec(100);
    BOOST_TEST(s.object(d).close_seq == exec);
    BOOST_TEST(!s.object(a).close_seq);
}

BOOST_AUTO_TEST_CASE(exec_closes_close_on_exec_descriptors_only)
{
    Stream s;
    const EventSeq a = s.call(100, FileCall::Open, path_args("/a", kOCloexec), 3);
    const EventSeq b = s.call(100, FileCall::Open, path_args("/b"), 4);
    s.call(100, FileCall::Fcntl, fd_args(4, 1, kFSetFd), 0);  // fcntl(4, F_SETFD, FD_CLOEXEC)
    const EventSeq c = s.call(100, FileCall::Open, path_args("/c"), 5);
    const EventSeq dup = s.call(100, FileCall::Fcntl, fd_args(5, 10, kFDupFdCloexec), 10);
    BOOST_TEST(s.activity(dup).path == "/c");
    BOOST_TEST(s.files.table(100)->find(10)->cloexec);
    const EventSeq exec = s.exec(100);
    BOOST_TEST(s.object(a).close_seq == exec);
    BOOST_TEST(s.object(b).close_seq == exec);
    BOOST_TEST(!s.object(c).close_seq);  // fd 5 still names it; only its duplicate 10 went
    BOOST_TEST(!s.files.table(100)->find(10));
    const EventSeq r = s.call(100, FileCall::Read, fd_args(5), 4);
    BOOST_TEST(&s.object(r) == &s.object(c));
    // Its last thread's exit closes the rest.
    const EventSeq end = s.exit(100);
    BOOST_TEST(s.object(c).close_seq == end);
}

BOOST_AUTO_TEST_CASE(threads_share_the_table_and_fork_copies_it)
{
    Stream s;
    s.clone(100, 101, true);  // a thread: CLONE_FILES
    const EventSeq open = s.call(101, FileCall::Open, path_args("/shared"), 3);
    const EventSeq r = s.call(100, FileCall::Read, fd_args(3), 8);
    BOOST_TEST(s.activity(r).path == "/shared");
    BOOST_TEST(&s.object(r) == &s.object(open));  // one process, one object
    s.clone(100, 200, false);  // fork: a copy
    const EventSeq child_read = s.call(200, FileCall::Read, fd_args(3), 2);
    BOOST_TEST(s.activity(child_read).path == "/shared");
    BOOST_TEST(s.object(child_read).process != s.object(open).process);  // the child's own object
    const EventSeq child_close = s.call(200, FileCall::Close, fd_args(3), 0);
    BOOST_TEST(s.object(child_read).close_seq == child_close);
    BOOST_TEST(!s.object(open).close_seq);
    BOOST_TEST(s.activity(s.call(101, FileCall::Read, fd_args(3), 1)).path == "/shared");
    // The thread's exit leaves the table to the main thread; the last one's exit closes it.
    const EventSeq thread_end = s.exit(101);
    BOOST_TEST(s.events[thread_end].closed_handles.empty());
    BOOST_TEST(!s.object(open).close_seq);
    const EventSeq end = s.exit(100);
    BOOST_TEST(s.object(open).close_seq == end);
}

BOOST_AUTO_TEST_CASE(relative_paths_resolve_against_a_known_dirfd_only)
{
    Stream s;
    s.call(100, FileCall::Open, path_args("/etc", kODirectory), 3);
    BOOST_TEST(s.activity(s.call(100, FileCall::Open, path_args("hosts", 0, 3), 4)).path == "/etc/hosts");
    BOOST_TEST(s.activity(s.call(100, FileCall::Open, path_args("hosts"), 5)).path.empty());     // the cwd: unknown
    BOOST_TEST(s.activity(s.call(100, FileCall::Open, path_args("x", 0, 42), 6)).path.empty());  // dirfd unknown
}

BOOST_AUTO_TEST_CASE(a_libc_path_names_the_next_file_syscall_of_its_kind_only)
{
    Stream s;
    s.files.path_hint(100, PathCall::Open, "/from/libc");
    BOOST_TEST(s.activity(s.call(100, FileCall::Open, SyscallArgs{}, 3)).path == "/from/libc");
    // A string in the syscall event wins over the hint.
    s.files.path_hint(100, PathCall::Open, "/from/libc");
    BOOST_TEST(s.activity(s.call(100, FileCall::Open, path_args("/from/kernel"), 4)).path == "/from/kernel");
    // A hint of another kind is dropped by the next file syscall: the open after it has no path.
    s.files.path_hint(100, PathCall::Unlink, "/gone");
    BOOST_TEST(s.activity(s.call(100, FileCall::Open, SyscallArgs{}, 5)).path.empty());
    BOOST_TEST(s.activity(s.call(100, FileCall::Unlink, SyscallArgs{}, 0)).path.empty());
    // Another thread's hint is not this thread's.
    s.files.path_hint(101, PathCall::Open, "/other");
    BOOST_TEST(s.activity(s.call(100, FileCall::Open, SyscallArgs{}, 6)).path.empty());
    // rmdir's libc function may use unlinkat(AT_REMOVEDIR).
    s.files.path_hint(100, PathCall::Rmdir, "/dir");
    const EventSeq rm = s.call(100, FileCall::Unlink, fd_args(-1, -1, 0x200), 0);
    BOOST_TEST(s.activity(rm).kind == ActivityKind::FileDelete);
    BOOST_TEST(s.activity(rm).path == "/dir");
    BOOST_TEST(!s.engine.file_of(rm));
}

BOOST_AUTO_TEST_CASE(sockets_are_not_files)
{
    Stream s;
    s.call(100, FileCall::Socket, SyscallArgs{}, 3);
    const EventSeq w = s.call(100, FileCall::Write, fd_args(3), 4);
    BOOST_TEST(s.activity(w).kind == ActivityKind::None);
    BOOST_TEST(!s.engine.file_of(w));
    BOOST_TEST(s.engine.files().empty());
}

BOOST_AUTO_TEST_CASE(an_exit_event_without_its_entry_maps_nothing)
{
    Stream s;
    std::vector<uint64_t> closed;
    BOOST_TEST(s.files.exit(100, FileCall::Read, 10, closed).kind == ActivityKind::None);
    s.files.enter(100, FileCall::Read, fd_args(3));
    BOOST_TEST(s.files.exit(100, FileCall::Write, 10, closed).kind == ActivityKind::None);  // another call's exit
    BOOST_TEST(s.files.exit(100, FileCall::Read, 10, closed).kind == ActivityKind::None);   // its entry was dropped
    BOOST_TEST(closed.empty());
}

BOOST_AUTO_TEST_SUITE_END()
