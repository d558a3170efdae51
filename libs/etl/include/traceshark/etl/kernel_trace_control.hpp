// Events that KernelTraceControl (the merge step of xperf / PerfView) writes into a trace:
//  - ImageID (class b3e675d7-2554-4f18-830b-2762732560de): a fixed-layout description of every image the
//    trace loads: ImageID (opcode 0), None (32), DbgID_RSDS (36), DbgID_ILRSDS (37), DbgPPDB (38),
//    DbgDeterm (40), FileVersion (64).
//  - MetaData (class bbccf6c1-6cd1-48c4-80ff-839482e37671): EventInfo (opcode 32) carries a TDH
//    TRACE_EVENT_INFO describing another provider's event; EventMapInfo (33) a provider GUID and an
//    EVENT_MAP_INFO (a value or bit map those events use). The merge writes them ahead of the first event they
//    describe, so a decoder that sees the trace in order learns the schemas before it needs them.
// Names follow PerfView ("KernelTraceControl/ImageID/DbgID_RSDS", "Microsoft-Windows-Kernel-File/Create").
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <tuple>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/guid.hpp"
#include "traceshark/etl/manifest.hpp"

namespace traceshark::etl {

namespace kernel_trace_control {
inline constexpr const char* kProviderName = "KernelTraceControl";
Guid image_id_class();
Guid metadata_class();

// One TRACE_EVENT_INFO turned into a manifest fragment: a provider with one event and its template.
struct EventSchema {
    std::string provider_name;
    Guid provider;
    bool classic = false;  // DecodingSource MOF: looked up by (event GUID, opcode, version) instead of id
    Guid event_guid;
    EventDescriptor descriptor;
    std::string task_name, opcode_name;  // as PerfView shows them ("win:" dropped, legal identifiers)
    manifest::Template tmpl;
    std::string problem;  // why the property list was cut short ("" if whole)
};

inline constexpr size_t kMaxInfoBytes = 1u << 20;   // one TRACE_EVENT_INFO / EVENT_MAP_INFO
inline constexpr size_t kMaxProperties = 1024;      // per event (members included)
inline constexpr size_t kMaxNesting = 8;            // struct depth
inline constexpr size_t kMaxMapEntries = 65536;
inline constexpr size_t kMaxSchemas = 65536;        // learned per trace

// Parses a TRACE_EVENT_INFO; false (and `problem` with the offset) when the header or the property array does
// not fit in `info`. Properties it cannot represent end the template early (schema.problem says which).
bool parse_event_info(std::span<const uint8_t> info, EventSchema& schema, std::string& problem);
// Parses an EventMapInfo payload (provider GUID + EVENT_MAP_INFO).
bool parse_map_info(std::span<const uint8_t> payload, Guid& provider, manifest::Map& map, std::string& problem);
}  // namespace kernel_trace_control

// ImageID events: fixed layouts by opcode and pointer size.
std::unique_ptr<PayloadDecoder> make_image_id_decoder();

// MetaData events are named (and counted) themselves; the schemas they carry decode later events of the
// described providers field by field. Put it after the decoders that know a provider better (manifests).
class TraceMetadataDecoder final : public PayloadDecoder {
public:
    bool decode(const EventRecord& record, DecodedEvent& out) override;
    size_t schemas() const { return by_id_.size() + by_class_.size(); }

private:
    bool learn(const EventRecord& record, DecodedEvent& out);
    struct Learned {
        kernel_trace_control::EventSchema schema;
        std::shared_ptr<manifest::Provider> maps;  // the provider's maps (shared by its schemas)
    };
    std::shared_ptr<manifest::Provider> provider_maps(const Guid& provider);
    void decode_with(const Learned& l, const EventRecord& record, DecodedEvent& out) const;

    std::map<std::tuple<Guid, uint16_t, uint8_t>, Learned> by_id_;            // provider, id, version
    std::map<std::tuple<Guid, uint8_t, uint8_t>, Learned> by_class_;          // event GUID, opcode, version
    std::map<Guid, std::shared_ptr<manifest::Provider>> maps_;
};

std::unique_ptr<PayloadDecoder> make_trace_metadata_decoder();

}  // namespace traceshark::etl
