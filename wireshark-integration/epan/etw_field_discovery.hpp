// The first time a filter names an etl.* field nobody registered (proto_register_prefix makes Wireshark call this
// once per process, while it compiles the filter, before any capture is read): the capture files named on the
// command line (an .etl through the reader plugin, or a pcapng made from one) are read once, their ETW events
// decoded with the preference's manifests, and every payload field registered. So
// `tshark -r FILE -Y 'etl.<provider>.<field> == ...'` works on the first run. Fields of EventSource providers
// whose manifest comes later in the file than their events are registered too (decoding goes on to the end).
#pragma once

#include <string>
#include <vector>

namespace traceshark::epan {

class EtwFieldRegistry;

void discover_etw_fields(EtwFieldRegistry& registry, const std::vector<std::string>& manifests);

}  // namespace traceshark::epan
