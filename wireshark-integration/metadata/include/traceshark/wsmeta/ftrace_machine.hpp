// What a capture of Linux ftrace events carries about its machine (docs/wireshark-integration.md, "Machines and
// metadata inside the capture"): the machine key and the metadata-only interface chunks, computed from the texts
// themselves. The trace.dat reader fills it from a trace file, the live extcap (extcap/traceshark-ftrace) from
// tracefs, so that both write the same interface blocks for the same machine. No Wireshark headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "traceshark/wsmeta/machine_info.hpp"

namespace traceshark::wsmeta {

struct FtraceFormatText {
    std::string_view system;  // "ftrace" for the ftrace system's own formats
    std::string_view text;    // the events/<system>/<event>/format text
};

// Views into texts the caller keeps alive while it uses the struct.
struct FtraceMachine {
    std::string_view hostname;
    std::string_view uname;     // "sysname nodename release version machine", as trace-cmd's UNAME option
    std::string_view trace_id;  // decimal trace id, empty when there is none
    FormatParams params;
    std::string_view header_page, header_event;
    std::vector<FtraceFormatText> formats;
    std::string_view kallsyms, printk_formats, saved_cmdlines;
};

// Hash of the host name, uname, trace id and every metadata text.
uint64_t ftrace_machine_key(const FtraceMachine& m);
// The blob of kind "formats" (params, header_page, header_event and every event format).
std::string ftrace_formats_blob(const FtraceMachine& m);
// The metadata-only interfaces of the machine: formats, then kallsyms, printk formats and saved command lines
// where present.
std::vector<MetaChunk> ftrace_meta_chunks(const FtraceMachine& m, uint64_t key);

}  // namespace traceshark::wsmeta
