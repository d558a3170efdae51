// What the ETW dissector keeps per open capture (no Wireshark headers): the payload decoders (stateful:
// EventSource manifests are learned from the ManifestData events as they are dissected) and the image loads
// seen, to say which module a stack address falls in. Part of CaptureState.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/registry.hpp"

namespace traceshark::epan {

class EtwCapture {
public:
    // The decoders, built on first use with these instrumentation manifests (preference
    // traceshark.etw_manifests); `error` says why the manifests could not be read (the decoders then go without).
    etl::DecoderSet& decoders(const std::vector<std::string>& manifests, std::string* error);

    // Remembers the image of a kernel Image Load/DCStart/DCEnd event of machine `key`.
    void note_image(uint64_t key, const etl::DecodedEvent& e);
    // "ntdll.dll+0x1a2b" for an address inside an image of process `pid` (or of the kernel, PID 0/4); nullopt
    // when no image load seen so far covers it.
    std::optional<std::string> location(uint64_t key, uint32_t pid, uint64_t address) const;

private:
    struct Image {
        uint64_t size = 0;
        std::string name;  // base name of the file
    };
    std::unique_ptr<etl::DecoderSet> decoders_;
    std::string decoder_error_;
    // Per machine and process: images by base address.
    std::map<std::pair<uint64_t, uint32_t>, std::map<uint64_t, Image>> images_;
};

// Comma- or semicolon-separated paths of the preference text.
std::vector<std::string> split_manifest_paths(const std::string& text);

}  // namespace traceshark::epan
