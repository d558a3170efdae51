// The payload decoders of a trace, tried in order: the first that knows an event decodes it. An event none of
// them knows is still named: provider = its GUID text (kernel records: plus the hook), no fields.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/record.hpp"

namespace traceshark::etl {

struct DecoderOptions {
    std::vector<std::string> manifest_paths;  // instrumentation manifests (.man files or directories)
};

class DecoderSet {
public:
    void add(std::unique_ptr<PayloadDecoder> decoder) { decoders_.push_back(std::move(decoder)); }
    size_t size() const { return decoders_.size(); }
    DecodedEvent decode(const EventRecord& record);
    // The name an event gets when no decoder knows it.
    static DecodedEvent undecoded(const EventRecord& record);

private:
    std::vector<std::unique_ptr<PayloadDecoder>> decoders_;
};

// The EventTrace header event (hook 0x0000) as PerfView names and shows it: "Windows Kernel/EventTrace" with
// BufferSize, Version, ProviderVersion, ... SessionName, LogFileName, UtcOffsetMinutes.
std::unique_ptr<PayloadDecoder> make_eventtrace_header_decoder();

// Every decoder the project has, in the order they are tried.
std::unique_ptr<DecoderSet> make_default_decoders(const DecoderOptions& options = {});

}  // namespace traceshark::etl
