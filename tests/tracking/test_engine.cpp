// The engine on hand-made event streams: the cases a real capture rarely shows on demand.
#include <boost/test/unit_test.hpp>

#include "traceshark/tracking/engine.hpp"

using namespace traceshark::tracking;

namespace {

NormalizedEvent ev(EventKind kind, Timestamp ts, int tid, int child = -1, std::string name = {})
{
    NormalizedEvent e;
    e.kind = kind;
    e.ts = ts;
    e.tid = tid;
    e.child = child;
    e.name = std::move(name);
    return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(events_before_the_first_fork_create_partial_processes_named_from_saved_cmdlines)
{
    Engine e;
    const uint32_t m = e.add_machine({"host", "Linux"});
    e.set_known_names(m, {{100, "bash"}});
    const EventSeq first = e.consume(ev(EventKind::Activity, 10, 100));
    const Context c = e.context(m, 100, first);
    BOOST_REQUIRE(c.process);
    BOOST_TEST(c.process->partial);
    BOOST_TEST(c.process->pid == 100);
    BOOST_TEST(c.process_name == "bash");
    BOOST_TEST(!c.parent);
}

BOOST_AUTO_TEST_CASE(pid_reuse_gives_a_new_instance)
{
    Engine e;
    const uint32_t m = e.add_machine({"host", "Linux"});
    e.consume(ev(EventKind::ProcessStart, 1, 10, 20, "first"));
    const EventSeq in_first = e.consume(ev(EventKind::Activity, 2, 20));
    NormalizedEvent code = ev(EventKind::ProcessExit, 3, 20);
    code.code = 1;
    e.consume(code);
    e.consume(ev(EventKind::ThreadExit, 4, 20, 20));
    e.consume(ev(EventKind::ProcessFree, 5, 0, 20));
    e.consume(ev(EventKind::ProcessStart, 6, 10, 20, "second"));
    const EventSeq in_second = e.consume(ev(EventKind::Activity, 7, 20));
    const Context a = e.context(m, 20, in_first), b = e.context(m, 20, in_second);
    BOOST_REQUIRE(a.process && b.process);
    BOOST_TEST(a.process != b.process);
    BOOST_TEST(a.process_name == "first");
    BOOST_TEST(b.process_name == "second");
    BOOST_TEST(a.process->exit_code.value_or(-1) == 1);
    BOOST_TEST(!b.process->exit_code.has_value());
    BOOST_TEST(a.parent == b.parent);  // both children of 10
}

BOOST_AUTO_TEST_CASE(exec_in_a_multithreaded_process_by_a_non_leader)
{
    Engine e;
    const uint32_t m = e.add_machine({"host", "Linux"});
    e.consume(ev(EventKind::ProcessStart, 1, 1, 50, "app"));
    e.consume(ev(EventKind::ThreadStart, 2, 50, 51, "app-worker"));
    e.consume(ev(EventKind::ThreadStart, 3, 50, 52, "app-io"));
    // Thread 51 calls exec: the kernel ends 50 and 52, and 51 continues under the leader's tid 50.
    NormalizedEvent x = ev(EventKind::Exec, 4, 50);
    x.old_tid = 51;
    x.path = "/usr/bin/newprog";
    const EventSeq at_exec = e.consume(x);
    const EventSeq after = e.consume(ev(EventKind::Activity, 5, 50));
    const Context c = e.context(m, 50, after);
    BOOST_REQUIRE(c.process);
    BOOST_TEST(c.exec_file == "/usr/bin/newprog");
    BOOST_TEST(c.process_name == "newprog");
    const Context before = e.context(m, 52, at_exec - 1);
    BOOST_REQUIRE(before.process);
    BOOST_TEST(before.process == c.process);  // same process instance before and after exec
    int live = 0;
    for (InstanceId t : c.process->threads) live += !e.threads()[t].exit_seq;
    BOOST_TEST(live == 1);
}

BOOST_AUTO_TEST_CASE(threads_belong_to_their_process_and_keep_their_names_over_time)
{
    Engine e;
    const uint32_t m = e.add_machine({"host", "Linux"});
    e.consume(ev(EventKind::ProcessStart, 1, 1, 70, "python3"));
    e.consume(ev(EventKind::ThreadStart, 2, 70, 71, "python3"));
    const EventSeq before = e.consume(ev(EventKind::Activity, 3, 71));
    e.consume(ev(EventKind::Rename, 4, 71, 71, "worker-0"));
    const EventSeq after = e.consume(ev(EventKind::Activity, 5, 71));
    BOOST_TEST(e.context(m, 71, before).thread_name == "python3");
    BOOST_TEST(e.context(m, 71, after).thread_name == "worker-0");
    BOOST_TEST(e.context(m, 71, after).process->pid == 70);
    BOOST_TEST(e.context(m, 71, after).process_name == "python3");  // a thread's name is not the process's
}

BOOST_AUTO_TEST_CASE(out_of_order_input_is_reported_with_advice)
{
    Engine e;
    e.add_machine({"host", "Linux"});
    e.consume(ev(EventKind::Activity, 100, 1));
    e.consume(ev(EventKind::Activity, 50, 1));
    BOOST_REQUIRE_EQUAL(e.order_problems().size(), 1u);
    BOOST_TEST(e.order_problems()[0].seq == 1u);
    BOOST_TEST(e.advice().find("reordercap") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
