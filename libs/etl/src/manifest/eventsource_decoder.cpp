// .NET EventSource manifests carried in the trace: ManifestData events (Id 0xFFFE, Opcode 0xFE) hold the
// provider's manifest XML in chunks behind an 8-byte envelope {u8 format (1 = XML), u8 major, u8 minor,
// u8 magic 0x5B, u16 totalChunks, u16 chunkNumber}. Chunks are collected per provider; a complete manifest is
// parsed like a .man file and decodes that provider's later events.
#include "../bytes.hpp"
#include "traceshark/etl/manifest_decoder.hpp"

namespace traceshark::etl {
namespace {

constexpr uint16_t kManifestId = 0xFFFE;
constexpr uint8_t kManifestOpcode = 0xFE;
constexpr size_t kEnvelope = 8;

Value small_uint(uint64_t v, uint8_t size)
{
    Value x;
    x.kind = ValueKind::UInt;
    x.scalar = v;
    x.size = size;
    return x;
}

}  // namespace

EventSourceDecoder::EventSourceDecoder(ValueFormatter formatter) : formatter_(std::move(formatter)) {}

bool EventSourceDecoder::decode(const EventRecord& rec, DecodedEvent& out)
{
    if (!rec.is_event_header() || rec.find(ExtendedType::EventSchemaTl)) return false;
    const EventDescriptor& d = rec.descriptor;
    if (d.id != kManifestId || d.opcode != kManifestOpcode) return learned_.decode(rec, out, formatter_);
    const auto& pl = rec.payload;
    const manifest::Provider* known = learned_.find(rec.provider);
    out.provider = known ? known->name : rec.provider.to_string();
    out.task = "ManifestData";
    out.opcode.clear();
    out.decoded = true;
    if (pl.size() < kEnvelope) {
        out.problem = "ManifestData payload shorter than its 8-byte envelope";
        return true;
    }
    const uint8_t format = pl[0], major = pl[1], minor = pl[2], magic = pl[3];
    const uint16_t total = detail::u16(pl.data() + 4), number = detail::u16(pl.data() + 6);
    out.fields.push_back({"Format", small_uint(format, 1)});
    out.fields.push_back({"MajorVersion", small_uint(major, 1)});
    out.fields.push_back({"MinorVersion", small_uint(minor, 1)});
    out.fields.push_back({"Magic", small_uint(magic, 1)});
    out.fields.push_back({"TotalChunks", small_uint(total, 2)});
    out.fields.push_back({"ChunkNumber", small_uint(number, 2)});
    Value data;
    data.kind = ValueKind::Binary;
    data.bytes.assign(pl.begin() + kEnvelope, pl.end());
    out.fields.push_back({"Data", std::move(data)});
    if (format != 1 || magic != 0x5B) {
        out.problem = "ManifestData envelope: format " + std::to_string(format) + ", magic " + std::to_string(magic);
        return true;
    }
    if (total == 0 || total > kMaxChunks || number >= total) {
        out.problem = "ManifestData chunk " + std::to_string(number) + " of " + std::to_string(total);
        return true;
    }
    if (!known) {
        add_chunk(rec, total, number, pl.subspan(kEnvelope));
        // The chunk that completes a manifest is named by it: TraceLog resolves names once the whole trace has
        // been read, so PerfView knows the provider of every ManifestData event (net.4.5.2 baselines).
        if (const manifest::Provider* now = learned_.find(rec.provider)) out.provider = now->name;
    }
    return true;
}

void EventSourceDecoder::add_chunk(const EventRecord& rec, uint16_t total, uint16_t number,
                                   std::span<const uint8_t> data)
{
    auto it = pending_.find(rec.provider);
    if (it != pending_.end() && (it->second.total != total || number == 0)) {  // a new copy of the manifest
        pending_bytes_ -= it->second.bytes;
        pending_.erase(it);
        it = pending_.end();
    }
    if (it == pending_.end()) {
        if (pending_.size() + learned_.size() >= kMaxProviders) return;
        Pending p;
        p.total = total;
        p.chunks.resize(total);
        p.have.resize(total);
        it = pending_.emplace(rec.provider, std::move(p)).first;
    }
    Pending& p = it->second;
    if (p.have[number]) return;
    if (pending_bytes_ + data.size() > kMaxPendingBytes) {
        errors_.push_back(rec.provider.to_string() + ": manifest larger than the 32 MiB reassembly limit");
        pending_bytes_ -= p.bytes;
        pending_.erase(it);
        return;
    }
    p.chunks[number].assign(reinterpret_cast<const char*>(data.data()), data.size());
    p.have[number] = true;
    p.bytes += data.size();
    pending_bytes_ += data.size();
    if (++p.received < p.total) return;
    std::string xml;
    xml.reserve(p.bytes);
    for (const std::string& c : p.chunks) xml += c;
    pending_bytes_ -= p.bytes;
    const Guid guid = rec.provider;
    pending_.erase(it);
    try {
        learned_.add(manifest::parse_manifest(xml, "ManifestData of " + guid.to_string()));
    } catch (const manifest::ManifestError& e) {
        errors_.push_back(e.what());
    }
}

std::unique_ptr<PayloadDecoder> make_eventsource_decoder(ValueFormatter formatter)
{
    return std::make_unique<EventSourceDecoder>(std::move(formatter));
}

}  // namespace traceshark::etl
