// Writes seeds for the fuzz_wsmeta_* targets with the encoders they invert: make_wsmeta_seeds DIR
// (DIR/<target>/<n> for each target).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/machine_info.hpp"
#include "traceshark/wsmeta/etl_machine.hpp"
#include "traceshark/wsmeta/guest_link.hpp"
#include "traceshark/wsmeta/pml_tables.hpp"
#include "traceshark/wsmeta/tracedat_formats.hpp"

namespace wm = traceshark::wsmeta;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& dir, const std::string& target, int n, const std::string& bytes)
{
    fs::create_directories(dir / target);
    std::ofstream(dir / target / std::to_string(n), std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_wsmeta_seeds DIR\n");
        return 2;
    }
    const fs::path dir = argv[1];

    wm::EventHeader h;
    for (int i = 0; i < 3; ++i) {
        h.family = static_cast<uint16_t>(i + 1);
        h.flags = static_cast<uint16_t>(i == 2 ? wm::EventHeader::kFlagNextRecord : 0);
        h.next_record_size = i == 2 ? 8 : 0;
        h.missed_events = i - 1;
        std::string bytes(wm::EventHeader::kSize + 16, '\x5a');
        h.encode(reinterpret_cast<uint8_t*>(bytes.data()));
        write(dir, "event_header", i, bytes);
    }

    wm::MachineInfo m{0x1122334455667788ull, "host", "6.1.0", "#1 SMP", "x86_64", "local", "", 4};
    write(dir, "record_interface", 0, wm::record_interface_description(m));
    m.host = "odd;host=%";
    m.buffer = "instance";
    write(dir, "record_interface", 1, wm::record_interface_description(m));

    wm::TraceDatFormats f;
    f.header_page = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n";
    f.header_event = "type_len : 5 bits\n";
    f.events = {{"sched", "name: sched_switch\nID: 316\nformat:\n\tfield:int prev_pid;\toffset:8;\tsize:4;\tsigned:1;\n"}};
    const std::string formats = wm::encode_formats(f);
    write(dir, "formats", 0, formats);
    wm::PmlTables t;
    t.strings = std::string("\x01\0\0\0\x08\0\0\0\x06\0\0\0a\0b\0c\0", 18);
    t.processes = std::string(8, '\0');
    const std::string tables = wm::encode_pml_tables(t);
    write(dir, "pml_tables", 0, tables);
    t.pointer_size = 4;
    write(dir, "pml_tables", 1, wm::encode_pml_tables(t));
    wm::EtlMachine em;
    em.os_major = 10;
    em.os_build = 19041;
    em.cpus = 4;
    em.clock = "qpc";
    em.session = "NT Kernel Logger";
    write(dir, "etl_machine", 0, wm::encode_etl_machine(em));
    wm::GuestLink host;
    host.trace_id = 0xfcc908df61e4eaddull;
    host.guests.push_back({"vm", 0x87756438941625b8ull, {{0, 29460}, {1, 29461}}});
    write(dir, "guest_link", 0, wm::encode_guest_link(host));
    wm::GuestLink guest;
    guest.trace_id = 0x87756438941625b8ull;
    guest.host_trace_id = 0xfcc908df61e4eaddull;
    write(dir, "guest_link", 1, wm::encode_guest_link(guest));

    int n = 0;
    for (const auto& [kind, blob] : std::vector<std::pair<std::string_view, std::string>>{
             {wm::kKindFormats, formats}, {wm::kKindPmlTables, tables}, {wm::kKindCmdlines, "1 init\n"}}) {
        std::string lines;
        for (const wm::MetaChunk& c : wm::encode_metadata(m.key, kind, blob, 64)) lines += c.name + "\t" + c.description + "\n";
        write(dir, "chunks", n++, lines);
    }
    return 0;
}
