// Linux network activity (SocketTracker through LinuxMapper) on a recorded fixture, against what the recorded
// workload says it did (tools/recording/workload.py writes the truth file beside the capture):
//   net-uprobes.dat  tools/traceshark-record --net --only-command: socket and fd syscalls (entry and exit),
//                    sock:inet_sock_set_state, uprobes on libc's connect/bind/sendto (socket addresses), DATE
// and the PacketLinker rule on hand-made lifetimes.
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/unit_test.hpp>

#include <traceevent/event-parse.h>

#include <array>
#include <cstring>
#include <set>
#include <string_view>

#include "linux_fixture.hpp"
#include "traceshark/tracking/linux/file_tracker.hpp"
#include "traceshark/tracking/linux/socket_tracker.hpp"
#include "traceshark/tracking/packet_link.hpp"

using namespace traceshark;
using namespace traceshark::tracking;
using namespace traceshark::tracking::test;
namespace pt = boost::property_tree;

namespace traceshark::tracking {
inline std::ostream& operator<<(std::ostream& o, ActivityKind k) { return o << '"' << activity_name(k) << '"'; }
}  // namespace traceshark::tracking
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<uint32_t>)
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<uint64_t>)

namespace {

std::vector<const Socket*> sockets_of(const Engine& e, int pid, const std::string& protocol)
{
    std::vector<const Socket*> found;
    for (const Socket& s : e.sockets())
        if (s.protocol == protocol && e.processes()[s.process].pid == pid) found.push_back(&s);
    return found;
}

// The records the network side reads: the socket syscalls, the libc address uprobes, inet_sock_set_state.
bool is_socket_record(tep_event* ev)
{
    if (!ev) return false;
    const std::string_view system = ev->system, name = ev->name;
    if (system == "libc" || system == "sock") return true;
    if (system != "syscalls") return false;
    for (const char* call : {"connect", "bind", "listen", "shutdown", "sendto", "recvfrom", "sendmsg", "recvmsg",
                             "sendmmsg", "recvmmsg", "socket", "accept", "accept4"})
        if (name == std::string("sys_enter_") + call || name == std::string("sys_exit_") + call) return true;
    return false;
}

tep_event* event_of(tracecmd::EventFormats& formats, const std::vector<uint8_t>& bytes)
{
    return formats.find(formats.event_id(bytes.data(), static_cast<uint32_t>(bytes.size())));
}

// Every endpoint the tracked sockets name, and the bytes they moved in all.
std::set<std::string> endpoints(const Engine& e)
{
    std::set<std::string> out;
    for (const Socket& s : e.sockets())
        for (const std::string* ep : {&s.local, &s.remote})
            if (!ep->empty()) out.insert(*ep);
    return out;
}

uint64_t bytes_moved(const Engine& e)
{
    uint64_t n = 0;
    for (const Socket& s : e.sockets()) n += s.bytes_sent + s.bytes_received;
    return n;
}

// Writes `value` into field `name` of the record when the record holds it.
void set_field(tep_event* ev, const char* name, std::vector<uint8_t>& bytes, uint64_t value)
{
    tep_format_field* f = tep_find_any_field(ev, name);
    if (f && f->offset >= 0 && f->size <= 8 && static_cast<size_t>(f->offset + f->size) <= bytes.size())
        std::memcpy(bytes.data() + f->offset, &value, static_cast<size_t>(f->size));  // little-endian host, as recorded
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linux_network_activity)

// Bad input: socket records cut short, or holding values no kernel writes, are read as far as they go. What they
// no longer tell stays unknown (no endpoint or byte count is made up), and nothing reads past a record.
BOOST_AUTO_TEST_CASE(malformed_socket_records_tell_nothing_they_do_not_hold)
{
    const pt::ptree truth = read_truth("net-uprobes");
    const pt::ptree* udp_truth = truth_event(truth, "udp");
    BOOST_REQUIRE(udp_truth);
    const int udp_pid = udp_truth->get<int>("pid");
    const auto whole = track_fixture("net-uprobes.dat");
    const std::set<std::string> known = endpoints(whole->engine);
    const uint64_t moved = bytes_moved(whole->engine);
    BOOST_REQUIRE(!known.empty());

    // The address uprobes cut just before their address, or naming a family that does not exist: the datagram's
    // destination is unknown, its size (from sendto's exit) still known; the TCP ends still come from
    // inet_sock_set_state.
    for (const bool cut : {true, false}) {
        size_t edited = 0;
        const auto t = track_fixture("net-uprobes.dat", [&](tracecmd::EventFormats& formats, std::vector<uint8_t>& b) {
            tep_event* ev = event_of(formats, b);
            if (!ev || std::string_view(ev->system) != "libc") return false;
            ++edited;
            if (!cut) {
                set_field(ev, "family", b, 99);
                return true;
            }
            tep_format_field* addr = tep_find_any_field(ev, "addr");
            if (addr && addr->offset >= 0 && static_cast<size_t>(addr->offset) < b.size()) b.resize(addr->offset);
            return true;
        });
        BOOST_TEST_CONTEXT((cut ? "address uprobes cut short" : "address uprobes of family 99"))
        {
            BOOST_TEST(edited > 0u);
            const auto flows = sockets_of(t->engine, udp_pid, "udp");
            BOOST_REQUIRE_EQUAL(flows.size(), 1u);
            BOOST_TEST(flows[0]->remote == "");
            BOOST_TEST(flows[0]->bytes_sent == udp_truth->get<uint64_t>("bytes"));
            const auto tcp = sockets_of(t->engine, udp_pid, "tcp");
            BOOST_TEST(tcp.size() == 2u);
            for (const Socket* s : tcp) BOOST_TEST((!s->local.empty() && !s->remote.empty()));
        }
    }

    // inet_sock_set_state cut just before its addresses: no TCP endpoint from it. What is left is what the connect
    // and bind uprobes told (remote and bound ends), never the client's autobound local port.
    const auto no_state = track_fixture("net-uprobes.dat", [](tracecmd::EventFormats& formats, std::vector<uint8_t>& b) {
        tep_event* ev = event_of(formats, b);
        if (!ev || std::string_view(ev->name) != "inet_sock_set_state") return false;
        tep_format_field* saddr = tep_find_any_field(ev, "saddr");
        if (!saddr || saddr->offset < 0 || static_cast<size_t>(saddr->offset) >= b.size()) return false;
        b.resize(saddr->offset);
        return true;
    });
    const pt::ptree* tcp_truth = truth_event(truth, "tcp");
    BOOST_REQUIRE(tcp_truth);
    const std::string client_end = "127.0.0.1:" + tcp_truth->get<std::string>("client_port");
    BOOST_TEST(endpoints(no_state->engine).count("127.0.0.1:" + tcp_truth->get<std::string>("server_port")) == 1u,
               "the connect uprobe still names the server");
    for (const std::string& ep : endpoints(no_state->engine)) {
        BOOST_TEST(known.count(ep) == 1u, ep);
        BOOST_TEST(ep != client_end, "the client's port is told by inet_sock_set_state alone");
    }

    // Every socket record cut at a length of its own (0 up to one byte short, the common header too), and
    // sock/libc records with every byte set: whatever is mapped names only endpoints the whole records named,
    // and moves no more bytes than they did.
    for (const bool ones : {false, true}) {
        size_t k = 0, edited = 0;
        const auto t = track_fixture("net-uprobes.dat", [&](tracecmd::EventFormats& formats, std::vector<uint8_t>& b) {
            tep_event* ev = event_of(formats, b);
            if (!is_socket_record(ev) || b.empty()) return false;
            ++edited;
            if (ones) {
                if (std::string_view(ev->system) == "syscalls" || b.size() <= 8) return false;
                std::fill(b.begin() + 8, b.end(), 0xff);  // the common header kept: still this event
                return true;
            }
            b.resize((k++ * 7) % b.size());
            return true;
        });
        BOOST_TEST_CONTEXT((ones ? "sock/libc records of all ones" : "socket records cut short"))
        {
            BOOST_TEST(edited > 10u);
            // All ones: an endpoint is one the records named, or the all-ones one they now hold (port 65535).
            for (const std::string& ep : endpoints(t->engine))
                BOOST_TEST((known.count(ep) == 1u || (ones && ep.ends_with(":65535"))), ep);
            BOOST_TEST(bytes_moved(t->engine) <= moved);
        }
    }
}

// The recorded workload's TCP connection and UDP datagram (fixture "net-uprobes" on 127.0.0.1, "net-uprobes-v6" on
// ::1, the truth's "loopback").
void check_workload_network(const std::string& fixture)
{
    const pt::ptree truth = read_truth(fixture);
    auto m = track_fixture(fixture + ".dat");
    const Engine& e = m->engine;
    const std::string lo = truth.get<std::string>("loopback", "127.0.0.1");
    const std::string host = lo.find(':') != std::string::npos ? "[" + lo + "]" : lo;  // "[::1]:port"
    const pt::ptree* tcp_truth = truth_event(truth, "tcp");
    BOOST_REQUIRE(tcp_truth);
    const pt::ptree& tcp = *tcp_truth;
    const int pid = tcp.get<int>("client_pid");
    const std::string server = host + ":" + tcp.get<std::string>("server_port");
    const std::string client = host + ":" + tcp.get<std::string>("client_port");
    const uint64_t bytes = tcp.get<uint64_t>("bytes");

    // Both ends of the loopback connection are the workload's: the client's connect and the server's accept.
    const auto conns = sockets_of(e, pid, "tcp");
    BOOST_REQUIRE_EQUAL(conns.size(), 2u);
    const Socket* c = conns[0]->local == client ? conns[0] : conns[1];
    const Socket* s = conns[0]->local == client ? conns[1] : conns[0];
    BOOST_TEST(c->local == client);
    BOOST_TEST(c->remote == server);
    BOOST_TEST(c->connect_seq.has_value());
    BOOST_TEST(!c->partial);
    BOOST_TEST(c->bytes_sent == bytes);            // "ping"
    BOOST_TEST(c->bytes_received == tcp.get<uint64_t>("answered"));  // "PING"
    BOOST_TEST(c->close_seq.has_value());
    BOOST_TEST(s->local == server);
    BOOST_TEST(s->remote == client);
    BOOST_TEST(s->accept_seq.has_value());
    BOOST_TEST(s->bytes_received == tcp.get<uint64_t>("received"));
    BOOST_TEST(s->bytes_sent == bytes);
    BOOST_TEST(s->close_seq.has_value());
    // The server's end is used by the server thread: its accept, recv, send and close.
    BOOST_TEST(s->events == 4u);
    BOOST_TEST(m->events[*s->accept_seq].tid == tcp.get<int>("server_tid"));
    BOOST_TEST(c->events == 4u);  // connect, send, recv, close

    // The datagram: its destination from the sendto uprobe, its size from sendto's exit; the autobound source
    // port is in no event.
    const pt::ptree* udp_truth = truth_event(truth, "udp");
    BOOST_REQUIRE(udp_truth);
    const pt::ptree& udp = *udp_truth;
    const auto flows = sockets_of(e, udp.get<int>("pid"), "udp");
    BOOST_REQUIRE_EQUAL(flows.size(), 1u);
    BOOST_TEST(flows[0]->remote == host + ":" + udp.get<std::string>("dport"));
    BOOST_TEST(flows[0]->local == "");
    BOOST_TEST(flows[0]->bytes_sent == udp.get<uint64_t>("bytes"));
    BOOST_TEST(flows[0]->bytes_received == 0u);
    BOOST_TEST(flows[0]->close_seq.has_value());
    // No socket of another process: the recording followed the workload only.
    BOOST_TEST(e.sockets().size() == 3u);
}

BOOST_AUTO_TEST_CASE(the_workload_tcp_connection_and_udp_datagram) { check_workload_network("net-uprobes"); }

BOOST_AUTO_TEST_CASE(the_workload_over_ipv6) { check_workload_network("net-uprobes-v6"); }

BOOST_AUTO_TEST_CASE(a_connection_over_a_real_interface_with_a_non_blocking_connect)
{
    // net-eth0.dat: besides the loopback part, an HTTP HEAD request to a web server through eth0. Python's
    // create_connection(timeout=) connects non-blocking (EINPROGRESS); the handshake completes in softirq context,
    // which the pid-filtered recording does not show, so the local port is first told by the close's state
    // change. It is one connection all the same, with the truth's ends and bytes.
    const pt::ptree truth = read_truth("net-eth0");
    const pt::ptree* web_truth = truth_event(truth, "remote_tcp");
    BOOST_REQUIRE(web_truth);
    const pt::ptree& web = *web_truth;
    auto m = track_fixture("net-eth0.dat");
    const std::string remote = web.get<std::string>("remote_addr") + ":" + web.get<std::string>("port");
    std::vector<const Socket*> found;
    for (const Socket* s : sockets_of(m->engine, web.get<int>("pid"), "tcp"))
        if (s->remote == remote) found.push_back(s);
    BOOST_REQUIRE_EQUAL(found.size(), 1u);
    const Socket& s = *found[0];
    BOOST_TEST(s.local == web.get<std::string>("local_addr") + ":" + web.get<std::string>("local_port"));
    BOOST_TEST(s.connect_seq.has_value());
    BOOST_TEST(!s.partial);
    BOOST_TEST(s.bytes_sent == web.get<uint64_t>("sent"));
    BOOST_TEST(s.bytes_received == web.get<uint64_t>("received"));
    BOOST_TEST(s.close_seq.has_value());
    BOOST_TEST(s.events == 5u);  // connect, send, the answer's recv, the end's empty recv, close
    // The in-progress connect is no failure.
    BOOST_TEST(!m->events[*s.connect_seq].activity.failed);
}

BOOST_AUTO_TEST_CASE(endpoints_as_text)
{
    const std::array<uint8_t, 4> v4{10, 0, 0, 1};
    BOOST_TEST(endpoint_text(v4, 5000) == "10.0.0.1:5000");
    std::array<uint8_t, 16> v6{0xfe, 0x80};
    v6[15] = 1;
    BOOST_TEST(endpoint_text(v6, 443) == "[fe80::1]:443");
    std::array<uint8_t, 16> mapped{};
    mapped[10] = mapped[11] = 0xff;
    mapped[12] = 127, mapped[15] = 1;
    BOOST_TEST(endpoint_text(mapped, 9) == "127.0.0.1:9");  // IPv4-mapped: as the wire shows it
    const std::array<uint8_t, 16> any{};
    BOOST_TEST(endpoint_text(any, 0) == "[::]:0");
    std::array<uint8_t, 16> two_runs{0x20, 0x01, 0x0d, 0xb8};
    two_runs[9] = 1, two_runs[15] = 1;  // 2001:db8:0:0:1:0:0:1: the first of two equal runs
    BOOST_TEST(endpoint_text(two_runs, 1) == "[2001:db8::1:0:0:1]:1");
}

BOOST_AUTO_TEST_CASE(packet_link_rule_port_reuse_and_loopback)
{
    PacketLinker l;
    // Port 5000 reused: connection 1 from 100 to 200, connection 2 from 300 on (still open).
    l.add(1, "tcp", "10.0.0.1:5000", "10.0.0.2:80", 100, 200);
    l.add(2, "tcp", "10.0.0.1:5000", "10.0.0.2:80", 300, PacketLinker::kOpen);
    BOOST_TEST(l.find("tcp", "10.0.0.1:5000", "10.0.0.2:80", 150) == std::optional<uint32_t>(1));
    BOOST_TEST(l.find("tcp", "10.0.0.2:80", "10.0.0.1:5000", 150) == std::optional<uint32_t>(1));  // received
    BOOST_TEST(l.find("tcp", "10.0.0.2:80", "10.0.0.1:5000", 250) == std::optional<uint32_t>(1));  // after its end
    BOOST_TEST(l.find("tcp", "10.0.0.1:5000", "10.0.0.2:80", 300) == std::optional<uint32_t>(2));
    BOOST_TEST(!l.find("tcp", "10.0.0.1:5000", "10.0.0.2:80", 50));  // before every one
    BOOST_TEST(!l.find("udp", "10.0.0.1:5000", "10.0.0.2:80", 150));
    // Loopback: both ends in the trace; a packet is its sender's.
    l.add(3, "tcp", "127.0.0.1:4000", "127.0.0.1:80", 100, 200);
    l.add(4, "tcp", "127.0.0.1:80", "127.0.0.1:4000", 110, 190);
    BOOST_TEST(l.find("tcp", "127.0.0.1:4000", "127.0.0.1:80", 150) == std::optional<uint32_t>(3));
    BOOST_TEST(l.find("tcp", "127.0.0.1:80", "127.0.0.1:4000", 150) == std::optional<uint32_t>(4));
    // The sender's end closed (TIME_WAIT's last ACK), the receiver's not: still the sender's.
    BOOST_TEST(l.find("tcp", "127.0.0.1:80", "127.0.0.1:4000", 195) == std::optional<uint32_t>(4));
    // Before the sender's end started (a SYN-ACK before the accept), the receiver's.
    l.add(5, "tcp", "127.0.0.1:81", "127.0.0.1:4001", 120, 200);
    l.add(6, "tcp", "127.0.0.1:4001", "127.0.0.1:81", 100, 200);
    BOOST_TEST(l.find("tcp", "127.0.0.1:81", "127.0.0.1:4001", 110) == std::optional<uint32_t>(6));
}

BOOST_AUTO_TEST_CASE(packet_link_learns_an_autobound_local_end_from_the_first_packet_sent)
{
    // A resolver's UDP flow: connect() autobinds its port, which no event tells. Its query links by the remote end;
    // the answer to the port the query came from links to it too, an answer to another port does not.
    PacketLinker l;
    l.add(7, "udp", "", "10.255.255.53:53", 100, 200);
    BOOST_TEST(!l.link("udp", "10.255.255.53:53", "192.0.2.2:51042", 110));  // nothing sent from that port yet
    BOOST_TEST(l.link("udp", "192.0.2.2:51042", "10.255.255.53:53", 120) == std::optional<uint32_t>(7));
    BOOST_TEST(l.link("udp", "10.255.255.53:53", "192.0.2.2:51042", 130) == std::optional<uint32_t>(7));
    BOOST_TEST(!l.link("udp", "10.255.255.53:53", "192.0.2.2:40000", 130));
    // After the flow's end: the last one that ended before, as for every connection.
    BOOST_TEST(l.link("udp", "10.255.255.53:53", "192.0.2.2:51042", 250) == std::optional<uint32_t>(7));
    // link() is find() for packets a known end fits.
    l.add(8, "tcp", "192.0.2.2:41678", "203.0.113.80:80", 100, 200);
    BOOST_TEST(l.link("tcp", "203.0.113.80:80", "192.0.2.2:41678", 150) == std::optional<uint32_t>(8));
}


// SocketTracker on hand-made streams (plain values, as LinuxMapper feeds it).
namespace {

struct Streams {
    FileTracker files;
    SocketTracker sockets;
    Timestamp now = 1000;
    std::vector<uint64_t> closed;

    // socket(family, type, protocol) in `tid` returning `fd`: the new handle.
    uint64_t socket(int tid, int fd, int family = 2, int type = 1, int protocol = 0)
    {
        SyscallArgs a;
        a.flags = type;
        files.enter(tid, FileCall::Socket, a);
        NetArgs n;
        n.family = family, n.type = type, n.protocol = protocol;
        sockets.enter(tid, NetCall::Socket, n, ++now);
        const Activity f = files.exit(tid, FileCall::Socket, fd, closed);
        sockets.exit(tid, NetCall::Socket, fd, ++now, files, f.handle);
        return *f.handle;
    }
    Activity call(int tid, NetCall c, int fd, int64_t ret, std::string address = {})
    {
        if (!address.empty())
            sockets.address_hint(tid, c == NetCall::Connect ? AddrCall::Connect : c == NetCall::Bind ? AddrCall::Bind : AddrCall::Sendto,
                                 fd, address);
        NetArgs n;
        n.fd = fd;
        sockets.enter(tid, c, n, ++now);
        return sockets.exit(tid, c, ret, ++now, files);
    }
    Activity accept(int tid, int listen_fd, int fd)
    {
        SyscallArgs a;
        a.fd = listen_fd;
        files.enter(tid, FileCall::Socket, a);
        NetArgs n;
        n.fd = listen_fd;
        sockets.enter(tid, NetCall::Accept, n, ++now);
        const Activity f = files.exit(tid, FileCall::Socket, fd, closed);
        return sockets.exit(tid, NetCall::Accept, fd, ++now, files, f.handle);
    }
    void state(int tid, uint64_t sk, int from, int to, const std::string& local, const std::string& remote)
    {
        sockets.state_change(tid, sk, from, to, 6, local, remote, ++now);
    }
};

constexpr int kClose = 7, kListen = 10, kSynRecv = 3, kEstablished = 1, kSynSent = 2;

}  // namespace

BOOST_AUTO_TEST_CASE(accept_takes_the_oldest_child_of_its_listener)
{
    Streams s;
    s.socket(1, 3);
    NetArgs n;
    n.fd = 3;
    s.sockets.enter(1, NetCall::Listen, n, ++s.now);
    s.state(1, 0xa0, kClose, kListen, "0.0.0.0:80", "0.0.0.0:0");
    s.sockets.exit(1, NetCall::Listen, 0, ++s.now, s.files);
    // Two clients complete their handshakes (in softirq context: another task) before the server accepts.
    s.state(9, 0xb1, kListen, kSynRecv, "10.0.0.1:80", "10.0.0.7:4001");
    s.state(9, 0xb1, kSynRecv, kEstablished, "10.0.0.1:80", "10.0.0.7:4001");
    s.state(9, 0xb2, kListen, kSynRecv, "10.0.0.1:80", "10.0.0.8:4002");
    s.state(9, 0xb2, kSynRecv, kEstablished, "10.0.0.1:80", "10.0.0.8:4002");
    const Activity first = s.accept(1, 3, 4), second = s.accept(1, 3, 5);
    BOOST_TEST(first.kind == ActivityKind::NetAccept);
    BOOST_TEST(first.protocol == "tcp");
    BOOST_TEST(first.local == "10.0.0.1:80");
    BOOST_TEST(first.remote == "10.0.0.7:4001");
    BOOST_TEST(second.remote == "10.0.0.8:4002");
    // A third accept with an empty queue (its child was not in the trace): a connection of unknown endpoints.
    const Activity third = s.accept(1, 3, 6);
    BOOST_TEST(third.kind == ActivityKind::NetAccept);
    BOOST_TEST(third.remote == "");
    // Closing the listener is no disconnect; closing a connection is.
    BOOST_TEST(s.sockets.closed(*s.files.socket_of(1, 3), ++s.now).kind == ActivityKind::None);
    BOOST_TEST(s.sockets.closed(*s.files.socket_of(1, 4), ++s.now).kind == ActivityKind::NetDisconnect);
}

BOOST_AUTO_TEST_CASE(connect_failures_endpoints_and_other_families)
{
    Streams s;
    // A refused TCP connect: failed, on the endpoints its SYN_SENT named (the local port is still 0).
    s.socket(1, 3);
    NetArgs n;
    n.fd = 3;
    s.sockets.enter(1, NetCall::Connect, n, ++s.now);
    s.state(1, 0xc1, kClose, kSynSent, "10.0.0.1:0", "10.0.0.2:81");
    s.state(1, 0xc1, kSynSent, kClose, "10.0.0.1:5555", "10.0.0.2:81");
    const Activity refused = s.sockets.exit(1, NetCall::Connect, -111, ++s.now, s.files);
    BOOST_TEST(refused.kind == ActivityKind::NetConnect);
    BOOST_TEST(refused.failed);
    BOOST_TEST(refused.remote == "10.0.0.2:81");
    // A non-blocking connect in progress is not a failure.
    s.socket(1, 4);
    const Activity pending = s.call(1, NetCall::Connect, 4, -115, "10.0.0.2:82");
    BOOST_TEST(!pending.failed);
    // UDP: connect names the remote end; bind the local one; sends carry it.
    s.socket(1, 5, 2, 2);
    s.call(1, NetCall::Bind, 5, 0, "127.0.0.1:7000");
    BOOST_TEST(s.call(1, NetCall::Connect, 5, 0, "127.0.0.1:53").remote == "127.0.0.1:53");
    const Activity sent = s.call(1, NetCall::Send, 5, 20);
    BOOST_TEST(sent.protocol == "udp");
    BOOST_TEST(sent.local == "127.0.0.1:7000");
    BOOST_TEST(sent.remote == "127.0.0.1:53");
    BOOST_TEST(sent.bytes == std::optional<uint64_t>(20));
    // A sendto hint for another descriptor is not this call's: the datagram's destination stays unknown.
    s.socket(1, 6, 2, 2);
    s.sockets.address_hint(1, AddrCall::Sendto, 5, "127.0.0.1:9");
    n.fd = 6;
    s.sockets.enter(1, NetCall::Send, n, ++s.now);
    const Activity blind = s.sockets.exit(1, NetCall::Send, 8, ++s.now, s.files);
    BOOST_TEST(blind.kind == ActivityKind::NetSend);
    BOOST_TEST(blind.remote == "");
    // A unix socket: no network activity.
    s.socket(1, 7, 1, 1);
    BOOST_TEST(s.call(1, NetCall::Send, 7, 3).kind == ActivityKind::None);
    // A receive that failed moves no bytes.
    const Activity failed = s.call(1, NetCall::Recv, 5, -11);
    BOOST_TEST(failed.failed);
    BOOST_TEST(!failed.bytes);
    // An exit without its entry maps nothing.
    BOOST_TEST(s.sockets.exit(1, NetCall::Send, 4, ++s.now, s.files).kind == ActivityKind::None);
}

BOOST_AUTO_TEST_SUITE_END()
