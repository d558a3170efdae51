#include "traceshark/tracking/linux/socket_tracker.hpp"

#include <algorithm>

#include "traceshark/tracking/linux/file_tracker.hpp"

namespace traceshark::tracking {
namespace {

constexpr int kAfInet = 2, kAfInet6 = 10;
constexpr int kSockStream = 1, kSockDgram = 2, kSockTypeMask = 0xf;
constexpr int kIpprotoTcp = 6, kIpprotoUdp = 17;
constexpr int kTcpEstablished = 1, kTcpSynSent = 2, kTcpSynRecv = 3, kTcpClose = 7, kTcpListen = 10;
constexpr int64_t kEInProgress = 115;

bool hint_fits(AddrCall hint, NetCall call)
{
    return (hint == AddrCall::Connect && call == NetCall::Connect) || (hint == AddrCall::Bind && call == NetCall::Bind) ||
           (hint == AddrCall::Sendto && call == NetCall::Send);
}

std::string protocol_name(int family, int type, int protocol)
{
    if (family != kAfInet && family != kAfInet6) return {};
    if (protocol == kIpprotoTcp || (protocol == 0 && (type & kSockTypeMask) == kSockStream)) return "tcp";
    if (protocol == kIpprotoUdp || (protocol == 0 && (type & kSockTypeMask) == kSockDgram)) return "udp";
    return {};
}

}  // namespace

std::string SocketTracker::port_of(const std::string& endpoint)
{
    const auto colon = endpoint.rfind(':');
    return colon == std::string::npos ? std::string() : endpoint.substr(colon + 1);
}

void SocketTracker::address_hint(int tid, AddrCall call, int fd, std::string endpoint)
{
    hints_[tid] = Hint{call, fd, std::move(endpoint)};
}

void SocketTracker::enter(int tid, NetCall call, NetArgs args, Timestamp ts)
{
    Pending p{call, args, ts, std::nullopt};
    // The hint is for the very next socket syscall of the thread on that descriptor: libc makes it right away.
    if (auto h = hints_.find(tid); h != hints_.end()) {
        if (hint_fits(h->second.call, call) && h->second.fd == args.fd && !h->second.endpoint.empty())
            p.address = std::move(h->second.endpoint);
        hints_.erase(h);
    }
    pending_.insert_or_assign(tid, std::move(p));
    pending_skaddr_.erase(tid);
}

SocketTracker::Info& SocketTracker::info_of(uint64_t handle, Timestamp ts)
{
    auto [it, added] = sockets_.try_emplace(handle);
    if (added) it->second.created = ts;  // first sight (opened before the capture): its life starts here
    return it->second;
}

const SocketTracker::Info* SocketTracker::info(uint64_t handle) const
{
    auto it = sockets_.find(handle);
    return it == sockets_.end() ? nullptr : &it->second;
}

Activity SocketTracker::on(uint64_t handle, ActivityKind kind)
{
    Activity a;
    const Info& s = sockets_[handle];
    if (s.protocol.empty()) return a;  // not an IP socket (unix, netlink, ...) or of unknown kind
    a.kind = kind;
    a.protocol = s.protocol;
    a.local = s.local;
    a.remote = s.remote;
    a.handle = handle;
    return a;
}

Activity SocketTracker::exit(int tid, NetCall call, int64_t ret, Timestamp ts, FileTracker& files,
                             std::optional<uint64_t> handle)
{
    auto p = pending_.find(tid);
    if (p == pending_.end() || p->second.call != call) {
        if (p != pending_.end()) pending_.erase(p);
        return {};  // its entry is not in the trace: the arguments are unknown
    }
    const Pending pending = std::move(p->second);
    pending_.erase(p);
    std::optional<uint64_t> skaddr;
    if (auto k = pending_skaddr_.find(tid); k != pending_skaddr_.end()) {
        skaddr = k->second;
        pending_skaddr_.erase(k);
    }
    const bool failed = ret < 0;

    if (call == NetCall::Socket) {
        if (failed || !handle) return {};
        Info& s = info_of(*handle, ts);
        s = Info{};
        s.created = ts;
        s.family = static_cast<int>(pending.args.family);
        s.type = static_cast<int>(pending.args.type);
        s.protocol = protocol_name(s.family, s.type, static_cast<int>(pending.args.protocol));
        return {};
    }
    if (call == NetCall::Accept) {
        const auto listener = files.socket_of(tid, static_cast<int>(pending.args.fd));
        if (failed || !handle) {
            Activity a = listener ? on(*listener, ActivityKind::NetAccept) : Activity{};
            a.failed = a.kind != ActivityKind::None;
            return a;
        }
        const Info* known = listener ? info(*listener) : nullptr;
        const Info l = known ? *known : Info{};  // a copy: info_of may rehash
        Info& s = info_of(*handle, ts);
        s = Info{};
        s.created = ts;
        if (known) {
            s.family = l.family;
            s.type = l.type;
            s.protocol = l.protocol;
            auto q = accept_queue_.find(port_of(l.local));
            if (q != accept_queue_.end() && !q->second.empty()) {
                const uint64_t child = q->second.front();
                q->second.pop_front();
                Sock& k = socks_[child];
                k.handle = *handle;
                s.skaddr = child;
                // Its handshake's packets are its own: the kernel sends the SYN-ACK before it makes the accepted
                // socket (a request sock of the listener does), so its life for packets starts with the listener's.
                // An earlier connection of the same endpoints ended before: PacketLinker prefers it while it lived.
                s.created = std::min({s.created, k.first_ts, l.created});
                s.local = k.local;
                s.remote = k.remote;
            }
        }
        return on(*handle, ActivityKind::NetAccept);
    }

    const auto h = files.socket_of(tid, static_cast<int>(pending.args.fd));
    if (!h) return {};  // not a socket descriptor
    Info& s = info_of(*h, pending.ts);
    switch (call) {
    case NetCall::Connect: {
        if (skaddr) {  // TCP: the struct sock that went to SYN_SENT in this connect
            Sock& k = socks_[*skaddr];
            k.handle = *h;
            s.skaddr = *skaddr;
            if (!k.local.empty()) s.local = k.local;
            if (!k.remote.empty()) s.remote = k.remote;
        } else if (pending.address && (!failed || ret == -kEInProgress)) {
            s.remote = *pending.address;  // UDP (or TCP without state events): the address connect() was given
        }
        Activity a = on(*h, ActivityKind::NetConnect);
        a.failed = failed && ret != -kEInProgress;
        return a;
    }
    case NetCall::Bind:
        if (!failed && pending.address) s.local = *pending.address;
        return {};
    case NetCall::Listen:
        s.listener = true;
        if (skaddr) {
            socks_[*skaddr].handle = *h;
            s.skaddr = *skaddr;
            if (!socks_[*skaddr].local.empty()) s.local = socks_[*skaddr].local;
        }
        return {};
    case NetCall::Shutdown:
        return {};
    case NetCall::Send:
    case NetCall::Recv: {
        Activity a = on(*h, call == NetCall::Send ? ActivityKind::NetSend : ActivityKind::NetReceive);
        if (a.kind == ActivityKind::None) return a;
        // An unconnected datagram socket: this datagram's destination, as sendto() was given it.
        if (a.remote.empty() && pending.address) a.remote = s.last_destination = *pending.address;
        a.failed = failed;
        if (!failed && !pending.args.counts_messages) a.bytes = static_cast<uint64_t>(ret);
        return a;
    }
    default: return {};
    }
}

Activity SocketTracker::io(uint64_t handle, NetCall call, int64_t ret)
{
    Activity a = on(handle, call == NetCall::Send ? ActivityKind::NetSend : ActivityKind::NetReceive);
    if (a.kind == ActivityKind::None) return a;
    a.failed = ret < 0;
    if (ret >= 0) a.bytes = static_cast<uint64_t>(ret);
    return a;
}

Activity SocketTracker::closed(uint64_t handle, Timestamp ts)
{
    Info& s = sockets_[handle];
    // A listener is no connection; an unconnected datagram socket closes the flow of its last datagram.
    Activity a = s.listener ? Activity{} : on(handle, ActivityKind::NetDisconnect);
    if (a.kind != ActivityKind::None && a.remote.empty()) a.remote = s.last_destination;
    s.ended = std::max(ts, s.state_closed);  // a TCP CLOSE state after this moves it on
    return a;
}

void SocketTracker::state_change(int tid, uint64_t skaddr, int oldstate, int newstate, int protocol,
                                 std::string local, std::string remote, Timestamp ts)
{
    if (protocol != kIpprotoTcp) return;  // SCTP, MPTCP: not modelled
    auto p = pending_.find(tid);
    const bool in_call = p != pending_.end();
    const bool child = oldstate == kTcpListen && newstate == kTcpSynRecv;
    if (child) socks_.erase(skaddr);  // a new life of that struct sock
    if (oldstate == kTcpClose && (newstate == kTcpSynSent || newstate == kTcpListen)) {
        socks_.erase(skaddr);
        if (in_call && p->second.call == (newstate == kTcpSynSent ? NetCall::Connect : NetCall::Listen))
            pending_skaddr_[tid] = skaddr;
    }
    auto [kit, fresh] = socks_.try_emplace(skaddr);
    Sock& k = kit->second;
    if (fresh) k.first_ts = ts;
    // Ports become known as the connection goes on (SYN_SENT has no local port yet): keep the fullest.
    if (port_of(local) != "0") k.local = std::move(local);
    if (port_of(remote) != "0") k.remote = std::move(remote);
    if ((oldstate == kTcpListen || oldstate == kTcpSynRecv) && (newstate == kTcpSynRecv || newstate == kTcpEstablished) &&
        !k.handle) {
        // A child of a listener, waiting for accept(): queued once, by the listener's (its local) port.
        auto& q = accept_queue_[port_of(k.local)];
        if (std::find(q.begin(), q.end(), skaddr) == q.end()) q.push_back(skaddr);
    }
    if (k.handle) {
        Info& s = sockets_[*k.handle];
        if (newstate == kTcpEstablished || s.local.empty()) {
            if (!k.local.empty()) s.local = k.local;
            if (!k.remote.empty()) s.remote = k.remote;
        }
        if (newstate == kTcpClose) {
            s.state_closed = ts;
            if (s.ended != kNotEnded) s.ended = std::max(s.ended, ts);
        }
    }
    // Kept after CLOSE (a refused connect's exit still needs its endpoints): the next life of that address
    // (CLOSE -> SYN_SENT/LISTEN, LISTEN -> SYN_RECV) replaces it, so there is one entry per struct sock address.
}

}  // namespace traceshark::tracking
