// The kernel decoder's readings and the class versions added for the corpus, on payloads built here:
//  - every layout consumes the payload exactly: bytes after the last field are a problem;
//  - a classic 32-bit header around a 64-bit payload (the sawbuck *_64_* files) is read with 8-byte pointers when
//    only that fits, or when both fit and the 4-byte reading turns binary into text (Image V0);
//  - a zeroed TOKEN_USER before the SID (sawbuck's generator) is read as such when only that fits;
//  - the same through the project's ETL writer: a 32-bit file (header PointerSize 4) of FULL32 records;
//  - SystemConfig CPU V3, Services V3, IRQ V3, PnP V4/V5, LogDisk with its pad, StackWalk key events, both P.
#include <boost/test/unit_test.hpp>

#include <map>

#include "etl_writer.hpp"
#include "kernel_decoding.hpp"
#include "payload_builder.hpp"
#include "traceshark/etl/etl_trace.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_decoder.hpp"
#include "traceshark/etl/registry.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

using Out = KernelDecoding;

Out run(const EventRecord& r)
{
    Out o = decode_kernel(r);
    BOOST_REQUIRE(o.known);
    return o;
}
Out run(uint16_t hook, uint8_t version, int P, const Bytes& b) { return run(kernel_record(hook, version, P, b.b)); }

EventRecord classic32(const Guid& cls, uint8_t opcode, uint8_t version, const std::vector<uint8_t>& payload)
{
    EventRecord r = kernel_record(0, version, 4, payload);
    r.header_type = HeaderType::Full32;
    r.provider = cls;
    r.descriptor.opcode = opcode;
    return r;
}

// sawbuck-style Image V0: base (P), u32 size, name.
Bytes image_v0(int P, uint64_t base, uint32_t size, const std::string& name)
{
    Bytes b;
    b.ptr(base, P).u32(size).utf16z(name);
    return b;
}
// sawbuck-style Process V3: key P, pid, ppid, session, exit, PageDirectoryBase P, TOKEN_USER 2P (zeroed), SID.
Bytes process_v3_zero_token(int P, uint32_t pid, const std::string& image, const std::string& cmd)
{
    Bytes b;
    b.ptr(0, P).u32(pid).u32(4).u32(0).u32(259).ptr(0, P).zeros(2 * static_cast<size_t>(P));
    b.raw({1, 1, 0, 0, 0, 0, 0, 5}).u32(18).ansiz(image).utf16z(cmd);
    return b;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernel_readings)

BOOST_AUTO_TEST_CASE(bytes_after_the_last_field_are_a_problem)
{
    for (int P : {4, 8}) {
        Bytes b;
        b.ptr(0x1000, P).u32(1);  // Image KernelBase (ImageBase P) with 4 bytes too many
        Out o = run(0x1421, 2, P, b);
        BOOST_TEST(o.ev.problem == "4 bytes after the last field (payload " + std::to_string(P + 4) +
                                       " bytes, layout ends at " + std::to_string(P) + ")");
        BOOST_TEST(o["ImageBase"] == "0x00001000");
        Bytes exact;
        exact.ptr(0x1000, P);
        BOOST_TEST(run(0x1421, 2, P, exact).ev.problem == "");
    }
}

BOOST_AUTO_TEST_CASE(classic32_with_64bit_image_v0_payload)
{
    // Both readings consume it exactly; the 4-byte one reads the ModuleSize bytes as text (U+E000, U+0019).
    const Bytes b = image_v0(8, 0x76e10000, 0x00127000, "C:\\Windows\\system32\\ntdll.dll");
    Out o = run(classic32(kernel::kImageGuid, 3, 0, b.b));
    BOOST_TEST(o.ev.problem == "");
    BOOST_TEST(o["ImageSize"] == "1208320");
    BOOST_TEST(o.width["ImageBase"] == 8);
    BOOST_TEST(o["FileName"] == "C:\\Windows\\system32\\ntdll.dll");
    // A real 32-bit payload keeps the 4-byte reading.
    Out o4 = run(classic32(kernel::kImageGuid, 3, 0, image_v0(4, 0x76e10000, 0x00127000, "C:\\a.dll").b));
    BOOST_TEST(o4.width["ImageBase"] == 4);
    BOOST_TEST(o4["ImageSize"] == "1208320");
    BOOST_TEST(o4["FileName"] == "C:\\a.dll");
}

BOOST_AUTO_TEST_CASE(zeroed_token_user_before_the_sid)
{
    for (int P : {4, 8}) {
        const Bytes b = process_v3_zero_token(P, 264, "smss.exe", "\\SystemRoot\\System32\\smss.exe");
        Out o = P == 8 ? run(classic32(kernel::kProcessGuid, 3, 3, b.b)) : run(0x0303, 3, 4, b);
        BOOST_TEST(o.ev.problem == "");
        BOOST_TEST(o["ProcessID"] == "264");
        BOOST_TEST(o["UserSID"] == "S-1-5-18");
        BOOST_TEST(o["ImageFileName"] == "smss.exe");
        BOOST_TEST(o["CommandLine"] == "\\SystemRoot\\System32\\smss.exe");
        BOOST_TEST(o.width["UniqueProcessKey"] == P);
    }
    // The kernel's own NULL SID (4 zero bytes) still reads as one.
    for (int P : {4, 8}) {
        Bytes b;
        b.ptr(0, P).u32(4).u32(0).u32(0).u32(259).ptr(0, P).u32(0).ansiz("System").utf16z("");
        Out o = run(0x0303, 3, P, b);
        BOOST_TEST(o.ev.problem == "");
        BOOST_TEST(o["ImageFileName"] == "System");
        BOOST_TEST(o["UserSID"] == "");
    }
}

BOOST_AUTO_TEST_CASE(through_the_writer_a_32bit_file_with_64bit_payloads)
{
    WriterOptions opts;
    opts.header64 = false;
    opts.cpus = 1;
    opts.compress = false;
    std::vector<WriterEvent> events;
    auto add = [&](const Guid& cls, uint8_t opcode, uint16_t version, const Bytes& b) {
        WriterEvent e;
        e.type = HeaderType::Full32;
        e.ticks = static_cast<int64_t>(events.size() + 1) * 100;
        e.pid = 7644;
        e.tid = 6452;
        e.provider = cls;
        e.version = version;
        e.descriptor.opcode = opcode;
        e.descriptor.version = static_cast<uint8_t>(version);
        e.payload = b.b;
        events.push_back(e);
    };
    add(kernel::kImageGuid, 3, 0, image_v0(8, 0x75680000, 0x000DB000, "C:\\Windows\\system32\\kernel32.dll"));
    add(kernel::kImageGuid, 3, 0, image_v0(4, 0x75680000, 0x000DB000, "C:\\Windows\\system32\\kernel32.dll"));
    add(kernel::kProcessGuid, 1, 3, process_v3_zero_token(8, 1776, "notepad.exe", "notepad.exe a.txt"));
    add(kernel::kProcessGuid, 1, 3, process_v3_zero_token(4, 1776, "notepad.exe", "notepad.exe a.txt"));
    const WrittenFile f = write_etl(events, opts);
    auto trace = EtlTrace::open_memory({f.bytes});
    BOOST_TEST(trace->metadata().files[0].pointer_size == 4u);
    EventReader reader(*trace);
    auto decoders = make_default_decoders();
    std::vector<DecodedEvent> got;
    std::vector<int> widths;
    while (const EventRecord* r = reader.next()) {
        if (r->is_kernel()) continue;  // the header event
        BOOST_TEST(r->pointer_size == 4u);
        got.push_back(decoders->decode(*r));
        widths.push_back(got.back().fields.empty() ? 0 : got.back().fields[0].value.size);
    }
    BOOST_REQUIRE(got.size() == 4u);
    for (size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST(got[i].problem == "", i);
        BOOST_TEST(widths[i] == (i % 2 == 0 ? 8 : 4), i);
    }
    auto field = [](const DecodedEvent& e, const char* n) {
        for (const Field& x : e.fields)
            if (x.name == n) return x.value.to_string();
        return std::string("<absent>");
    };
    for (size_t i : {0u, 1u}) {
        BOOST_TEST(got[i].name() == "Windows Kernel/Image/DCStart");
        BOOST_TEST(field(got[i], "ImageSize") == "897024");
        BOOST_TEST(field(got[i], "FileName") == "C:\\Windows\\system32\\kernel32.dll");
    }
    for (size_t i : {2u, 3u}) {
        BOOST_TEST(got[i].name() == "Windows Kernel/Process/Start");
        BOOST_TEST(field(got[i], "ProcessID") == "1776");
        BOOST_TEST(field(got[i], "UserSID") == "S-1-5-18");
        BOOST_TEST(field(got[i], "CommandLine") == "notepad.exe a.txt");
    }
}

BOOST_AUTO_TEST_CASE(system_config_versions)
{
    for (int P : {4, 8}) {
        Bytes cpu;
        cpu.u32(3592).u32(8).u32(4096).u32(4096).u32(65536).utf16("HOST").zeros(2 * (256 - 4));
        cpu.utf16("dom").zeros(2 * (134 - 3)).ptr(0xf, P);
        Out v2 = run(0x0B0A, 2, P, cpu);
        BOOST_TEST(v2.ev.problem == "");
        BOOST_TEST(v2["ComputerName"] == "HOST");
        cpu.ptr(0x7fffffeffffull & (P == 8 ? ~0ull : 0x7ffeffffull), P).u16(9).u16(6).u16(0x3c03).u8(1).u8(0).u32(1600);
        Out v3 = run(0x0B0A, 3, P, cpu);
        BOOST_TEST(v3.ev.problem == "");
        BOOST_TEST(v3["ProcessorArchitecture"] == "9");
        BOOST_TEST(v3["PaeEnabled"] == "true");
        BOOST_TEST(v3["NxEnabled"] == "false");
        BOOST_TEST(v3["MemorySpeed"] == "1600");

        Bytes svc;
        svc.u32(0).u32(1).u32(5).utf16z("AJRouter").utf16z("AllJoyn Router Service").utf16z("");
        BOOST_TEST(run(0x0B0F, 2, P, svc).ev.problem == "");
        svc.utf16z("").utf16z("LocalServiceNetworkRestricted");
        Out s3 = run(0x0B0F, 3, P, svc);
        BOOST_TEST(s3.ev.problem == "");
        BOOST_TEST(s3["SvcHostGroup"] == "LocalServiceNetworkRestricted");

        Bytes irq;
        irq.u64(0xffffffff).u16(1).u16(0).u32(10).u32(9).utf16z("ACPI\\PNP");
        Out i3 = run(0x0B15, 3, P, irq);
        BOOST_TEST(i3.ev.problem == "");
        BOOST_TEST(i3["IRQGroup"] == "1");
        BOOST_TEST(i3["IRQNum"] == "10");
        BOOST_TEST(i3["DeviceDescription"] == "ACPI\\PNP");

        const Guid system_devices = *Guid::parse("4d36e97d-e325-11ce-bfc1-08002be10318");
        auto pnp = [&](bool v5) {
            Bytes b;
            b.raw({0x7d, 0xe9, 0x36, 0x4d, 0x25, 0xe3, 0xce, 0x11, 0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18});
            b.u32(1).u32(0);
            if (v5) b.u32(0x0180200a).u32(0);
            b.utf16z("PCI\\VEN_1414").utf16z("S3 Cap").utf16z("").utf16z("\\Device\\NTPNP_PCI0004").utf16z("s3cap");
            b.utf16z("filter1");
            return b;
        };
        for (bool v5 : {false, true}) {
            Out o = run(0x0B16, v5 ? 5 : 4, P, pnp(v5));
            BOOST_TEST(o.ev.problem == "");
            BOOST_TEST(o["ClassGuid"] == system_devices.to_string());
            BOOST_TEST(o["ServiceName"] == "s3cap");
            BOOST_TEST(o["Filters"] == "[filter1]");
            BOOST_TEST(o["DevStatus"] == (v5 ? "0x0180200a" : "<absent>"));
        }

        Bytes disk;
        disk.u64(1048576).u64(34357641216ull).u32(1).u32(112).u32(1).utf16("D:").zeros(4).zeros(4);
        disk.u32(1).u32(8).u32(512).zeros(4).u64(7746553).u64(8388095).utf16("NTFS").zeros(2 * 12).u32(0);
        BOOST_TEST(run(0x0B0C, 2, P, disk).ev.problem == "");
        disk.zeros(4);
        BOOST_TEST(run(0x0B0C, 2, P, disk).ev.problem == "");
        BOOST_TEST(run(0x0B0C, 2, P, disk)["FileSystem"] == "NTFS");
    }
}

BOOST_AUTO_TEST_CASE(stack_key_events)
{
    for (int P : {4, 8}) {
        Bytes ref;
        ref.u64(1534739302).u32(3988).u32(2784).ptr(0xfffffa830332e4d0ull, P);
        Out r = run(0x1826, 2, P, ref);
        BOOST_TEST(r.ev.name() == "Windows Kernel/StackWalk/StackKeyUser");
        BOOST_TEST(r.ev.problem == "");
        BOOST_TEST(r["StackThread"] == "2784");
        BOOST_TEST(r.width["StackKey"] == P);
        Bytes def;
        def.ptr(0x1234, P).ptr(0x7ff0001, P).ptr(0x7ff0002, P);
        Out d = run(0x1824, 2, P, def);
        BOOST_TEST(d.ev.name() == "Windows Kernel/StackWalk/KeyRundown");
        BOOST_TEST(d.ev.problem == "");
        BOOST_TEST(d["Stack"] == "[0x07ff0001, 0x07ff0002]");
        BOOST_TEST(d["StackKey"] == "0x00001234");
    }
}

BOOST_AUTO_TEST_SUITE_END()
