// Learns event schemas from KernelTraceControl/MetaData events and decodes the described events with them, the
// way TraceEvent's RegisteredTraceEventParser does with the same events (its TdhEventParser): the provider,
// task and opcode names come from the TRACE_EVENT_INFO, the maps from EventMapInfo events (looked up when an
// event is decoded, since a map may arrive after the schema that names it).
#include "traceshark/etl/kernel_trace_control.hpp"
#include "traceshark/etl/manifest_decoder.hpp"

namespace traceshark::etl {

namespace ktc = kernel_trace_control;

namespace {
constexpr uint8_t kEventInfoOpcode = 32, kEventMapInfoOpcode = 33;
}  // namespace

std::shared_ptr<manifest::Provider> TraceMetadataDecoder::provider_maps(const Guid& provider)
{
    auto& p = maps_[provider];
    if (!p) p = std::make_shared<manifest::Provider>();
    return p;
}

bool TraceMetadataDecoder::learn(const EventRecord& r, DecodedEvent& out)
{
    out.provider = ktc::kProviderName;
    out.task = "MetaData";
    out.decoded = true;  // TraceEvent shows these with no fields
    if (r.descriptor.opcode == kEventInfoOpcode) {
        out.opcode = "EventInfo";
        Learned l;
        std::string problem;
        if (!ktc::parse_event_info(r.payload, l.schema, problem)) {
            out.problem = problem;
            return true;
        }
        if (schemas() >= ktc::kMaxSchemas) {
            out.problem = "more than " + std::to_string(ktc::kMaxSchemas) + " event schemas in the trace; ignored";
            return true;
        }
        l.maps = provider_maps(l.schema.provider);
        const EventDescriptor& d = l.schema.descriptor;
        if (l.schema.classic)
            by_class_[{l.schema.event_guid, d.opcode, d.version}] = std::move(l);
        else
            by_id_[{l.schema.provider, d.id, d.version}] = std::move(l);
    } else if (r.descriptor.opcode == kEventMapInfoOpcode) {
        out.opcode = "EventMapInfo";
        Guid provider;
        manifest::Map map;
        std::string problem;
        if (!ktc::parse_map_info(r.payload, provider, map, problem)) {
            out.problem = problem;
            return true;
        }
        if (!maps_.count(provider) && maps_.size() >= ktc::kMaxSchemas) {
            out.problem = "maps for more than " + std::to_string(ktc::kMaxSchemas) + " providers; ignored";
            return true;
        }
        auto p = provider_maps(provider);
        if (p->maps.size() >= ktc::kMaxSchemas) {
            out.problem = "too many maps for provider " + provider.to_string();
            return true;
        }
        p->maps.push_back(std::move(map));  // a later map of the same name wins (found first from the back)
    } else {
        out.opcode = "Opcode(" + std::to_string(r.descriptor.opcode) + ")";
        out.decoded = false;
    }
    return true;
}

void TraceMetadataDecoder::decode_with(const Learned& l, const EventRecord& r, DecodedEvent& out) const
{
    const ktc::EventSchema& s = l.schema;
    out.provider = s.provider_name;
    out.task = s.task_name.empty() ? "EventID(" + std::to_string(r.descriptor.id) + ")" : s.task_name;
    out.opcode = r.descriptor.opcode == 0 ? "" : s.opcode_name;
    // Point the template's map names at the provider's maps as known now.
    manifest::Template tmpl = s.tmpl;
    const auto resolve = [&](auto& self, std::vector<manifest::DataItem>& items) -> void {
        for (manifest::DataItem& d : items) {
            d.map_index = -1;
            for (size_t i = l.maps->maps.size(); i-- > 0;)
                if (l.maps->maps[i].name == d.map) {
                    d.map_index = static_cast<int32_t>(i);
                    break;
                }
            self(self, d.members);
        }
    };
    resolve(resolve, tmpl.items);
    TemplateResult res = decode_template(*l.maps, tmpl, r.payload, r.pointer_size);
    out.fields = std::move(res.fields);
    out.problem = !res.problem.empty() ? std::move(res.problem) : s.problem;
    out.decoded = true;
}

bool TraceMetadataDecoder::decode(const EventRecord& r, DecodedEvent& out)
{
    if (!r.is_event_header() && !r.is_kernel() && r.provider == ktc::metadata_class()) return learn(r, out);
    const EventDescriptor& d = r.descriptor;
    if (r.is_event_header()) {
        const auto it = by_id_.find({r.provider, d.id, d.version});
        if (it == by_id_.end()) return false;
        decode_with(it->second, r, out);
        return true;
    }
    if (r.is_kernel() || by_class_.empty()) return false;
    const auto it = by_class_.find({r.provider, d.opcode, d.version});
    if (it == by_class_.end()) return false;
    decode_with(it->second, r, out);
    return true;
}

std::unique_ptr<PayloadDecoder> make_trace_metadata_decoder() { return std::make_unique<TraceMetadataDecoder>(); }

}  // namespace traceshark::etl
