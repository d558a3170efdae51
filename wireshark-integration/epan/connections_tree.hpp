// Statistics > Traceshark > Process Connections (tshark -z traceshark_connections,tree): the endpoints and
// conversations of processes as a stats tree. Under each machine and process, a node per connection or flow
// ("tcp 127.0.0.1:40000 -> 127.0.0.1:5000") counting the frames on it that pass the filter, with their events,
// their captured packets, and the bytes those events sent and received. The same sockets as
// -z traceshark,connections, fed by the "traceshark_activity" tap (activity_context.hpp).
#pragma once

namespace traceshark::epan {

void connections_tree_register();

}  // namespace traceshark::epan
