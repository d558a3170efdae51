// Payload decoding: turns an EventRecord into named, typed fields and the names PerfView gives the event
// (Provider/Task/Opcode). Decoders are tried in order (registry.hpp); one that does not know the event says so
// and the event stays a complete, undecoded event (header + raw payload), never an error.
#pragma once

#include <string>
#include <vector>

#include "traceshark/etl/record.hpp"
#include "traceshark/etl/value.hpp"

namespace traceshark::etl {

struct DecodedEvent {
    std::string provider;  // "Windows Kernel", "Microsoft-Windows-Kernel-Process", "MSNT_SystemTrace", ...
    std::string task;      // "Process", "FileIO", ... (may be empty)
    std::string opcode;    // "Start", "DCStart", ... (may be empty)
    std::vector<Field> fields;
    std::string message;   // the rendered message template, where the metadata has one
    bool decoded = false;  // fields came from metadata (false: only names, or nothing, are known)
    std::string problem;   // why decoding stopped early (payload too short for the layout, ...), "" if none

    // PerfView's event name: "Provider/Task/Opcode", "Provider/Task" without an opcode name, ...
    std::string name() const;
    // The event as one line of text (traceshark-dump's line after its time/cpu/pid/tid prefix, Wireshark's
    // Info): name, then name=value per field; `payload=NB` for an undecoded event (its payload's size) and
    // problem="..." when decoding stopped early.
    std::string text(size_t payload_size) const;
};

class PayloadDecoder {
public:
    virtual ~PayloadDecoder() = default;
    // Fills `out` and returns true when this decoder knows the event (even if the payload turned out damaged:
    // then out.problem says why); false leaves `out` untouched for the next decoder.
    virtual bool decode(const EventRecord& record, DecodedEvent& out) = 0;
};

}  // namespace traceshark::etl
