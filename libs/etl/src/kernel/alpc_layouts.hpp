// ALPC class (45d8cccd-...), V2.
#pragma once
#include "layout.hpp"

namespace traceshark::etl::kernel_detail::alpc {

// SendMessage 33, ReceiveMessage 34, WaitForReply 35, UnwaitThread 37.
inline constexpr FieldSpec kMessage[] = {{"MessageID", FT::U32}};
// WaitForNewMessage 36.
inline constexpr FieldSpec kWaitForNewMessage[] = {{"IsServerPort", FT::U32}, {"PortName", FT::AnsiZ}};

}  // namespace traceshark::etl::kernel_detail::alpc
