// The engine on hand-made event streams: the cases a real capture rarely shows on demand.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/process_connections.hpp"
#include "traceshark/tracking/process_io.hpp"

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

NormalizedEvent act(Timestamp ts, int tid, ActivityKind kind, std::optional<uint64_t> bytes = {}, bool failed = false)
{
    NormalizedEvent e = ev(EventKind::Activity, ts, tid);
    e.activity.kind = kind;
    e.activity.bytes = bytes;
    e.activity.failed = failed;
    const bool net = kind >= ActivityKind::NetConnect && kind <= ActivityKind::NetPacket;
    if (net) {
        e.activity.protocol = "tcp";
        e.activity.local = "127.0.0.1:5000";
        e.activity.remote = "127.0.0.1:80";
    } else {
        e.activity.path = kind >= ActivityKind::RegistryOpen ? "HKLM\\Software" : "/tmp/f";
    }
    return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(per_process_io_counts_operations_bytes_and_failures)
{
    Engine e;
    const uint32_t m = e.add_machine({"host", "Linux"});
    e.set_known_names(m, {{100, "worker"}, {200, "idle"}});
    e.consume(act(1, 100, ActivityKind::FileOpen));
    e.consume(act(2, 100, ActivityKind::FileRead, 10));
    e.consume(act(3, 100, ActivityKind::FileWrite, 20));
    e.consume(act(4, 100, ActivityKind::FileWrite, 99, true));  // failed: no bytes
    e.consume(act(5, 100, ActivityKind::FileOpen, {}, true));    // failed: opens nothing
    e.consume(act(6, 100, ActivityKind::FileClose));
    e.consume(act(7, 100, ActivityKind::NetConnect));
    e.consume(act(8, 100, ActivityKind::NetSend, 5));
    e.consume(act(9, 100, ActivityKind::NetPacket, 60));  // a packet: not an operation
    e.consume(act(10, 100, ActivityKind::NetReceive, 7));
    e.consume(act(11, 100, ActivityKind::RegistryRead));
    e.consume(ev(EventKind::Activity, 12, 200));  // no activity at all

    const Process* worker = e.process_of(m, 100, 11);
    const Process* idle = e.process_of(m, 200, 12);
    BOOST_REQUIRE(worker && idle);
    const ProcessIo& io = e.io_of(worker->id);
    BOOST_TEST(io.file_ops == 6u);
    BOOST_TEST(io.files_opened == 1u);
    BOOST_TEST(io.file_bytes_read == 10u);
    BOOST_TEST(io.file_bytes_written == 20u);
    BOOST_TEST(io.net_ops == 3u);
    BOOST_TEST(io.connections == 1u);
    BOOST_TEST(io.bytes_sent == 5u);
    BOOST_TEST(io.bytes_received == 7u);
    BOOST_TEST(io.registry_ops == 1u);
    BOOST_TEST(io.failed == 2u);
    BOOST_TEST(e.io_of(idle->id).file_ops + e.io_of(idle->id).net_ops == 0u);

    // The table: a row for the worker with those figures, none for the idle process.
    const std::string text = process_io_text(e, m);
    BOOST_TEST(text.find("machine host (Linux)") == 0u);
    BOOST_TEST(text.find("     100 worker                   6       1           10           20         3      1"
                         "            5            7         1       2\n") != std::string::npos, text);
    BOOST_TEST(text.find("idle") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(process_connections_list_each_socket_of_each_process_with_its_bytes_and_packets)
{
    Engine e;
    const uint32_t m = e.add_machine({"host", "Linux"});
    e.set_known_names(m, {{100, "client"}, {50, "dns"}});
    e.consume(act(1, 100, ActivityKind::NetConnect));
    e.consume(act(2, 100, ActivityKind::NetSend, 5));
    e.consume(act(3, 100, ActivityKind::NetPacket, 60));
    e.consume(act(4, 100, ActivityKind::NetReceive, 7));
    e.consume(act(5, 100, ActivityKind::NetDisconnect));
    NormalizedEvent udp = act(6, 50, ActivityKind::NetSend, 30);  // a flow already in use: no connect seen
    udp.activity.protocol = "udp";
    udp.activity.local = "";  // not told by the trace
    udp.activity.remote = "10.0.0.9:4000";
    e.consume(udp);
    e.consume(act(7, 100, ActivityKind::FileRead, 1));  // not a connection

    const std::string text = process_connections_text(e, m);
    BOOST_TEST(text.find("machine host (Linux)\n") == 0u);
    const std::string dns = "      50 dns              udp   ?                        10.0.0.9:4000                  1"
                            "           30            0        0 in use\n";
    const std::string client = "     100 client           tcp   127.0.0.1:5000           127.0.0.1:80                   4"
                               "            5            7        1 connect, closed\n";
    BOOST_TEST(text.find(dns) != std::string::npos, text);
    BOOST_TEST(text.find(client) != std::string::npos, text);
    BOOST_TEST(text.find(dns) < text.find(client), "rows by pid");
    BOOST_TEST(std::count(text.begin(), text.end(), '\n') == 4);  // machine, header, two rows

    // Packets linked outside the engine (Wireshark's Linux packet links) replace the engine's count.
    const std::vector<uint64_t> linked{9, 2};
    const std::string with_links = process_connections_text(e, m, &linked);
    BOOST_TEST(with_links.find("            5            7        9 connect, closed\n") != std::string::npos, with_links);
    BOOST_TEST(with_links.find("           30            0        2 in use\n") != std::string::npos, with_links);

    Engine none;
    const uint32_t n = none.add_machine({"quiet", "Linux"});
    BOOST_TEST(process_connections_text(none, n).find("(no connection or flow)") != std::string::npos);

    // The connection's name in the stats tree: the same endpoints, "?" for the one the trace does not tell.
    std::vector<std::string> labels;
    for (const Socket& s : e.sockets()) labels.push_back(connection_label(s));
    const std::vector<std::string> want{"tcp 127.0.0.1:5000 -> 127.0.0.1:80", "udp ? -> 10.0.0.9:4000"};
    BOOST_TEST(labels == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_socket_handle_closed_by_exit_or_exec_ends_its_connection)
{
    Engine e;
    const uint32_t m = e.add_machine({"host", "Linux"});
    auto on = [](NormalizedEvent n, uint64_t handle) {
        n.activity.handle = handle;
        return n;
    };
    e.consume(ev(EventKind::ProcessStart, 1, 1, 100, "client"));
    e.consume(on(act(2, 100, ActivityKind::NetConnect), 7));
    e.consume(on(act(3, 100, ActivityKind::NetSend, 5), 7));
    // exec closes the close-on-exec descriptor: no event of its own, the handle is in the exec's closed list.
    NormalizedEvent exec = ev(EventKind::Exec, 4, 100);
    exec.path = "/bin/true";
    exec.closed_handles = {7};
    const EventSeq exec_seq = e.consume(exec);
    // The same endpoints used again afterwards (another descriptor): a new connection, not the closed one.
    e.consume(on(act(5, 100, ActivityKind::NetSend, 3), 9));
    NormalizedEvent exit = ev(EventKind::ProcessExit, 6, 100);
    exit.closed_handles = {9, 12};  // 12: a handle no activity used, which ends nothing
    const EventSeq exit_seq = e.consume(exit);
    BOOST_REQUIRE_EQUAL(e.sockets().size(), 2u);
    const Socket& first = e.sockets()[0];
    const Socket& second = e.sockets()[1];
    BOOST_TEST((first.close_seq && *first.close_seq == exec_seq));
    BOOST_TEST(first.bytes_sent == 5u);
    BOOST_TEST(first.events == 2u);
    BOOST_TEST(second.partial);  // no connect seen for it
    BOOST_TEST(second.bytes_sent == 3u);
    BOOST_TEST((second.close_seq && *second.close_seq == exit_seq));
    // The connections view says how each began and that both ended.
    const std::string text = process_connections_text(e, m);
    BOOST_TEST(text.find("connect, closed\n") != std::string::npos, text);
    BOOST_TEST(text.find("in use, closed\n") != std::string::npos, text);
}

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
