// The packet providers' events (captured_packet.hpp, pktmon.hpp): PktMon's payload encoder next to its decoder,
// their bounds, and the fallback decoder that names NDIS and PktMon fields without the providers' manifests; its
// NDIS decoding equals the manifest's where the corpus has it.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "traceshark/etl/captured_packet.hpp"
#include "traceshark/etl/manifest_decoder.hpp"
#include "traceshark/etl/ndis_packet_capture.hpp"
#include "traceshark/etl/pktmon.hpp"
#include "traceshark/etl/registry.hpp"

using namespace traceshark::etl;

namespace {

// The record's payload points into `payload`, which must outlive it.
EventRecord event_of(const Guid& provider, uint16_t id, const std::vector<uint8_t>& payload, uint64_t keyword = 0)
{
    EventRecord r;
    r.header_type = HeaderType::EventHeader64;
    r.provider = provider;
    r.descriptor.id = id;
    r.descriptor.keyword = keyword;
    r.payload = payload;
    return r;
}

pktmon::Packet sample(const std::vector<uint8_t>& bytes)
{
    pktmon::Packet k;
    k.group_id = 0x0102030405060708;
    k.number = 1;
    k.appearance_count = 3;
    k.direction = 0x12;
    k.type = pktmon::kIp;
    k.component = 17;
    k.edge = 2;
    k.filter = 5;
    k.drop_reason = 0x2d;
    k.drop_location = 0xe0004a2b;
    k.original_size = 1500;
    k.bytes = bytes;
    return k;
}

const Field* field(const DecodedEvent& e, const std::string& name)
{
    for (const Field& f : e.fields)
        if (f.name == name) return &f;
    return nullptr;
}

std::vector<uint8_t> ndis_payload(const std::vector<uint8_t>& frame)
{
    std::vector<uint8_t> p = {7, 0, 0, 0, 0, 0, 0, 0, static_cast<uint8_t>(frame.size()), 0, 0, 0};
    p.insert(p.end(), frame.begin(), frame.end());
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(packet_capture)

BOOST_AUTO_TEST_CASE(a_pktmon_packet_round_trips)
{
    const std::vector<uint8_t> bytes = {0x45, 0, 0, 20, 1, 2, 3, 4};
    const std::vector<uint8_t> payload = pktmon::encode(sample(bytes));
    BOOST_TEST(payload.size() == pktmon::kPayloadOffset + bytes.size());
    for (const uint16_t id : {pktmon::kPacketEvent, pktmon::kDropEvent}) {
        const auto k = pktmon::packet(event_of(pktmon::kProviderGuid, id, payload));
        BOOST_TEST_REQUIRE(k.has_value());
        const pktmon::Packet want = sample(bytes);
        BOOST_TEST(k->group_id == want.group_id);
        BOOST_TEST(k->number == want.number);
        BOOST_TEST(k->appearance_count == want.appearance_count);
        BOOST_TEST(k->direction == want.direction);
        BOOST_TEST(k->type == want.type);
        BOOST_TEST(k->component == want.component);
        BOOST_TEST(k->edge == want.edge);
        BOOST_TEST(k->filter == want.filter);
        BOOST_TEST(k->drop_reason == want.drop_reason);
        BOOST_TEST(k->drop_location == want.drop_location);
        BOOST_TEST(k->original_size == want.original_size);
        BOOST_TEST(std::vector<uint8_t>(k->bytes.begin(), k->bytes.end()) == bytes);
        BOOST_TEST(k->dropped == (id == pktmon::kDropEvent));
        BOOST_TEST(pktmon::encode(*k) == payload);
    }
    // Other events of the provider, and other providers, carry no packet.
    BOOST_TEST(!pktmon::packet(event_of(pktmon::kProviderGuid, 20, payload)));
    BOOST_TEST(!pktmon::packet(event_of(ndis::kPacketCaptureGuid, pktmon::kPacketEvent, payload)));
    const std::vector<uint8_t> too_long(0x10000);
    pktmon::Packet big = sample({});
    big.bytes = too_long;
    BOOST_CHECK_THROW(pktmon::encode(big), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_cut_or_lying_payload_has_no_packet_and_decodes_with_a_problem)
{
    const std::vector<uint8_t> bytes(40, 0xab);
    const std::vector<uint8_t> payload = pktmon::encode(sample(bytes));
    auto decoders = make_default_decoders();
    for (size_t n = 0; n < payload.size(); ++n) {
        const std::vector<uint8_t> cut(payload.begin(), payload.begin() + static_cast<long>(n));
        const EventRecord r = event_of(pktmon::kProviderGuid, pktmon::kPacketEvent, cut);
        BOOST_TEST(!pktmon::packet(r), n);
        BOOST_TEST(!captured_packet(r), n);
        const DecodedEvent e = decoders->decode(r);
        BOOST_TEST(e.provider == "Microsoft-Windows-PktMon");
        BOOST_TEST(e.problem.find("shorter than its packet header and LoggedPayloadSize") != std::string::npos, n);
    }
    // An NDIS FragmentSize past the payload's end.
    std::vector<uint8_t> ndis = ndis_payload({1, 2, 3});
    ndis[8] = 200;
    const EventRecord r = event_of(ndis::kPacketCaptureGuid, ndis::kFragmentEvent, ndis, ndis::kEthernetKeyword);
    BOOST_TEST(!captured_packet(r));
    BOOST_TEST(decoders->decode(r).problem.find("FragmentSize") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(packets_are_named_and_decoded_without_the_manifests)
{
    auto decoders = make_default_decoders();
    const std::vector<uint8_t> ip = {0x45, 0, 0, 20, 9, 9};
    const std::vector<uint8_t> payload = pktmon::encode(sample(ip));
    const EventRecord drop = event_of(pktmon::kProviderGuid, pktmon::kDropEvent, payload);
    const DecodedEvent e = decoders->decode(drop);
    BOOST_TEST(e.decoded);
    BOOST_TEST(e.provider == "Microsoft-Windows-PktMon");
    BOOST_TEST_REQUIRE(e.fields.size() == 13u, e.problem);
    BOOST_TEST(field(e, "PktGroupId")->value.to_string() == std::to_string(0x0102030405060708));
    BOOST_TEST(field(e, "DropReason")->value.to_string() == "45");
    BOOST_TEST(field(e, "DropLocation")->value.to_string() == std::to_string(0xe0004a2bu));
    BOOST_TEST(field(e, "OriginalPayloadSize")->value.to_string() == "1500");
    BOOST_TEST(field(e, "LoggedPayloadSize")->value.to_string() == "6");
    BOOST_TEST(field(e, "Payload")->value.bytes == ip);
    const auto p = captured_packet(drop);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST((p->medium == PacketMedium::Ip));
    BOOST_TEST(p->dropped);
    BOOST_TEST(p->payload_offset == pktmon::kPayloadOffset);

    const std::vector<uint8_t> frame = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
    const std::vector<uint8_t> fragment = ndis_payload(frame);  // the record's payload points into it
    const EventRecord ndis = event_of(ndis::kPacketCaptureGuid, ndis::kFragmentEvent, fragment, ndis::kEthernetKeyword);
    const DecodedEvent n = decoders->decode(ndis);
    BOOST_TEST(n.provider == "Microsoft-Windows-NDIS-PacketCapture");  // not the GUID
    BOOST_TEST_REQUIRE(n.fields.size() == 4u, n.problem);
    BOOST_TEST(field(n, "MiniportIfIndex")->value.to_string() == "7");
    BOOST_TEST(field(n, "FragmentSize")->value.to_string() == "14");
    BOOST_TEST(field(n, "Fragment")->value.bytes == frame);
    BOOST_TEST(!field(n, "GftFlowEntryId"));  // Windows 7's layout: nothing after the fragment
    const auto q = captured_packet(ndis);
    BOOST_TEST_REQUIRE(q.has_value());
    BOOST_TEST((q->medium == PacketMedium::Ethernet));
    BOOST_TEST(q->payload_offset == ndis::kFragmentOffset);
}

BOOST_AUTO_TEST_CASE(the_ndis_fallback_decodes_as_the_manifest_does)
{
    const char* corpus = std::getenv("TRACESHARK_CORPUS");
    const std::filesystem::path dir = std::filesystem::path(corpus ? corpus : "") / "expected" / "manifests";
    const std::vector<uint8_t> frame = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0};
    std::vector<uint8_t> win10 = ndis_payload(frame);
    for (int i = 0; i < 16; ++i) win10.push_back(static_cast<uint8_t>(i + 1));  // GftFlowEntryId, GftOffloadInformation
    for (const auto& [manifest, payload] :
         {std::pair{"Manifests-Win7-7600__Microsoft-Windows-NDIS-PacketCapture.xml", ndis_payload(frame)},
          std::pair{"Manifests-Win10-18990__Microsoft-Windows-NDIS-PacketCapture.xml", win10}}) {
        if (!corpus || !std::filesystem::exists(dir / manifest)) {
            BOOST_TEST_MESSAGE("no corpus manifest " << manifest << ": skipped");
            continue;
        }
        const EventRecord r = event_of(ndis::kPacketCaptureGuid, ndis::kFragmentEvent, payload, ndis::kEthernetKeyword);
        DecodedEvent by_manifest, by_layout;
        BOOST_TEST_REQUIRE(make_manifest_decoder({(dir / manifest).string()})->decode(r, by_manifest));
        BOOST_TEST_REQUIRE(make_packet_capture_decoder()->decode(r, by_layout));
        BOOST_TEST(by_layout.provider == by_manifest.provider, manifest);
        BOOST_TEST(by_layout.problem == by_manifest.problem, manifest);
        BOOST_TEST_REQUIRE(by_layout.fields.size() == by_manifest.fields.size(), manifest);
        for (size_t i = 0; i < by_layout.fields.size(); ++i) {
            BOOST_TEST(by_layout.fields[i].name == by_manifest.fields[i].name, manifest);
            BOOST_TEST(by_layout.fields[i].value.to_string() == by_manifest.fields[i].value.to_string(),
                       manifest << " " << by_layout.fields[i].name);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
