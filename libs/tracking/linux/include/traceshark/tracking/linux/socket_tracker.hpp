// Linux network activity from syscalls and sock:inet_sock_set_state: what each socket descriptor's open file
// description (FileTracker's handle) is (family, type, protocol), its endpoints, and the activity (common model,
// event.hpp) of each socket syscall's exit event. Decoding is LinuxMapper's (socket_events.cpp); this is the state
// machine, fed with plain values.
//
// Endpoints, as "a.b.c.d:port" / "[v6]:port" (endpoint_text):
//   TCP  from the state changes of the socket's struct sock (skaddr): the one that goes CLOSE -> SYN_SENT inside a
//        connect() of the thread is that connect's socket (its local port comes with SYN_SENT -> ESTABLISHED);
//        CLOSE -> LISTEN inside listen() is the listener; a child (LISTEN/SYN_RECV -> SYN_RECV/ESTABLISHED with the
//        listener's local port) waits in its accept queue, and accept() takes the oldest (the kernel's FIFO).
//   UDP  the remote endpoint from connect()'s or sendto()'s socket address where a libc uprobe recorded it
//        (address_hint); the local one only from bind() (an autobound port is in no event: "" stays unknown).
// The object of every event of a socket is its (protocol, local, remote) as known at that event.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "traceshark/tracking/event.hpp"

namespace traceshark::tracking {

class FileTracker;

enum class NetCall : uint8_t {
    Socket,    // socket(family, type, protocol)
    Accept,    // accept/accept4(fd): the new descriptor
    Connect,   // connect(fd)
    Bind,      // bind(fd)
    Listen,    // listen(fd)
    Shutdown,  // shutdown(fd)
    Send,      // sendto, sendmsg, write, ...: bytes (sendmmsg: messages, bytes unknown)
    Recv,      // recvfrom, recvmsg, read, ...
};

// The libc function a uprobe saw with its socket address.
enum class AddrCall : uint8_t { Connect, Bind, Sendto };

struct NetArgs {
    int64_t fd = -1;
    int64_t family = -1, type = -1, protocol = -1;  // socket()
    bool counts_messages = false;                   // sendmmsg/recvmmsg return messages, not bytes
};

class SocketTracker {
public:
    void address_hint(int tid, AddrCall call, int fd, std::string endpoint);
    void enter(int tid, NetCall call, NetArgs args, Timestamp ts);
    // The exit of a socket syscall (socket/accept: `handle` is the new descriptor's, which FileTracker installed;
    // else the descriptor's, resolved through `files`).
    Activity exit(int tid, NetCall call, int64_t ret, Timestamp ts, FileTracker& files,
                  std::optional<uint64_t> handle = std::nullopt);
    // read/write/close on a socket descriptor (FileTracker said so): send/receive, and the last close.
    Activity io(uint64_t handle, NetCall call, int64_t ret);
    Activity closed(uint64_t handle, Timestamp ts);
    // sock:inet_sock_set_state, recorded in thread `tid` (the state changes of connect/listen happen in the
    // calling thread; the others in whatever context the packet was handled).
    void state_change(int tid, uint64_t skaddr, int oldstate, int newstate, int protocol, std::string local,
                      std::string remote, Timestamp ts);

    struct Info {
        std::string protocol;  // "tcp", "udp", "" (another kind of socket: unix, netlink, ...)
        int family = -1, type = -1;
        std::string local, remote;
        std::optional<uint64_t> skaddr;
        // For packets: the socket's life, from its creation (or first sight) to its last close or the TCP CLOSE
        // state, whichever is later (0 / kOpen when unknown).
        Timestamp created = 0, ended = kNotEnded;
        Timestamp state_closed = 0;  // the TCP CLOSE state's time
        bool listener = false;
        std::string last_destination;  // an unconnected datagram socket's last sendto() address
    };
    static constexpr Timestamp kNotEnded = UINT64_MAX;
    const Info* info(uint64_t handle) const;
    // The socket syscall thread `tid` is in, if any.
    std::optional<NetCall> pending_call(int tid) const
    {
        auto it = pending_.find(tid);
        return it == pending_.end() ? std::nullopt : std::optional<NetCall>(it->second.call);
    }

private:
    struct Pending {
        NetCall call;
        NetArgs args;
        Timestamp ts;
        std::optional<std::string> address;  // the uprobe's socket address
    };
    struct Hint {
        AddrCall call;
        int fd;
        std::string endpoint;
    };
    struct Sock {  // a struct sock the state changes named
        std::string local, remote;
        std::optional<uint64_t> handle;
        int protocol = 6;
        Timestamp first_ts = 0;  // its first state change (a child: SYN_RECV)
    };
    Info& info_of(uint64_t handle, Timestamp ts);
    Activity on(uint64_t handle, ActivityKind kind);
    static std::string port_of(const std::string& endpoint);

    std::unordered_map<int, Pending> pending_;
    std::unordered_map<int, Hint> hints_;
    std::unordered_map<int, uint64_t> pending_skaddr_;  // the struct sock a pending connect/listen changed
    std::unordered_map<uint64_t, Info> sockets_;  // by handle
    std::unordered_map<uint64_t, Sock> socks_;    // by skaddr
    std::map<std::string, std::deque<uint64_t>> accept_queue_;  // listener port -> children (skaddr), oldest first
};

}  // namespace traceshark::tracking
