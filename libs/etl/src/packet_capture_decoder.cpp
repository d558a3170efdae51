#include "traceshark/etl/captured_packet.hpp"

#include <string>
#include <utility>

#include "bytes.hpp"
#include "traceshark/etl/ndis_packet_capture.hpp"
#include "traceshark/etl/pktmon.hpp"

namespace traceshark::etl {

namespace {

constexpr char kNdisProvider[] = "Microsoft-Windows-NDIS-PacketCapture";
constexpr char kPktmonProvider[] = "Microsoft-Windows-PktMon";

void add_uint(DecodedEvent& out, const char* name, uint64_t v, uint8_t size)
{
    out.fields.push_back({name, Value::make_uint(v, size)});
}

void add_bytes(DecodedEvent& out, const char* name, std::span<const uint8_t> b)
{
    Value v;
    v.kind = ValueKind::Binary;
    v.bytes.assign(b.begin(), b.end());
    out.fields.push_back({name, std::move(v)});
}

class PacketCaptureDecoder final : public PayloadDecoder {
public:
    bool decode(const EventRecord& r, DecodedEvent& out) override
    {
        if (!r.is_event_header()) return false;
        if (r.provider == ndis::kPacketCaptureGuid && r.descriptor.id == ndis::kFragmentEvent) return ndis_fragment(r, out);
        if (r.provider == pktmon::kProviderGuid &&
            (r.descriptor.id == pktmon::kPacketEvent || r.descriptor.id == pktmon::kDropEvent))
            return pktmon_packet(r, out);
        return false;
    }

private:
    static bool ndis_fragment(const EventRecord& r, DecodedEvent& out)
    {
        out.provider = kNdisProvider;
        out.task = "task_0";
        out.decoded = true;
        const auto f = ndis::fragment(r);
        if (!f) {
            out.problem = "payload of " + std::to_string(r.payload.size()) +
                          " bytes is shorter than its fragment header and FragmentSize";
            return true;
        }
        add_uint(out, "MiniportIfIndex", f->miniport_if_index, 4);
        add_uint(out, "LowerIfIndex", f->lower_if_index, 4);
        add_uint(out, "FragmentSize", f->bytes.size(), 4);
        add_bytes(out, "Fragment", f->bytes);
        // Windows 10's layout adds two u64 after the fragment.
        const size_t rest = f->payload_offset + f->bytes.size();
        if (r.payload.size() >= rest + 16) {
            add_uint(out, "GftFlowEntryId", detail::u64(r.payload.data() + rest), 8);
            add_uint(out, "GftOffloadInformation", detail::u64(r.payload.data() + rest + 8), 8);
        }
        return true;
    }

    static bool pktmon_packet(const EventRecord& r, DecodedEvent& out)
    {
        out.provider = kPktmonProvider;
        out.task = "task_0";
        out.decoded = true;
        const auto k = pktmon::packet(r);
        if (!k) {
            out.problem = "payload of " + std::to_string(r.payload.size()) +
                          " bytes is shorter than its packet header and LoggedPayloadSize";
            return true;
        }
        add_uint(out, "PktGroupId", k->group_id, 8);
        add_uint(out, "PktNumber", k->number, 2);
        add_uint(out, "AppearanceCount", k->appearance_count, 2);
        add_uint(out, "DirTag", k->direction, 2);
        add_uint(out, "PacketType", k->type, 2);
        add_uint(out, "ComponentId", k->component, 2);
        add_uint(out, "EdgeId", k->edge, 2);
        add_uint(out, "FilterId", k->filter, 2);
        add_uint(out, "DropReason", k->drop_reason, 4);
        add_uint(out, "DropLocation", k->drop_location, 4);
        add_uint(out, "OriginalPayloadSize", k->original_size, 2);
        add_uint(out, "LoggedPayloadSize", k->bytes.size(), 2);
        add_bytes(out, "Payload", k->bytes);
        return true;
    }
};

}  // namespace

std::optional<CapturedPacket> captured_packet(const EventRecord& r)
{
    if (const auto f = ndis::fragment(r)) {
        CapturedPacket p;
        p.bytes = f->bytes;
        p.payload_offset = f->payload_offset;
        p.medium = f->ethernet ? PacketMedium::Ethernet : PacketMedium::Unknown;
        return p;
    }
    if (const auto k = pktmon::packet(r)) {
        CapturedPacket p;
        p.bytes = k->bytes;
        p.payload_offset = pktmon::kPayloadOffset;
        p.medium = k->type == pktmon::kEthernet ? PacketMedium::Ethernet
                 : k->type == pktmon::kIp       ? PacketMedium::Ip
                 : k->type == pktmon::kWifi     ? PacketMedium::Wifi
                                                : PacketMedium::Unknown;
        p.dropped = k->dropped;
        return p;
    }
    return std::nullopt;
}

std::unique_ptr<PayloadDecoder> make_packet_capture_decoder() { return std::make_unique<PacketCaptureDecoder>(); }

}  // namespace traceshark::etl
