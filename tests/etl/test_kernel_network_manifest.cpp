// Manifest choice by event version and the Kernel-Network layouts, on manifests and records built here:
//  - two manifests of one provider (a Windows 7 and a Windows 10 export): each (id, version) is decoded with a
//    manifest that has it, the one whose template consumes the payload exactly; a version none has gives the
//    names only (decoded = false, no fields, no problem);
//  - Microsoft-Windows-Kernel-Network with a TDH-rebuilt template (UInt32 addresses, Binary without length,
//    UInt32 connid): the TcpIp/UdpIp layout of the event id decodes it (IPv4/IPv6, big-endian ports, pointer-sized
//    connid) under the template's field names, for both pointer sizes.
#include <boost/test/unit_test.hpp>

#include <map>

#include "payload_builder.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_providers.hpp"
#include "traceshark/etl/manifest_decoder.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

std::string manifest_xml(const std::string& guid, const std::string& events, const std::string& templates)
{
    return "<instrumentationManifest xmlns=\"http://schemas.microsoft.com/win/2004/08/events\"><instrumentation>"
           "<events><provider name=\"P\" guid=\"{" + guid + "}\"><events>" + events + "</events><templates>" +
           templates + "</templates></provider></events></instrumentation></instrumentationManifest>";
}

EventRecord eh(const Guid& g, uint16_t id, uint8_t version, const std::vector<uint8_t>& payload, uint8_t P = 8)
{
    EventRecord r;
    r.header_type = P == 8 ? HeaderType::EventHeader64 : HeaderType::EventHeader32;
    r.pointer_size = P;
    r.provider = g;
    r.descriptor.id = id;
    r.descriptor.version = version;
    r.payload = payload;
    return r;
}

std::map<std::string, std::string> fields(const DecodedEvent& e)
{
    std::map<std::string, std::string> m;
    for (const Field& f : e.fields) m[f.name] = f.value.to_string();
    return m;
}

const char* kGuidText = "11111111-2222-3333-4444-555555555555";

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_versions)

BOOST_AUTO_TEST_CASE(each_event_finds_the_manifest_of_its_version)
{
    std::vector<manifest::Manifest> ms;
    ms.push_back(manifest::parse_manifest(  // "Win10": v0 with two fields, and v1
        manifest_xml(kGuidText,
                 "<event value=\"1\" version=\"0\" template=\"T2\"/><event value=\"1\" version=\"1\" template=\"T3\"/>",
                 "<template tid=\"T2\"><data name=\"a\" inType=\"win:UInt32\"/><data name=\"b\" inType=\"win:UInt32\"/>"
                 "</template><template tid=\"T3\"><data name=\"c\" inType=\"win:UInt16\"/></template>"),
        "win10"));
    ms.push_back(manifest::parse_manifest(  // "Win7": v0 with one field
        manifest_xml(kGuidText, "<event value=\"1\" version=\"0\" template=\"T1\"/>",
                 "<template tid=\"T1\"><data name=\"a\" inType=\"win:UInt32\"/></template>"),
        "win7"));
    ManifestDecoder dec(std::move(ms));
    const Guid g = *Guid::parse(kGuidText);
    DecodedEvent e;
    BOOST_REQUIRE(dec.decode(eh(g, 1, 0, Bytes().u32(7).u32(8).b), e));
    BOOST_TEST(fields(e) == (std::map<std::string, std::string>{{"a", "7"}, {"b", "8"}}));
    BOOST_TEST(e.problem == "");
    e = {};
    BOOST_REQUIRE(dec.decode(eh(g, 1, 0, Bytes().u32(7).b), e));  // only the Win7 template fits 4 bytes
    BOOST_TEST(fields(e) == (std::map<std::string, std::string>{{"a", "7"}}));
    BOOST_TEST(e.problem == "");
    e = {};
    BOOST_REQUIRE(dec.decode(eh(g, 1, 1, Bytes().u16(5).b), e));
    BOOST_TEST(fields(e)["c"] == "5");
    e = {};
    BOOST_REQUIRE(dec.decode(eh(g, 1, 2, Bytes().u32(1).b), e));  // a version neither has: names only
    BOOST_TEST(!e.decoded);
    BOOST_TEST(e.fields.empty());
    BOOST_TEST(e.problem == "");
    BOOST_TEST(e.provider == "P");
    BOOST_TEST(dec.manifests().find_event(g, 1, 2) == nullptr);
    BOOST_TEST(dec.manifests().find_event(g, 1, 1) != nullptr);
}

BOOST_AUTO_TEST_CASE(kernel_network_takes_the_tcpip_layouts)
{
    const std::string head = "<data name=\"PID\" inType=\"win:UInt32\"/><data name=\"size\" inType=\"win:UInt32\"/>";
    auto addr = [](const char* type) {
        return std::string("<data name=\"daddr\" inType=\"win:") + type + "\"/><data name=\"saddr\" inType=\"win:" +
               type + "\"/><data name=\"dport\" inType=\"win:UInt16\"/><data name=\"sport\" inType=\"win:UInt16\"/>";
    };
    const std::string tail = "<data name=\"seqnum\" inType=\"win:UInt32\"/><data name=\"connid\" inType=\"win:UInt32\"/>";
    std::vector<manifest::Manifest> ms;
    ms.push_back(manifest::parse_manifest(
        manifest_xml("7dd42a49-5329-4832-8dfd-43d979153a88",
                 "<event value=\"11\" version=\"0\" template=\"R4\"/><event value=\"27\" version=\"0\" template=\"R6\"/>"
                 "<event value=\"43\" version=\"0\" template=\"R4\"/>",
                 "<template tid=\"R4\">" + head + addr("UInt32") + tail + "</template><template tid=\"R6\">" + head +
                     addr("Binary") + tail + "</template>"),
        "kernel-network"));
    ManifestDecoder dec(std::move(ms));
    for (uint8_t P : {uint8_t{4}, uint8_t{8}}) {
        Bytes v4;
        v4.u32(2716).u32(77).raw({157, 56, 244, 38}).raw({10, 121, 106, 118}).be16(443).be16(61739).u32(9).ptr(0x1234, P);
        for (uint16_t id : {uint16_t{11}, uint16_t{43}}) {
            DecodedEvent e;
            BOOST_REQUIRE(dec.decode(eh(kernel::kKernelNetworkGuid, id, 0, v4.b, P), e));
            BOOST_TEST(e.problem == "");
            auto f = fields(e);
            BOOST_TEST(f["daddr"] == "157.56.244.38");
            BOOST_TEST(f["saddr"] == "10.121.106.118");
            BOOST_TEST(f["dport"] == "443");
            BOOST_TEST(f["sport"] == "61739");
            BOOST_TEST(f["seqnum"] == "9");
            BOOST_TEST(f["connid"] == "0x00001234");
            BOOST_TEST(e.fields.size() == 8u);
            BOOST_TEST(e.fields.back().value.size == P);
        }
        Bytes v6;
        v6.u32(2432).u32(37);
        v6.raw({0x20, 0x01, 0x48, 0x98, 0, 0, 0x0f, 0xff, 0, 0, 0x5e, 0xfe, 0x0a, 0xf6, 0x06, 0x0d});
        v6.raw({0x20, 0x01, 0x48, 0x98, 0, 0, 0x0f, 0xff, 0, 0, 0x5e, 0xfe, 0x0a, 0x79, 0x6a, 0x76});
        v6.be16(24485).be16(3389).u32(0).ptr(0, P);
        DecodedEvent e;
        BOOST_REQUIRE(dec.decode(eh(kernel::kKernelNetworkGuid, 27, 0, v6.b, P), e));
        BOOST_TEST(e.problem == "");
        auto f = fields(e);
        BOOST_TEST(f["saddr"] == "2001:4898:0:fff:0:5efe:a79:6a76");
        BOOST_TEST(f["sport"] == "3389");
        BOOST_TEST(e.fields[0].name == "PID");
    }
    // A payload no layout fits keeps the template's reading (and its problem).
    DecodedEvent e;
    BOOST_REQUIRE(dec.decode(eh(kernel::kKernelNetworkGuid, 11, 0, Bytes().u32(1).u32(2).b), e));
    BOOST_TEST(e.problem != "");
    BOOST_TEST(e.decoded);
}

BOOST_AUTO_TEST_SUITE_END()
