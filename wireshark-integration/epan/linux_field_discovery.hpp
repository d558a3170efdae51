// The first run: a filter names a linux_trace_event.* field nobody registered (proto_register_prefix makes
// Wireshark call this once per process, while it compiles the filter, before any capture is read). It re-reads
// the field cache, opens the capture files named on the command line (tshark/wireshark -r FILE: a trace.dat
// through the reader plugin, or a pcapng) and registers every field of every format their Traceshark interface
// blocks carry, and, when readable, the running kernel's format of the named event
// (/sys/kernel/tracing/events/<system>/<event>/format). So `tshark -r FILE -Y 'linux_trace_event.data....'`
// works on the very first run.
#pragma once

namespace traceshark::epan {

class LinuxFieldRegistry;

void discover_linux_fields(LinuxFieldRegistry& registry, const char* match);

}  // namespace traceshark::epan
