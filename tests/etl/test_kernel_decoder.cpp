// The kernel MOF decoder on hand-built payloads: every family, the class versions and both pointer sizes.
#include <boost/test/unit_test.hpp>

#include <map>

#include "kernel_decoding.hpp"
#include "payload_builder.hpp"
#include "traceshark/etl/kernel_classes.hpp"
#include "traceshark/etl/kernel_decoder.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

using Out = KernelDecoding;

Out run(const EventRecord& r) { return decode_kernel(r); }
Out run(uint16_t hook, uint8_t version, int P, const Bytes& b) { return run(kernel_record(hook, version, P, b.b)); }

Bytes sid_system(int P)  // TOKEN_USER (2P) + S-1-5-18
{
    Bytes b;
    b.ptr(0x1234, P).ptr(0, P).raw({1, 1, 0, 0, 0, 0, 0, 5}).u32(18);
    return b;
}

Bytes process_v4(int P, bool exit_time)
{
    Bytes b;
    b.ptr(0xfffffa8300cfb380ull & (P == 8 ? ~0ull : 0xffffffffull), P).u32(3676).u32(3508).u32(1).u32(259);
    b.ptr(0x558fb000, P).u32(0);
    const Bytes sid = sid_system(P);
    b.b.insert(b.b.end(), sid.b.begin(), sid.b.end());
    b.ansiz("Test.x64.exe").utf16z("Test.x64.exe a b").utf16z("Pkg").utf16z("App");
    if (exit_time) b.u64(116444736000000000ull);
    return b;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernel_decoder)

BOOST_AUTO_TEST_CASE(class_table)
{
    BOOST_TEST(kernel::class_of_group(0x03)->guid.to_string() == "3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c");
    BOOST_TEST(kernel::class_of_guid(kernel::kTcpIpGuid)->name == "TcpIp");
    BOOST_TEST(kernel::class_of_group(0x07) == nullptr);
}

BOOST_AUTO_TEST_CASE(process_versions_and_pointer_sizes)
{
    for (int P : {4, 8}) {
        for (bool tail : {false, true}) {
            Out o = run(0x0301, tail ? 5 : 4, P, process_v4(P, tail));
            BOOST_TEST(o.known);
            BOOST_TEST(o.ev.name() == "Windows Kernel/Process/Start");
            BOOST_TEST(o.ev.problem == "");
            BOOST_TEST(o["ProcessID"] == "3676");
            BOOST_TEST(o["ParentID"] == "3508");
            BOOST_TEST(o["ExitStatus"] == "259");
            BOOST_TEST(o["PageDirectoryBase"] == "0x558fb000");
            BOOST_TEST(o["UserSID"] == "S-1-5-18");
            BOOST_TEST(o["ImageFileName"] == "Test.x64.exe");
            BOOST_TEST(o["CommandLine"] == "Test.x64.exe a b");
            BOOST_TEST(o["PackageFullName"] == "Pkg");
            BOOST_TEST(o["ApplicationID"] == "App");
            BOOST_TEST(o["ExitTime"] == (tail ? "1970-01-01T00:00:00.0000000Z" : "<absent>"));
        }
        // V3: no Flags, NULL SID (4 bytes).
        Bytes v3;
        v3.ptr(0x10, P).u32(4).u32(0).u32(0).u32(0).ptr(0x185000, P).u32(0).ansiz("System").utf16z("");
        Out o3 = run(0x0303, 3, P, v3);
        BOOST_TEST(o3.ev.name() == "Windows Kernel/Process/DCStart");
        BOOST_TEST(o3.ev.problem == "");
        BOOST_TEST(o3["ImageFileName"] == "System");
        BOOST_TEST(o3["UserSID"] == "");
        BOOST_TEST(o3["Flags"] == "<absent>");
        // V2: UniqueProcessKey, no DirectoryTableBase.
        Bytes v2;
        v2.ptr(0x10, P).u32(8).u32(4).u32(0).u32(0).u32(0).ansiz("smss.exe").utf16z("smss");
        Out o2 = run(0x0302, 2, P, v2);
        BOOST_TEST(o2.ev.name() == "Windows Kernel/Process/Stop");
        BOOST_TEST(o2["ImageFileName"] == "smss.exe");
        BOOST_TEST(o2["CommandLine"] == "smss");
        // V1: DirectoryTableBase first.
        Bytes v1;
        v1.ptr(0x39000, P).u32(8).u32(4).u32(0).u32(0).u32(0).ansiz("csrss.exe");
        Out o1 = run(0x0301, 1, P, v1);
        BOOST_TEST(o1["PageDirectoryBase"] == "0x00039000");
        BOOST_TEST(o1["ImageFileName"] == "csrss.exe");
        // Defunct, PerfCtr, Terminate.
        BOOST_TEST(run(0x0327, 5, P, process_v4(P, true)).ev.name() == "Windows Kernel/Process/Defunct");
        Bytes pc;
        pc.u32(3676).u32(0).u32(5).u32(0);
        for (int i = 0; i < 11; ++i) pc.ptr(1000 + static_cast<uint64_t>(i), P);
        Out opc = run(0x0320, 2, P, pc);
        BOOST_TEST(opc.ev.name() == "Windows Kernel/Process/PerfCtr");
        BOOST_TEST(opc["PrivatePageCount"] == "1010");
        BOOST_TEST(opc.ev.problem == "");
        BOOST_TEST(run(0x030B, 2, P, Bytes().u32(77))["ProcessID"] == "77");
    }
}

BOOST_AUTO_TEST_CASE(process_short_payloads_have_a_problem)
{
    const Bytes full = process_v4(8, false);
    for (size_t n = 0; n < 40; ++n) {
        Bytes cut;
        cut.b.assign(full.b.begin(), full.b.begin() + static_cast<long>(n));
        Out o = run(0x0301, 4, 8, cut);
        BOOST_TEST(o.known);
        BOOST_TEST(!o.ev.problem.empty(), "length " << n);
    }
}

BOOST_AUTO_TEST_CASE(thread_versions)
{
    for (int P : {4, 8}) {
        Bytes v3;
        v3.u32(4).u32(3668);
        for (int k = 0; k < 7; ++k) v3.ptr(0x1000u * static_cast<unsigned>(k + 1), P);
        v3.u32(0).u8(8).u8(5).u8(2).u8(0);
        BOOST_TEST(v3.size() == static_cast<size_t>(12 + 7 * P + 4));
        Out o = run(0x0501, 3, P, v3);
        BOOST_TEST(o.ev.name() == "Windows Kernel/Thread/Start");
        BOOST_TEST(o.ev.problem == "");
        BOOST_TEST(o["ThreadID"] == "3668");
        BOOST_TEST(o["Affinity"] == "0x00005000");
        BOOST_TEST(o["TebBase"] == "0x00007000");
        BOOST_TEST(o["IoPriority"] == "2");
        BOOST_TEST(o["ThreadName"] == "<absent>");
        Bytes named = v3;
        named.utf16z("worker");
        BOOST_TEST(run(0x0503, 4, P, named)["ThreadName"] == "worker");
        Bytes empty_name = v3;
        empty_name.u16(0);  // 18362 V3: 72 bytes plus an empty name
        Out e = run(0x0504, 3, P, empty_name);
        BOOST_TEST(e.ev.name() == "Windows Kernel/Thread/DCStop");
        BOOST_TEST(e["ThreadName"] == "");
        Bytes v2;
        v2.u32(4).u32(8);
        for (int k = 0; k < 7; ++k) v2.ptr(1, P);
        v2.u32(0);
        BOOST_TEST(run(0x0502, 2, P, v2).ev.problem == "");
        BOOST_TEST(run(0x0502, 1, P, Bytes().u32(4).u32(8))["ThreadID"] == "8");
        Bytes cs;
        cs.u32(10).u32(20).u8(8).u8(9).u8(0).u8(0).u8(6).u8(1).u8(5).u8(0).u32(3).u32(0);
        Out c = run(0x0524, 2, P, cs);
        BOOST_TEST(c.ev.name() == "Windows Kernel/Thread/CSwitch");
        BOOST_TEST(c["OldThreadID"] == "20");
        BOOST_TEST(run(0x0548, 2, P, Bytes().u32(1).u32(2).utf16z("ui"))["ThreadName"] == "ui");
    }
}

BOOST_AUTO_TEST_CASE(image_versions_hook_030a_and_pointer_fallback)
{
    for (int P : {4, 8}) {
        Bytes v3;
        v3.ptr(0x77710000, P).ptr(1404928, P).u32(4).u32(1450643).u32(0).u8(12).u8(1).u16(0).ptr(0x77710000, P);
        v3.u32(0).u32(0).u32(0).u32(0).utf16z("\\Windows\\SysWOW64\\ntdll.dll");
        for (uint16_t hook : {uint16_t{0x140A}, uint16_t{0x1403}, uint16_t{0x030A}}) {
            Out o = run(hook, 3, P, v3);
            BOOST_TEST(o.ev.problem == "");
            BOOST_TEST(o["ImageBase"] == "0x77710000");
            BOOST_TEST(o["ImageSize"] == "1404928");
            BOOST_TEST(o["SignatureLevel"] == "12");
            BOOST_TEST(o["FileName"] == "\\Windows\\SysWOW64\\ntdll.dll");
        }
        BOOST_TEST(run(0x030A, 3, P, v3).ev.name() == "Windows Kernel/Image/Load");
        BOOST_TEST(run(0x1403, 3, P, v3).ev.name() == "Windows Kernel/Image/DCStart");
        BOOST_TEST(run(0x1404, 2, P, v3)["Reserved0"] == "268");  // V2 reads the same bytes as one u32
        Bytes v1;
        v1.ptr(0x400000, P).ptr(0x1000, P).u32(9).utf16z("a.exe");
        BOOST_TEST(run(0x140A, 1, P, v1)["FileName"] == "a.exe");
        Bytes v0;
        v0.ptr(0x400000, P).u32(0x1000).utf16z("b.dll");
        BOOST_TEST(run(0x140A, 0, P, v0)["FileName"] == "b.dll");
        BOOST_TEST(run(0x1421, 2, P, Bytes().ptr(0xfff, P)).ev.name() == "MSNT_SystemTrace/Image/KernelBase");
        // Too short for the fixed part: a problem, never a crash.
        BOOST_TEST(!run(0x140A, 3, P, Bytes().zeros(static_cast<size_t>(3 * P + 20))).ev.problem.empty());
    }
    // A 32-bit (FULL32) header around a 64-bit payload (the sawbuck *_64_* files): the 64-bit layout fits.
    Bytes v2;
    v2.u64(0x7ff600000000ull).u64(0x2000).u32(1).u32(0).u32(0).u32(0).u64(0x7ff600000000ull);
    v2.u32(0).u32(0).u32(0).u32(0).utf16z("C:\\x.exe");
    EventRecord r = kernel_record(0, 2, 4, v2.b);
    r.header_type = HeaderType::Full32;
    r.provider = kernel::kImageGuid;
    r.descriptor.opcode = 10;
    Out o = run(r);
    BOOST_TEST(o.ev.name() == "Windows Kernel/Image/Load");
    BOOST_TEST(o.ev.problem == "");
    BOOST_TEST(o["ImageBase"] == "0x7ff600000000");
    BOOST_TEST(o["FileName"] == "C:\\x.exe");
}

BOOST_AUTO_TEST_CASE(file_io_v2_v3)
{
    for (int P : {4, 8}) {
        Bytes c2;
        c2.ptr(0xa0, P).ptr(77, P).ptr(0xf0, P).u32(0x01000020).u32(0x80).u32(7).utf16z("\\Device\\X\\a.txt");
        Out o2 = run(0x0440, 2, P, c2);
        BOOST_TEST(o2.ev.name() == "Windows Kernel/FileIO/Create");
        BOOST_TEST(o2["TTID"] == "77");
        BOOST_TEST(o2["FileObject"] == "0x000000f0");
        BOOST_TEST(o2["OpenPath"] == "\\Device\\X\\a.txt");
        Bytes c3;
        c3.ptr(0xa0, P).ptr(0xf0, P).u32(77).u32(0x01000020).u32(0x80).u32(7).utf16z("\\Device\\X\\a.txt");
        Out o3 = run(0x0440, 3, P, c3);
        BOOST_TEST(o3["TTID"] == "77");
        BOOST_TEST(o3["OpenPath"] == "\\Device\\X\\a.txt");
        BOOST_TEST(o3.ev.problem == "");
        Bytes rw3;
        rw3.u64(4096).ptr(1, P).ptr(2, P).ptr(3, P).u32(55).u32(512).u32(0);
        Out r3 = run(0x0443, 3, P, rw3);
        BOOST_TEST(r3.ev.name() == "Windows Kernel/FileIO/Read");
        BOOST_TEST(r3["IoSize"] == "512");
        Bytes rw2;
        rw2.u64(4096).ptr(1, P).ptr(55, P).ptr(2, P).ptr(3, P).u32(512).u32(0);
        BOOST_TEST(run(0x0444, 2, P, rw2)["IoSize"] == "512");
        BOOST_TEST(run(0x0400, 2, P, Bytes().ptr(9, P).utf16z("n"))["FileName"] == "n");
        BOOST_TEST(run(0x0424, 3, P, Bytes().ptr(9, P).utf16z("r")).ev.name() == "Windows Kernel/FileIO/FileRundown");
        Bytes de3;
        de3.ptr(1, P).ptr(2, P).ptr(3, P).u32(4).u32(100).u32(3).u32(0).utf16z("*");
        BOOST_TEST(run(0x0448, 3, P, de3)["FileName"] == "*");
        BOOST_TEST(run(0x044C, 3, P, Bytes().ptr(1, P).ptr(0, P).u32(0xC0000034))["NtStatus"] == "0xc0000034");
        Bytes inf3;
        inf3.ptr(1, P).ptr(2, P).ptr(3, P).ptr(4, P).u32(5).u32(6);
        BOOST_TEST(run(0x0445, 3, P, inf3)["InfoClass"] == "6");
    }
}

BOOST_AUTO_TEST_CASE(disk_io_page_fault)
{
    for (int P : {4, 8}) {
        Bytes rw;
        rw.u32(0).u32(0x60043).u32(4096).u32(0).u64(6109835264ull).ptr(0xfa, P).ptr(0xfb, P).u64(9280).u32(44);
        Out o = run(0x010B, 3, P, rw);
        BOOST_TEST(o.ev.name() == "Windows Kernel/DiskIO/Write");
        BOOST_TEST(o["ByteOffset"] == "6109835264");
        BOOST_TEST(o["IssuingThreadId"] == "44");
        rw.b.resize(rw.size() - 4);  // V2: no IssuingThreadId
        BOOST_TEST(run(0x010A, 2, P, rw)["IssuingThreadId"] == "<absent>");
        BOOST_TEST(run(0x010C, 3, P, Bytes().ptr(0xfb, P).u32(44)).ev.name() == "Windows Kernel/DiskIO/ReadInit");
        BOOST_TEST(run(0x010E, 3, P, Bytes().u32(0).u32(0).u64(1).ptr(2, P).u32(3))["Irp"] == "0x00000002");
        Bytes hf;
        hf.u64(1).u64(283648).ptr(0x7f9c7a891f0ull & (P == 8 ? ~0ull : 0xffffffffull), P).ptr(5, P).u32(1716).u32(8704);
        Out h = run(0x0220, 2, P, hf);
        BOOST_TEST(h.ev.name() == "Windows Kernel/Memory/HardFault");
        BOOST_TEST(h["ByteCount"] == "8704");
    }
}

BOOST_AUTO_TEST_CASE(tcp_udp)
{
    for (int P : {4, 8}) {
        Bytes s6;
        s6.u32(4).u32(65652);
        for (int i = 0; i < 16; ++i) s6.u8(i == 0 ? 0x20 : i == 1 ? 0x01 : i == 15 ? 1 : 0);
        for (int i = 0; i < 16; ++i) s6.u8(i == 15 ? 2 : 0);
        s6.be16(445).be16(64025).u32(1942).u32(1943).u32(0).ptr(0, P);
        Out o = run(0x061A, 2, P, s6);
        BOOST_TEST(o.ev.name() == "Windows Kernel/TcpIp/SendIPV6");
        BOOST_TEST(o["daddr"] == "2001::1");
        BOOST_TEST(o["saddr"] == "::2");
        BOOST_TEST(o["dport"] == "445");
        BOOST_TEST(o["sport"] == "64025");
        BOOST_TEST(o["endtime"] == "1943");
        BOOST_TEST(o.ev.problem == "");
        Bytes r4;
        r4.u32(2108).u32(173).raw({239, 255, 255, 250}).raw({10, 128, 0, 117}).be16(1900).be16(60441).u32(0).ptr(0, P);
        Out u = run(0x080B, 2, P, r4);
        BOOST_TEST(u.ev.name() == "Windows Kernel/UdpIp/Recv");
        BOOST_TEST(u["saddr"] == "10.128.0.117");
        BOOST_TEST(u["sport"] == "60441");
        BOOST_TEST(run(0x060B, 2, P, r4).ev.name() == "Windows Kernel/TcpIp/Recv");
        Bytes cn;
        cn.u32(1).u32(0).raw({1, 2, 3, 4}).raw({5, 6, 7, 8}).be16(80).be16(5000).u16(1460).u16(1).u16(0).u16(1);
        cn.u32(65535).u16(8).u16(8).u32(9).ptr(0x77, P);
        Out c = run(0x060C, 2, P, cn);
        BOOST_TEST(c.ev.name() == "Windows Kernel/TcpIp/Connect");
        BOOST_TEST(c["mss"] == "1460");
        BOOST_TEST(c["connid"] == "0x00000077");
        BOOST_TEST(run(0x0611, 2, P, Bytes().u16(6).u16(3))["FailureCode"] == "3");
    }
}

BOOST_AUTO_TEST_CASE(registry_perfinfo_stackwalk_alpc_sysconfig_eventtrace)
{
    for (int P : {4, 8}) {
        Bytes rg;
        rg.u64(5).u32(0).u32(0).ptr(0x88, P).utf16z("\\REGISTRY\\MACHINE\\SOFTWARE");
        Out r = run(0x090B, 2, P, rg);
        BOOST_TEST(r.ev.name() == "Windows Kernel/Registry/Open");
        BOOST_TEST(r["KeyName"] == "\\REGISTRY\\MACHINE\\SOFTWARE");
        Out s = run(0x0F2E, 2, P, Bytes().ptr(0xd03003, P).u32(584).u16(1).u16(0x0e07));
        BOOST_TEST(s.ev.name() == "Windows Kernel/PerfInfo/Sample");
        BOOST_TEST(s["ThreadID"] == "584");
        BOOST_TEST(s["InstructionPointer"] == "0x00d03003");
        BOOST_TEST(run(0x0F33, 2, P, Bytes().ptr(0x1234, P))["SysCallAddress"] == "0x00001234");
        BOOST_TEST(run(0x0F34, 2, P, Bytes().u32(0))["SysCallNtStatus"] == "0x00000000");
        Out isr = run(0x0F43, 2, P, Bytes().u64(1).ptr(2, P).u8(1).u16(0x41).u8(0));
        BOOST_TEST(isr.ev.name() == "Windows Kernel/PerfInfo/ISR");
        BOOST_TEST(isr["Vector"] == "65");
        BOOST_TEST(run(0x0F44, 2, P, Bytes().u64(1).ptr(2, P)).ev.name() == "Windows Kernel/PerfInfo/DPC");
        Out cs = run(0x0F49, 3, P, Bytes().u32(0).u32(10000).u32(10000).utf16z("Timer"));
        BOOST_TEST(cs.ev.name() == "Windows Kernel/PerfInfo/CollectionStart");
        BOOST_TEST(cs["NewInterval"] == "10000");
        Out sw = run(0x1820, 2, P, Bytes().u64(99).u32(4).u32(8).ptr(0x10, P).ptr(0x20, P).ptr(0x30, P));
        BOOST_TEST(sw.ev.name() == "Windows Kernel/StackWalk/Stack");
        BOOST_TEST(sw["Stack"] == "[0x00000010, 0x00000020, 0x00000030]");
        BOOST_TEST(run(0x1A21, 2, P, Bytes().u32(42))["MessageID"] == "42");
        BOOST_TEST(run(0x1A24, 2, P, Bytes().u32(1).ansiz("\\RPC Control\\x"))["PortName"] == "\\RPC Control\\x");
        BOOST_TEST(run(0x1A24, 2, P, Bytes()).ev.name() == "Windows Kernel/ALPC/WaitForNewMessage");
        Out pw = run(0x0B10, 2, P, Bytes().u8(0).u8(0).u8(0).u8(0).u8(1).zeros(3));
        BOOST_TEST(pw.ev.name() == "Windows Kernel/SystemConfig/Power");
        BOOST_TEST(pw["S5"] == "1");
        BOOST_TEST(run(0x0B11, 2, P, Bytes().u32(32).u32(0xffffffff).u32(65536).u32(120))["MaxUserPort"] == "65536");
        Bytes srv;
        srv.u32(0).u32(1).u32(1).utf16z("AeLookupSvc").utf16z("Application Experience").utf16z("Idle");
        BOOST_TEST(run(0x0B0F, 3, P, srv)["DisplayName"] == "Application Experience");
        Bytes ext;
        for (int i = 0; i < 8; ++i) ext.u32(0);
        ext.u32(42);
        Out e = run(0x0005, 2, P, ext);
        BOOST_TEST(e.ev.name() == "Windows Kernel/EventTrace/Extension");
        BOOST_TEST(e["KernelEventVersion"] == "42");
        BOOST_TEST(run(0x0008, 2, P, Bytes()).ev.name() == "Windows Kernel/EventTrace/RundownComplete");
        BOOST_TEST(run(0x0B19, 2, P, Bytes().utf16z("M").utf16z("V").utf16z("D").utf16z("B")).ev.name() ==
                   "MSNT_SystemTrace/SystemConfig/Platform");
        BOOST_TEST(run(0x0BEE, 2, P, Bytes()).ev.name() == "Windows Kernel/SystemConfig/Opcode(238)");
    }
}

BOOST_AUTO_TEST_CASE(unknown_groups_and_other_records_are_left_to_others)
{
    BOOST_TEST(!run(0x0701, 2, 8, Bytes()).known);
    EventRecord r;
    r.header_type = HeaderType::EventHeader64;
    BOOST_TEST(!run(r).known);
}

BOOST_AUTO_TEST_CASE(every_hook_version_and_length_is_bounded)
{
    // Every group/opcode/version with random payloads of every length up to 96 bytes: no crash, no overread
    // (ASan in the sanitizer pass), a problem or a clean decode.
    uint32_t seed = 12345;
    std::vector<uint8_t> buf(96);
    for (int group : {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0B, 0x0F, 0x14, 0x18, 0x1A})
        for (int op = 0; op < 256; op += 1)
            for (int version : {0, 1, 2, 3, 4, 5})
                for (int P : {4, 8})
                    for (size_t n : {size_t{0}, size_t{3}, size_t{17}, size_t{41}, size_t{96}}) {
                        for (uint8_t& b : buf) b = static_cast<uint8_t>((seed = seed * 1103515245u + 12345u) >> 24);
                        std::vector<uint8_t> p(buf.begin(), buf.begin() + static_cast<long>(n));
                        Out o = run(static_cast<uint16_t>(group << 8 | op), static_cast<uint8_t>(version), P, Bytes{p});
                        BOOST_REQUIRE(o.known);
                    }
}

BOOST_AUTO_TEST_SUITE_END()
