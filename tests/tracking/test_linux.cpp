// Linux tracking on the project's recorded fixtures, against what the recorded workload says it did
// (tests/fixtures/tracecmd/*.truth.json, written by tools/recording/workload.py).
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/unit_test.hpp>

#include "linux_fixture.hpp"

using namespace traceshark;
using namespace traceshark::tracking;
using namespace traceshark::tracking::test;
namespace pt = boost::property_tree;

namespace {

const Process* find_process(const Engine& e, int pid)
{
    const Process* found = nullptr;
    for (const Process& p : e.processes())
        if (p.pid == pid && !p.partial) found = &p;
    return found;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linux_tracking)

BOOST_AUTO_TEST_CASE(the_workload_as_the_truth_file_tells_it)
{
    const pt::ptree truth = read_truth("v7-zstd");
    auto t = track_fixture("v7-zstd.dat");
    const Engine& e = t->engine;
    BOOST_TEST(e.order_problems().empty());
    const int root = truth.get<int>("root_pid");
    const Process* workload = nullptr;
    for (const Process& p : e.processes())
        if (p.pid == root) workload = &p;
    BOOST_REQUIRE(workload);

    for (const auto& [_, ev] : truth.get_child("events")) {
        const std::string kind = ev.get<std::string>("kind");
        if (kind == "fork_rename_exit") {
            const Process* child = find_process(e, ev.get<int>("pid"));
            BOOST_REQUIRE(child);
            BOOST_TEST(child->names.back().value == "forked-child");
            BOOST_TEST(child->exit_code.value_or(-1) == ev.get<int>("code"));
            BOOST_TEST(child->parent == workload->id);
        } else if (kind == "exec") {
            const Process* child = find_process(e, ev.get<int>("pid"));
            BOOST_REQUIRE(child);
            BOOST_REQUIRE(!child->exec_files.empty());
            BOOST_TEST(child->exec_files.back().value == ev.get<std::string>("path"));
            BOOST_TEST(child->parent == workload->id);
            BOOST_TEST(child->exit_code.value_or(-1) == ev.get<int>("code"));
        } else if (kind == "child_exit") {
            // `sh -c 'exit 3'`: the child of the workload that exec'd /bin/sh and exited with 3
            bool found = false;
            for (InstanceId c : workload->children) {
                const Process& p = e.processes()[c];
                if (!p.exec_files.empty() && p.exec_files.back().value == ev.get<std::string>("path") &&
                    p.exit_code == ev.get<int>("code"))
                    found = true;
            }
            BOOST_TEST(found);
        } else if (kind == "thread") {
            const int tid = ev.get<int>("tid");
            const Thread* thread = nullptr;
            for (const Thread& th : e.threads())
                if (th.tid == tid) thread = &th;
            BOOST_REQUIRE(thread);
            BOOST_TEST(thread->process.back().value == workload->id);  // a thread of the workload, not a process
            BOOST_TEST(thread->names.back().value == ev.get<std::string>("comm"));
        }
    }
    // Every event of the workload's pid is in the workload process, whose parent is the recording shell.
    size_t checked = 0;
    for (EventSeq seq = 0; seq < t->events.size(); ++seq) {
        if (t->events[seq].tid != root) continue;
        const Context c = e.context(t->machine, root, seq);
        BOOST_REQUIRE(c.process);
        BOOST_TEST(c.process == workload);
        BOOST_TEST(c.parent == (workload->parent == kNoInstance ? nullptr : &e.processes()[workload->parent]));
        ++checked;
    }
    BOOST_TEST(checked > 100u);
    BOOST_REQUIRE(workload->parent != kNoInstance);
}

BOOST_AUTO_TEST_SUITE_END()
