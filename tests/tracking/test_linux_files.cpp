// Linux file activity (FileTracker through LinuxMapper) on recorded fixtures, against what the recorded workload
// says it did (tools/recording/workload.py writes the truth file beside the capture).
//   files-uprobes.dat  tools/traceshark-record --files --only-command: syscall events plus libc uprobes (paths)
//   v7-zstd.dat        syscall events only: this kernel's syscall events carry no strings, so no path is known
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/unit_test.hpp>

#include "linux_fixture.hpp"

using namespace traceshark;
using namespace traceshark::tracking;
using namespace traceshark::tracking::test;
namespace pt = boost::property_tree;

namespace traceshark::tracking {
inline std::ostream& operator<<(std::ostream& o, ActivityKind k) { return o << '"' << activity_name(k) << '"'; }
}  // namespace traceshark::tracking
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<uint64_t>)

namespace {

std::vector<const FileObject*> objects_at(const Engine& e, const std::string& path, int pid)
{
    std::vector<const FileObject*> found;
    for (const FileObject& f : e.files())
        if (f.path == path && e.processes()[f.process].pid == pid) found.push_back(&f);
    return found;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linux_file_activity)

BOOST_AUTO_TEST_CASE(the_workload_files_with_paths_from_libc_uprobes)
{
    const pt::ptree truth = read_truth("files-uprobes");
    auto m = track_fixture("files-uprobes.dat");
    const Engine& e = m->engine;
    const int root = truth.get<int>("root_pid");

    const pt::ptree* written = truth_event(truth, "file_write");
    const pt::ptree* read = truth_event(truth, "file_read");
    BOOST_REQUIRE(written && read);
    const std::string data = written->get<std::string>("path");
    BOOST_TEST(read->get<std::string>("path") == data);
    // Opened twice by the workload: once written, once read; each open closed again.
    const auto objects = objects_at(e, data, written->get<int>("pid"));
    BOOST_REQUIRE(objects.size() == 2u);
    BOOST_TEST(objects[0]->bytes_written == written->get<uint64_t>("bytes"));
    BOOST_TEST(objects[0]->bytes_read == 0u);
    BOOST_TEST(objects[1]->bytes_read == read->get<uint64_t>("bytes"));
    BOOST_TEST(objects[1]->bytes_written == 0u);
    for (const FileObject* f : objects) {
        BOOST_TEST(!f->partial);
        BOOST_REQUIRE(f->open_seq);
        BOOST_REQUIRE(f->close_seq);
        BOOST_TEST(m->events[*f->open_seq].activity.kind == ActivityKind::FileOpen);
        BOOST_TEST(m->events[*f->close_seq].activity.kind == ActivityKind::FileClose);
        BOOST_TEST(m->events[*f->close_seq].activity.path == data);
        BOOST_TEST(e.file_of(*f->open_seq) == f);
    }
    // The write events themselves: one write of the truth's byte count, on the first object.
    uint64_t write_bytes = 0, writes = 0;
    for (EventSeq seq = 0; seq < m->events.size(); ++seq) {
        const Activity& a = m->events[seq].activity;
        if (a.kind != ActivityKind::FileWrite || a.path != data) continue;
        ++writes;
        write_bytes += a.bytes.value_or(0);
        BOOST_TEST(e.file_of(seq) == objects[0]);
        BOOST_TEST(m->events[seq].tid == root);
    }
    BOOST_TEST(writes == 1u);
    BOOST_TEST(write_bytes == written->get<uint64_t>("bytes"));

    // Path operations: each exactly once, by the workload, successful, with no object.
    auto count = [&](ActivityKind kind, const std::string& path, const std::string& target = {}) {
        size_t n = 0;
        for (EventSeq seq = 0; seq < m->events.size(); ++seq) {
            const NormalizedEvent& ev = m->events[seq];
            if (ev.activity.kind != kind || ev.activity.path != path || ev.activity.target != target) continue;
            BOOST_TEST(ev.tid == root);
            BOOST_TEST(!ev.activity.failed);
            BOOST_TEST(!e.file_of(seq));
            ++n;
        }
        return n;
    };
    const pt::ptree* renamed = truth_event(truth, "rename");
    const pt::ptree* unlinked = truth_event(truth, "unlink");
    const pt::ptree* made = truth_event(truth, "mkdir");
    const pt::ptree* removed = truth_event(truth, "rmdir");
    BOOST_REQUIRE(renamed && unlinked && made && removed);
    BOOST_TEST(count(ActivityKind::FileMetadata, renamed->get<std::string>("old"), renamed->get<std::string>("new")) == 1u);
    BOOST_TEST(count(ActivityKind::FileDelete, unlinked->get<std::string>("path")) == 1u);
    BOOST_TEST(count(ActivityKind::FileMetadata, made->get<std::string>("path")) == 1u);
    BOOST_TEST(count(ActivityKind::FileDelete, removed->get<std::string>("path")) == 1u);

    // Never guessed: a known path is absolute. ld.so opens its libraries with direct syscalls (no libc wrapper,
    // no uprobe): those opens succeed with no path.
    size_t unknown_opens = 0, known_opens = 0;
    for (const NormalizedEvent& ev : m->events) {
        const Activity& a = ev.activity;
        if (!a.path.empty()) BOOST_TEST(a.path.front() == '/');
        if (a.kind == ActivityKind::FileOpen && !a.failed) ++(a.path.empty() ? unknown_opens : known_opens);
    }
    BOOST_TEST(unknown_opens > 0u);
    BOOST_TEST(known_opens > 0u);
    // Every process of the recording ended: every object was closed, by a close, an exec or the exit.
    for (const FileObject& f : e.files()) BOOST_TEST(f.close_seq.has_value());
}

BOOST_AUTO_TEST_CASE(exec_closes_what_the_table_marked_close_on_exec)
{
    auto m = track_fixture("files-uprobes.dat");
    const Engine& e = m->engine;
    size_t closed_by_exec = 0;
    for (EventSeq seq = 0; seq < m->events.size(); ++seq) {
        const NormalizedEvent& ev = m->events[seq];
        if (ev.kind != EventKind::Exec) continue;
        for (uint64_t h : ev.closed_handles) {
            // The object this process had on that handle ends at the exec.
            for (const FileObject& f : e.files()) {
                if (!f.open_seq || m->events[*f.open_seq].activity.handle != h) continue;
                BOOST_TEST(f.close_seq == seq);
                ++closed_by_exec;
            }
        }
    }
    BOOST_TEST(closed_by_exec > 0u);  // bash keeps its script open on a close-on-exec descriptor
}

BOOST_AUTO_TEST_CASE(without_a_path_source_paths_stay_unknown)
{
    const pt::ptree truth = read_truth("v7-zstd");
    auto m = track_fixture("v7-zstd.dat");
    const pt::ptree* written = truth_event(truth, "file_write");
    BOOST_REQUIRE(written);
    size_t activities = 0, workload_writes = 0;
    for (EventSeq seq = 0; seq < m->events.size(); ++seq) {
        const NormalizedEvent& ev = m->events[seq];
        if (ev.activity.kind == ActivityKind::None) continue;
        ++activities;
        BOOST_TEST(ev.activity.path.empty());
        // The data file's write: the truth's bytes, on an object the workload opened in the capture.
        if (ev.tid == written->get<int>("pid") && ev.activity.kind == ActivityKind::FileWrite &&
            ev.activity.bytes == written->get<uint64_t>("bytes")) {
            const FileObject* f = m->engine.file_of(seq);
            BOOST_REQUIRE(f);
            BOOST_TEST(!f->partial);
            BOOST_TEST(f->bytes_written == written->get<uint64_t>("bytes"));
            ++workload_writes;
        }
    }
    BOOST_TEST(activities > 100u);
    BOOST_TEST(workload_writes == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
