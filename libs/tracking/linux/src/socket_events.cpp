// LinuxMapper's network side: the socket syscalls, sock:inet_sock_set_state and the libc uprobes that record
// socket addresses (tools/traceshark-record --net), decoded into SocketTracker calls.
#include <traceevent/event-parse.h>

#include "event_field.hpp"

#include <array>
#include <string>

#include "traceshark/tracking/linux/mapper.hpp"
#include "traceshark/tracking/packet_link.hpp"

namespace traceshark::tracking {
namespace {

constexpr int64_t kAfInet = 2, kAfInet6 = 10;

struct NetSpec {
    const char* name;
    NetCall call;
    bool counts_messages = false;
};
const NetSpec kNetSyscalls[] = {
    {"connect", NetCall::Connect}, {"bind", NetCall::Bind}, {"listen", NetCall::Listen},
    {"shutdown", NetCall::Shutdown}, {"sendto", NetCall::Send}, {"recvfrom", NetCall::Recv},
    {"sendmsg", NetCall::Send}, {"recvmsg", NetCall::Recv}, {"sendmmsg", NetCall::Send, true},
    {"recvmmsg", NetCall::Recv, true},
};

struct AddrProbe {
    const char* name;
    AddrCall call;
};
const AddrProbe kAddrProbes[] = {{"connect", AddrCall::Connect}, {"bind", AddrCall::Bind}, {"sendto", AddrCall::Sendto}};

using linux_event::number;

// A fixed-size byte array field (inet_sock_set_state's addresses), or an empty span.
std::span<const uint8_t> bytes(tep_format_field* f, tep_record& rec, int size)
{
    if (!f || f->size != size || f->offset < 0 || f->offset + f->size > rec.size) return {};
    return {static_cast<const uint8_t*>(rec.data) + f->offset, static_cast<size_t>(size)};
}

uint16_t swap16(uint64_t v) { return static_cast<uint16_t>((v & 0xff) << 8 | (v >> 8 & 0xff)); }

// The socket address the uprobe fetched (raw memory of an x86-64 process: little-endian words holding the
// network-order bytes), as an endpoint; "" for another family or no address.
std::string probe_endpoint(const auto& n, tep_record& rec)
{
    const auto sa = number(n.sa, rec), family = number(n.family, rec), port = number(n.port, rec);
    if (!sa || *sa == 0 || !family || !port) return {};
    const uint16_t p = swap16(static_cast<uint64_t>(*port));
    if (*family == kAfInet) {
        const auto a = number(n.addr, rec);
        if (!a) return {};
        const std::array<uint8_t, 4> b{static_cast<uint8_t>(*a), static_cast<uint8_t>(*a >> 8),
                                       static_cast<uint8_t>(*a >> 16), static_cast<uint8_t>(*a >> 24)};
        return endpoint_text(b, p);
    }
    if (*family == kAfInet6) {
        const auto hi = number(n.addr6_hi, rec), lo = number(n.addr6_lo, rec);
        if (!hi || !lo) return {};
        std::array<uint8_t, 16> b{};
        for (int i = 0; i < 8; ++i) {
            b[i] = static_cast<uint8_t>(static_cast<uint64_t>(*hi) >> (8 * i));
            b[8 + i] = static_cast<uint8_t>(static_cast<uint64_t>(*lo) >> (8 * i));
        }
        return endpoint_text(b, p);
    }
    return {};
}

tep_format_field* field(tep_event* ev, const char* name) { return tep_find_any_field(ev, name); }

}  // namespace

void LinuxMapper::add_net_events()
{
    for (const NetSpec& spec : kNetSyscalls) {
        const std::string name = spec.name;
        if (tep_event* ev = formats_.find("syscalls", "sys_enter_" + name))
            net_events_[ev->id] = NetEvent{NetEvent::Enter, &spec, ev, field(ev, "fd")};
        if (tep_event* ev = formats_.find("syscalls", "sys_exit_" + name)) {
            NetEvent n{NetEvent::Exit, &spec, ev};
            n.ret = field(ev, "ret");
            net_events_[ev->id] = n;
        }
    }
    for (const AddrProbe& probe : kAddrProbes) {
        tep_event* ev = formats_.find("libc", probe.name);
        if (!ev) continue;
        NetEvent n{NetEvent::Hint, &probe, ev, field(ev, "fd")};
        n.sa = field(ev, "sa");
        n.family = field(ev, "family");
        n.port = field(ev, "port");
        n.addr = field(ev, "addr");
        n.addr6_hi = field(ev, "addr6_hi");
        n.addr6_lo = field(ev, "addr6_lo");
        net_events_[ev->id] = n;
    }
    if (tep_event* ev = formats_.find("sock", "inet_sock_set_state")) {
        NetEvent n{NetEvent::State, nullptr, ev};
        n.skaddr = field(ev, "skaddr");
        n.oldstate = field(ev, "oldstate");
        n.newstate = field(ev, "newstate");
        n.sport = field(ev, "sport");
        n.dport = field(ev, "dport");
        n.family = field(ev, "family");
        n.protocol = field(ev, "protocol");
        n.saddr = field(ev, "saddr");
        n.daddr = field(ev, "daddr");
        n.saddr_v6 = field(ev, "saddr_v6");
        n.daddr_v6 = field(ev, "daddr_v6");
        net_events_[ev->id] = n;
    }
}

void LinuxMapper::map_net_event(const NetEvent& n, tep_record& rec, NormalizedEvent& e)
{
    switch (n.kind) {
    case NetEvent::Hint: {
        const auto fd = number(n.fd, rec);
        if (!fd) return;
        sockets_.address_hint(e.tid, static_cast<const AddrProbe*>(n.spec)->call, static_cast<int>(*fd),
                              probe_endpoint(n, rec));
        return;
    }
    case NetEvent::Enter: {
        const auto* spec = static_cast<const NetSpec*>(n.spec);
        NetArgs a;
        if (auto fd = number(n.fd, rec)) a.fd = *fd;
        a.counts_messages = spec->counts_messages;
        sockets_.enter(e.tid, spec->call, a, e.ts);
        return;
    }
    case NetEvent::Exit: {
        const auto ret = number(n.ret, rec);
        if (!ret) return;
        e.activity = sockets_.exit(e.tid, static_cast<const NetSpec*>(n.spec)->call, *ret, e.ts, files_);
        return;
    }
    case NetEvent::State: {
        const auto skaddr = number(n.skaddr, rec), olds = number(n.oldstate, rec), news = number(n.newstate, rec),
                   sport = number(n.sport, rec), dport = number(n.dport, rec), family = number(n.family, rec),
                   protocol = number(n.protocol, rec);
        if (!skaddr || !olds || !news || !sport || !dport || !family || !protocol) return;
        const bool v6 = *family == kAfInet6;
        const auto src = v6 ? bytes(n.saddr_v6, rec, 16) : bytes(n.saddr, rec, 4);
        const auto dst = v6 ? bytes(n.daddr_v6, rec, 16) : bytes(n.daddr, rec, 4);
        if (src.empty() || dst.empty()) return;
        sockets_.state_change(e.tid, static_cast<uint64_t>(*skaddr), static_cast<int>(*olds), static_cast<int>(*news),
                              static_cast<int>(*protocol), endpoint_text(src, static_cast<uint16_t>(*sport)),
                              endpoint_text(dst, static_cast<uint16_t>(*dport)), e.ts);
        return;
    }
    }
}

void LinuxMapper::socket_file_enter(FileCall, const char* name, const SyscallArgs& a, NormalizedEvent& e)
{
    NetArgs n;
    const bool socket = std::string_view(name) == "socket";
    if (socket) {
        n.family = a.fd;  // socket(family, type, protocol): the spec names them fd, flags, fd2
        n.type = a.flags;
        n.protocol = a.fd2;
    } else {
        n.fd = a.fd;  // accept/accept4: the listener
    }
    sockets_.enter(e.tid, socket ? NetCall::Socket : NetCall::Accept, n, e.ts);
}

void LinuxMapper::socket_file_exit(FileCall call, int64_t ret, NormalizedEvent& e)
{
    const uint64_t h = *e.activity.handle;
    switch (call) {
    case FileCall::Socket: {
        // socket or accept: whichever entry the thread made
        const NetCall c = sockets_.pending_call(e.tid).value_or(NetCall::Socket);
        e.activity = sockets_.exit(e.tid, c == NetCall::Accept ? NetCall::Accept : NetCall::Socket, ret, e.ts, files_, h);
        break;
    }
    case FileCall::Read:
    case FileCall::Write:
        if (files_.is_socket(h)) e.activity = sockets_.io(h, call == FileCall::Read ? NetCall::Recv : NetCall::Send, ret);
        break;
    case FileCall::Close:
        if (files_.is_socket(h)) e.activity = e.activity.keeps_open ? Activity{} : sockets_.closed(h, e.ts);
        break;
    default: e.activity = Activity{}; break;
    }
}

std::vector<std::string> LinuxMapper::socket_syscalls()
{
    // socket, accept and accept4 are file syscalls too (they make descriptors): the file table has them.
    std::vector<std::string> out = {"socket", "accept", "accept4", "close"};
    for (const NetSpec& spec : kNetSyscalls) out.emplace_back(spec.name);
    return out;
}

}  // namespace traceshark::tracking
