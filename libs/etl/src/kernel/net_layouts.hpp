// TcpIp (9a280ac0-...) and UdpIp (bf3a50c5-...) classes, V2 (Vista+), formats.md §3.4. Ports big-endian.
// All start with PID u32 @0, size u32 @4; IPv4 daddr @8, saddr @12, dport @16, sport @18; IPv6 daddr @8,
// saddr @24, dport @40, sport @42.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::net {

#define TS_ETL_NET_HEAD(ADDR)                                                                   \
    {"PID", FT::U32}, {"size", FT::U32}, {"daddr", FT::ADDR}, {"saddr", FT::ADDR}, {"dport", FT::PortBE}, \
        {"sport", FT::PortBE}

// TCP Send (10 / 26): startime, endtime, seqnum, connid P.
inline constexpr FieldSpec kSend4[] = {TS_ETL_NET_HEAD(IPv4), {"startime", FT::U32}, {"endtime", FT::U32},
                                       {"seqnum", FT::U32}, {"connid", FT::Ptr}};
inline constexpr FieldSpec kSend6[] = {TS_ETL_NET_HEAD(IPv6), {"startime", FT::U32}, {"endtime", FT::U32},
                                       {"seqnum", FT::U32}, {"connid", FT::Ptr}};
// TCP Recv/Disconnect/Retransmit/Reconnect/TCPCopy and UDP Send/Recv (MOF TypeGroup1 order: seqnum, connid).
inline constexpr FieldSpec kGroup1_4[] = {TS_ETL_NET_HEAD(IPv4), {"seqnum", FT::U32}, {"connid", FT::Ptr}};
inline constexpr FieldSpec kGroup1_6[] = {TS_ETL_NET_HEAD(IPv6), {"seqnum", FT::U32}, {"connid", FT::Ptr}};
// TCP Connect/Accept (12, 15 / 28, 31).
inline constexpr FieldSpec kConnect4[] = {
    TS_ETL_NET_HEAD(IPv4), {"mss", FT::U16}, {"sackopt", FT::U16}, {"tsopt", FT::U16}, {"wsopt", FT::U16},
    {"rcvwin", FT::U32}, {"rcvwinscale", FT::I16}, {"sndwinscale", FT::I16}, {"seqnum", FT::U32},
    {"connid", FT::Ptr}};
inline constexpr FieldSpec kConnect6[] = {
    TS_ETL_NET_HEAD(IPv6), {"mss", FT::U16}, {"sackopt", FT::U16}, {"tsopt", FT::U16}, {"wsopt", FT::U16},
    {"rcvwin", FT::U32}, {"rcvwinscale", FT::I16}, {"sndwinscale", FT::I16}, {"seqnum", FT::U32},
    {"connid", FT::Ptr}};
#undef TS_ETL_NET_HEAD
// Fail (17).
inline constexpr FieldSpec kFail[] = {{"Proto", FT::U16}, {"FailureCode", FT::U16}};
// V1 (XP/2003) TcpIp and UdpIp: addresses first, then size and PID.
inline constexpr FieldSpec kV1[] = {{"daddr", FT::IPv4}, {"saddr", FT::IPv4}, {"dport", FT::PortBE},
                                    {"sport", FT::PortBE}, {"size", FT::U32}, {"PID", FT::U32}};

}  // namespace traceshark::etl::kernel_detail::net
