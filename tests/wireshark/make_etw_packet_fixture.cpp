// Writes an ETL for the Wireshark ETW tests with tests/etl's writer: an NDIS packet-capture fragment (a UDP/IPv4
// Ethernet frame of no known connection, logged by System), a kernel Image/DCStart of ntdll.dll in process 1234, and
// an event of that process with a 64-bit stack (one address inside ntdll, one outside every image), a SID and a
// related activity id in its extended data. Then a TCP connection of process 3000 as the kernel's TcpIp events
// tell it (Connect, Send, Recv in a DPC, Disconnect) with the NDIS frames of its 5-tuple: the request logged by
// System, the response in the Idle process's DPC, and the peer's FIN after the Disconnect (still that
// connection's, as its last packet).
// A second connection, of process 3100, is seen by PktMon instead: its request as an Ethernet packet (event 160,
// logged by System) and its response as a bare IP packet PktMon dropped (event 170, in the Idle process's DPC).
// OUT.etl.connection.txt gets the facts the test checks, key=value per line, frame numbers included.
// make_etw_packet_fixture OUT.etl
#include <cstdio>
#include <fstream>
#include <string>

#include "etl_writer.hpp"
#include "payload_builder.hpp"
#include "traceshark/etl/ndis_packet_capture.hpp"
#include "traceshark/etl/pktmon.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

void le(std::vector<uint8_t>& v, uint64_t x, int n)
{
    for (int i = 0; i < n; ++i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}

constexpr uint32_t kClient = 3000, kClientThread = 3004;
constexpr uint16_t kClientPort = 49800, kServerPort = 80;
constexpr uint32_t kPktmonClient = 3100, kPktmonThread = 3104;
constexpr uint16_t kPktmonPort = 49900;

// Ethernet II + IPv4 (no options) + TCP (no options, PSH|ACK) from a.b.c.d:sport to e.f.g.h:dport with `data`.
std::vector<uint8_t> tcp_frame(const std::vector<uint8_t>& src, uint16_t sport, const std::vector<uint8_t>& dst,
                               uint16_t dport, const std::string& data, uint8_t flags)
{
    const size_t ip_len = 20 + 20 + data.size();
    std::vector<uint8_t> f = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00,
                              0x45, 0, static_cast<uint8_t>(ip_len >> 8), static_cast<uint8_t>(ip_len), 0, 2, 0x40, 0,
                              64, 6, 0, 0};
    f.insert(f.end(), src.begin(), src.end());
    f.insert(f.end(), dst.begin(), dst.end());
    const std::vector<uint8_t> tcp = {static_cast<uint8_t>(sport >> 8), static_cast<uint8_t>(sport),
                                      static_cast<uint8_t>(dport >> 8), static_cast<uint8_t>(dport),
                                      0, 0, 0, 1, 0, 0, 0, 1, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0};
    f.insert(f.end(), tcp.begin(), tcp.end());
    f.insert(f.end(), data.begin(), data.end());
    return f;
}

WriterEvent ndis_event(int64_t ticks, uint32_t pid, uint32_t tid, const std::vector<uint8_t>& frame, bool send)
{
    WriterEvent e;
    e.type = HeaderType::EventHeader64;
    e.ticks = ticks;
    e.pid = pid;
    e.tid = tid;
    e.provider = ndis::kPacketCaptureGuid;
    e.descriptor.id = ndis::kFragmentEvent;
    e.descriptor.keyword = ndis::kEthernetKeyword | ndis::kPacketStartKeyword | ndis::kPacketEndKeyword |
                           (send ? ndis::kSendPathKeyword : ndis::kReceivePathKeyword);
    Bytes b;
    b.u32(7).u32(0).u32(frame.size());  // MiniportIfIndex, LowerIfIndex, FragmentSize
    e.payload = b.b;
    e.payload.insert(e.payload.end(), frame.begin(), frame.end());
    return e;
}

// TcpIp V2, IPv4 (the MOF layouts libs/etl decodes): PID, size, daddr, saddr, dport, sport (big-endian), then
// Send: startime, endtime, seqnum, connid; Recv/Disconnect: seqnum, connid; Connect: mss .. seqnum, connid.
Bytes tcp_head(uint32_t size, uint32_t pid = kClient, uint16_t port = kClientPort)
{
    return Bytes().u32(pid).u32(size).raw({10, 0, 0, 2}).raw({10, 0, 0, 1}).be16(kServerPort).be16(port);
}

// A PktMon packet (event 160) or drop (170) of `bytes`, which start with what `type` says.
WriterEvent pktmon_event(int64_t ticks, uint32_t pid, uint32_t tid, const std::vector<uint8_t>& bytes, uint16_t type,
                         bool dropped, uint16_t number)
{
    WriterEvent e;
    e.type = HeaderType::EventHeader64;
    e.ticks = ticks;
    e.pid = pid;
    e.tid = tid;
    e.provider = pktmon::kProviderGuid;
    e.descriptor.id = dropped ? pktmon::kDropEvent : pktmon::kPacketEvent;
    pktmon::Packet k;
    k.group_id = 0x1000 + number;
    k.number = number;
    k.appearance_count = 1;
    k.type = type;
    k.component = 5;
    k.drop_reason = dropped ? 45 : 0;
    k.original_size = static_cast<uint16_t>(bytes.size());
    k.bytes = bytes;
    e.payload = pktmon::encode(k);
    return e;
}

WriterEvent tcp_event(uint8_t opcode, int64_t ticks, uint32_t pid, uint32_t tid, const Bytes& payload)
{
    WriterEvent e;
    e.type = HeaderType::System64;
    e.hook = static_cast<uint16_t>(0x0600 | opcode);
    e.version = 2;
    e.ticks = ticks;
    e.pid = pid;
    e.tid = tid;
    e.payload = payload.b;
    return e;
}

// Ethernet 02:00:00:00:00:01 -> 02:00:00:00:00:02, IPv4 10.0.0.1 -> 10.0.0.2, UDP 5000 -> 9 (discard), payload "hi".
std::vector<uint8_t> frame()
{
    std::vector<uint8_t> f = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00,
                              0x45, 0, 0, 30, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                              0x13, 0x88, 0x00, 0x09, 0, 10, 0, 0, 'h', 'i'};
    return f;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fputs("usage: make_etw_packet_fixture OUT.etl\n", stderr);
        return 2;
    }
    WriterOptions opts;
    opts.cpus = 1;
    opts.compress = false;
    std::vector<WriterEvent> events;

    WriterEvent ndis;
    ndis.type = HeaderType::EventHeader64;
    ndis.ticks = 1000;
    ndis.pid = 4;
    ndis.tid = 100;
    ndis.provider = *Guid::parse("2ed6006e-4729-4609-b423-3ee7bcd678ef");
    ndis.descriptor.id = 1001;
    ndis.descriptor.keyword = 0x1 | 0x40000000;  // Ethernet 802.3, PacketStart
    const std::vector<uint8_t> f = frame();
    le(ndis.payload, 7, 4);  // MiniportIfIndex
    le(ndis.payload, 0, 4);  // LowerIfIndex
    le(ndis.payload, f.size(), 4);
    ndis.payload.insert(ndis.payload.end(), f.begin(), f.end());
    events.push_back(ndis);

    // Image v3 (64-bit): ImageBase, ImageSize, ProcessId, ImageCheckSum, TimeDateStamp, SignatureLevel,
    // SignatureType, Reserved0, DefaultBase, Reserved1..4, FileName (UTF-16, NUL-terminated).
    WriterEvent image;
    image.type = HeaderType::System64;
    image.ticks = 1500;
    image.pid = 1234;
    image.tid = 5678;
    image.hook = 0x1403;
    image.version = 3;
    le(image.payload, 0x7ff812340000, 8);
    le(image.payload, 0x1f0000, 8);
    le(image.payload, 1234, 4);
    le(image.payload, 0, 4);
    le(image.payload, 0, 4);
    le(image.payload, 0, 1);
    le(image.payload, 0, 1);
    le(image.payload, 0, 2);
    le(image.payload, 0x7ff812340000, 8);
    for (int i = 0; i < 4; ++i) le(image.payload, 0, 4);
    for (char c : std::string("\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll")) le(image.payload, c, 2);
    le(image.payload, 0, 2);
    events.push_back(image);

    WriterEvent stacked;
    stacked.type = HeaderType::EventHeader64;
    stacked.ticks = 2000;
    stacked.pid = 1234;
    stacked.tid = 5678;
    stacked.provider = *Guid::parse("11111111-2222-3333-4444-555555555555");
    stacked.descriptor.id = 7;
    stacked.payload = {1, 2, 3, 4};
    std::vector<uint8_t> related = {0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
                                    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
    stacked.extended.push_back({1, related});
    std::vector<uint8_t> sid = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};  // S-1-5-18 (LocalSystem)
    stacked.extended.push_back({2, sid});
    std::vector<uint8_t> stack;
    le(stack, 0xabcdef, 8);                // MatchId
    le(stack, 0x7ff812340010, 8);
    le(stack, 0xfffff80000001234, 8);
    stacked.extended.push_back({6, stack});
    events.push_back(stacked);

    // The connection: 10.0.0.1:49800 (process 3000) -> 10.0.0.2:80.
    const std::vector<uint8_t> client = {10, 0, 0, 1}, server = {10, 0, 0, 2};
    const uint8_t kPshAck = 0x18, kFinAck = 0x11;
    const int64_t kConnect = 3000, kRequest = 3100, kSend = 3150, kResponse = 3200, kRecv = 3250,
                  kDisconnect = 3300, kLate = 3400;
    const std::string request = "GET / HTTP/1.0\r\n\r\n", response = "HTTP/1.0 200 OK\r\n\r\n";
    events.push_back(tcp_event(12, kConnect, kClient, kClientThread,
                               tcp_head(0).u16(1460).u16(1).u16(0).u16(1).u32(65535).u16(8).u16(8).u32(1).u64(0x77)));
    events.push_back(ndis_event(kRequest, 4, 100, tcp_frame(client, kClientPort, server, kServerPort, request, kPshAck),
                                true));
    events.push_back(tcp_event(10, kSend, kClient, kClientThread,
                               tcp_head(static_cast<uint32_t>(request.size())).u32(1).u32(2).u32(1).u64(0x77)));
    // Received in a DPC of the Idle process: the header names thread 0, the payload the process.
    events.push_back(ndis_event(kResponse, 0, 0, tcp_frame(server, kServerPort, client, kClientPort, response, kPshAck),
                                false));
    events.push_back(tcp_event(11, kRecv, 0, 0, tcp_head(static_cast<uint32_t>(response.size())).u32(1).u64(0x77)));
    events.push_back(tcp_event(13, kDisconnect, kClient, kClientThread, tcp_head(0).u32(1).u64(0x77)));
    events.push_back(ndis_event(kLate, 0, 0, tcp_frame(server, kServerPort, client, kClientPort, "", kFinAck), false));

    // The PktMon connection: 10.0.0.1:49900 (process 3100) -> 10.0.0.2:80.
    const int64_t kPmConnect = 3500, kPmRequest = 3600, kPmResponse = 3700, kPmDisconnect = 3800;
    events.push_back(tcp_event(12, kPmConnect, kPktmonClient, kPktmonThread,
                               tcp_head(0, kPktmonClient, kPktmonPort)
                                   .u16(1460).u16(1).u16(0).u16(1).u32(65535).u16(8).u16(8).u32(1).u64(0x78)));
    events.push_back(pktmon_event(kPmRequest, 4, 100, tcp_frame(client, kPktmonPort, server, kServerPort, request, kPshAck),
                                  pktmon::kEthernet, false, 1));
    std::vector<uint8_t> ip_only = tcp_frame(server, kServerPort, client, kPktmonPort, response, kPshAck);
    ip_only.erase(ip_only.begin(), ip_only.begin() + 14);  // PacketType IP: no Ethernet header
    events.push_back(pktmon_event(kPmResponse, 0, 0, ip_only, pktmon::kIp, true, 2));
    events.push_back(tcp_event(13, kPmDisconnect, kPktmonClient, kPktmonThread,
                               tcp_head(0, kPktmonClient, kPktmonPort).u32(1).u64(0x78)));

    const WrittenFile w = write_etl(events, opts);
    std::ofstream(argv[1], std::ios::binary).write(reinterpret_cast<const char*>(w.bytes.data()),
                                                   static_cast<std::streamsize>(w.bytes.size()));
    // Frame numbers: the reader's order, the header event first (frame 1).
    auto frame_at = [&](int64_t ticks) {
        for (size_t i = 1; i < w.truth.size(); ++i)
            if (w.truth[i].ticks == ticks) return i + 1;
        return size_t{0};
    };
    std::ofstream facts(std::string(argv[1]) + ".connection.txt");
    facts << "pid=" << kClient << "\nlocal=10.0.0.1:" << kClientPort << "\nremote=10.0.0.2:" << kServerPort
          << "\nconnect_frame=" << frame_at(kConnect) << "\nsend_frame=" << frame_at(kSend)
          << "\nrecv_frame=" << frame_at(kRecv) << "\ndisconnect_frame=" << frame_at(kDisconnect)
          << "\npacket_frames=" << frame_at(kRequest) << "," << frame_at(kResponse)
          << "\nlate_packet_frame=" << frame_at(kLate) << "\nbytes_sent=" << request.size()
          << "\nbytes_received=" << response.size() << "\npktmon_pid=" << kPktmonClient
          << "\npktmon_local=10.0.0.1:" << kPktmonPort << "\npktmon_packet_frames=" << frame_at(kPmRequest) << ","
          << frame_at(kPmResponse) << "\npktmon_drop_frame=" << frame_at(kPmResponse) << "\n";
    return 0;
}
