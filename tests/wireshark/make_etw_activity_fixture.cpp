// Writes an ETL for the Wireshark ETW process/activity tests with tests/etl's writer (the layouts tests/tracking's
// test_etl.cpp uses): the volume mapping \Device\HarddiskVolume2\ -> C:\, explorer.exe (1000) as a rundown, its
// start of notepad.exe (2000, thread 2004), the load of its image C:\Windows\notepad.exe at 0x7ff600000000
// (0x38000 bytes), and notepad's file I/O on C:\notes.txt: Create, Read of 4096 bytes,
// Write of 100 bytes, Close, then notepad's end with exit status 3. The test checks tshark against these values.
// make_etw_activity_fixture OUT.etl
#include <cstdio>
#include <fstream>
#include <string>

#include "etl_writer.hpp"
#include "payload_builder.hpp"
#include "traceshark/etl/kernel_classes.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

constexpr int P = 8;
constexpr uint32_t kNone = 0xFFFFFFFF;
constexpr uint32_t kExplorer = 1000, kExplorerThread = 1004, kNotepad = 2000, kNotepadThread = 2004;
constexpr uint64_t kObject = 0xFFFF'A000'0000'AAA0, kKey = 0xFFFF'B000'0000'BBB0;

WriterEvent kernel_event(uint16_t hook, uint16_t version, int64_t ticks, uint32_t pid, uint32_t tid, const Bytes& b)
{
    WriterEvent e;
    e.type = HeaderType::System64;
    e.hook = hook;
    e.version = version;
    e.ticks = ticks;
    e.pid = pid;
    e.tid = tid;
    e.payload = b.b;
    return e;
}

// Process v4: UniqueProcessKey, ProcessId, ParentId, SessionId, ExitStatus, DirectoryTableBase, Flags, UserSID
// (TOKEN_USER + S-1-5-18), ImageFileName (ANSI), CommandLine, PackageFullName, ApplicationId (UTF-16).
Bytes process_v4(uint32_t pid, uint32_t parent, int exit_status, const std::string& image, const std::string& cmd)
{
    Bytes b;
    b.ptr(0xFFFFFA8300000000ull + pid, P).u32(pid).u32(parent).u32(1).u32(static_cast<uint32_t>(exit_status));
    b.ptr(0x558FB000, P).u32(0);
    b.ptr(0x1234, P).ptr(0, P).u8(1).u8(1).raw({0, 0, 0, 0, 0, 5}).u32(18);
    return b.ansiz(image).utf16z(cmd).utf16z("").utf16z("");
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fputs("usage: make_etw_activity_fixture OUT.etl\n", stderr);
        return 2;
    }
    WriterOptions opts;
    opts.cpus = 1;
    opts.compress = false;
    const uint16_t fio = 0x0400;
    std::vector<WriterEvent> v;
    WriterEvent volume;  // SystemConfigEx VolumeMapping
    volume.type = HeaderType::Full64;
    volume.provider = kernel::kSystemConfigExGuid;
    volume.descriptor.opcode = 35;
    volume.ticks = 10;
    volume.payload = Bytes().utf16z("\\Device\\HarddiskVolume2\\").utf16z("C:\\").b;
    v.push_back(volume);
    v.push_back(kernel_event(0x0303, 4, 20, kNone, kNone, process_v4(kExplorer, 4, 259, "explorer.exe", "C:\\Windows\\Explorer.EXE")));
    v.push_back(kernel_event(0x0301, 4, 100, kExplorer, kExplorerThread,
                       process_v4(kNotepad, kExplorer, 259, "notepad.exe", "notepad.exe C:\\notes.txt")));
    Bytes thread;  // Thread v3: ProcessId, TThreadId, 7 pointers, SubProcessTag, priorities, flags
    thread.u32(kNotepad).u32(kNotepadThread);
    for (int i = 0; i < 7; ++i) thread.ptr(0x1000 * (i + 1), P);
    thread.u32(0).u8(8).u8(5).u8(2).u8(0);
    v.push_back(kernel_event(0x0501, 3, 110, kExplorer, kExplorerThread, thread));
    Bytes image;  // Image v3: ImageBase, ImageSize, ProcessId, CheckSum, TimeDateStamp, signature, DefaultBase, 4 x 0
    image.ptr(0x7FF600000000, P).ptr(0x38000, P).u32(kNotepad).u32(0x12345).u32(0x5F000000).u8(0).u8(0).u16(0);
    image.ptr(0x7FF600000000, P).u32(0).u32(0).u32(0).u32(0).utf16z("\\Device\\HarddiskVolume2\\Windows\\notepad.exe");
    v.push_back(kernel_event(0x140A, 3, 120, kNotepad, kNotepadThread, image));  // Image/Load
    const std::string path = "\\Device\\HarddiskVolume2\\notes.txt";
    v.push_back(kernel_event(fio | 36, 3, 125, kNone, kNone, Bytes().ptr(kKey, P).utf16z(path)));  // FileRundown
    v.push_back(kernel_event(fio | 64, 3, 130, kNotepad, kNotepadThread,  // Create: IrpPtr, FileObject, TTID, options
                       Bytes().ptr(0x1111, P).ptr(kObject, P).u32(kNotepadThread).u32(0x60).u32(0x80).u32(7).utf16z(path)));
    auto rw = [&](uint64_t offset, uint32_t size) {  // Offset, IrpPtr, FileObject, FileKey, TTID, IoSize, IoFlags
        return Bytes().u64(offset).ptr(0x2222, P).ptr(kObject, P).ptr(kKey, P).u32(kNotepadThread).u32(size).u32(0);
    };
    v.push_back(kernel_event(fio | 67, 3, 140, kNotepad, kNotepadThread, rw(0, 4096)));
    v.push_back(kernel_event(fio | 68, 3, 150, kNotepad, kNotepadThread, rw(4096, 100)));
    v.push_back(kernel_event(fio | 66, 3, 160, kNotepad, kNotepadThread,
                       Bytes().ptr(0x3333, P).ptr(kObject, P).ptr(kKey, P).u32(kNotepadThread)));
    v.push_back(kernel_event(0x0302, 4, 300, kNotepad, kNotepadThread, process_v4(kNotepad, kExplorer, 3, "notepad.exe", "")));

    const WrittenFile w = write_etl(v, opts);
    std::ofstream(argv[1], std::ios::binary).write(reinterpret_cast<const char*>(w.bytes.data()),
                                                   static_cast<std::streamsize>(w.bytes.size()));
    return 0;
}
