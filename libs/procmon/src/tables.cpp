#include "traceshark/procmon/tables.hpp"

#include <algorithm>
#include <cstdio>

#include "byte_reader.hpp"
#include "utf16.hpp"

namespace traceshark::procmon {

using detail::ByteReader;

const Module* Process::module_at(uint64_t address) const
{
    for (const Module& m : modules) {
        if (address >= m.base && address - m.base < m.size) return &m;
    }
    return nullptr;
}

namespace {

std::vector<std::string> parse_strings(std::span<const uint8_t> table, uint64_t table_offset)
{
    ByteReader r(table, table_offset);
    const uint32_t count = r.u32("string count");
    if (uint64_t{count} * 4 > r.remaining()) r.fail("string table claims " + std::to_string(count) + " strings");
    std::vector<std::string> strings;
    strings.reserve(count);
    ByteReader offsets = r;
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t at = offsets.u32("string offset");
        ByteReader s(table, table_offset);
        s.seek(at, "string");
        const uint32_t len = s.u32("string length");
        strings.push_back(detail::from_utf16(s.bytes(len, "string")));
    }
    return strings;
}

const std::string& string_at(const std::vector<std::string>& strings, ByteReader& r, const char* what)
{
    const uint64_t at = r.offset();
    const uint32_t i = r.u32(what);
    if (i >= strings.size()) {
        throw FormatError(at, std::string(what) + " refers to string " + std::to_string(i) + " of " +
                                  std::to_string(strings.size()));
    }
    return strings[i];
}

Module parse_module(ByteReader& r, unsigned psize, const std::vector<std::string>& strings)
{
    Module m;
    r.pointer(psize, "module");
    m.base = r.pointer(psize, "module base");
    m.size = r.u32("module size");
    m.path = string_at(strings, r, "module path");
    m.version = string_at(strings, r, "module version");
    m.company = string_at(strings, r, "module company");
    m.description = string_at(strings, r, "module description");
    m.timestamp = r.u32("module timestamp");
    r.skip(0x18, "module");
    return m;
}

Process parse_process(ByteReader& r, unsigned psize, const std::vector<std::string>& strings)
{
    Process p;
    p.index = r.u32("process index");
    p.pid = r.u32("process id");
    p.parent_pid = r.u32("parent process id");
    p.parent_index = r.u32("parent process index");
    p.authentication_id = r.u64("authentication id");
    p.session = r.u32("session");
    r.skip(4, "process");
    p.start_filetime = r.u64("process start time");
    p.end_filetime = r.u64("process end time");
    p.virtualized = r.u32("virtualized");
    p.is_64bit = r.u32("process architecture") != 0;
    p.integrity = string_at(strings, r, "integrity");
    p.user = string_at(strings, r, "user");
    p.name = string_at(strings, r, "process name");
    p.image_path = string_at(strings, r, "image path");
    p.command_line = string_at(strings, r, "command line");
    p.company = string_at(strings, r, "company");
    p.version = string_at(strings, r, "version");
    p.description = string_at(strings, r, "description");
    r.skip(8, "icon indexes");
    r.pointer(psize, "process");
    const uint32_t modules = r.u32("module count");
    // Each module needs at least 2P + 0x2C bytes: a hostile count runs out of bytes before memory.
    if (uint64_t{modules} * (2 * psize + 0x2C) > r.remaining()) {
        r.fail("process " + std::to_string(p.pid) + " claims " + std::to_string(modules) + " modules");
    }
    p.modules.reserve(modules);
    for (uint32_t i = 0; i < modules; ++i) p.modules.push_back(parse_module(r, psize, strings));
    return p;
}

}  // namespace

Tables Tables::parse(unsigned pointer_size, std::span<const uint8_t> strings, uint64_t strings_offset,
                     std::span<const uint8_t> processes, uint64_t processes_offset,
                     std::span<const uint8_t> hosts_and_ports, uint64_t hosts_and_ports_offset)
{
    Tables t;
    t.pointer_size_ = pointer_size;
    t.strings_ = parse_strings(strings, strings_offset);

    ByteReader r(processes, processes_offset);
    const uint32_t count = r.u32("process count");
    if (uint64_t{count} * 8 > r.remaining()) r.fail("process table claims " + std::to_string(count) + " processes");
    r.skip(uint64_t{count} * 4, "process indexes");
    t.processes_.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t at = r.u32("process offset");
        ByteReader p(processes, processes_offset);
        p.seek(at, "process record");
        Process proc = parse_process(p, pointer_size, t.strings_);
        t.process_slot_[proc.index] = t.processes_.size();
        t.processes_.push_back(std::move(proc));
    }

    ByteReader h(hosts_and_ports, hosts_and_ports_offset);
    const uint32_t hosts = h.u32("host count");
    for (uint32_t i = 0; i < hosts; ++i) {
        std::array<uint8_t, 16> ip{};
        auto b = h.bytes(16, "host address");
        std::copy(b.begin(), b.end(), ip.begin());
        const uint32_t len = h.u32("host name length");
        t.hosts_[ip] = detail::from_utf16(h.bytes(len, "host name"));
    }
    const uint32_t ports = h.u32("port count");
    for (uint32_t i = 0; i < ports; ++i) {
        const uint16_t port = h.u16("port");
        const bool tcp = h.u16("port protocol") != 0;
        const uint32_t len = h.u32("port name length");
        t.ports_[{port, tcp}] = detail::from_utf16(h.bytes(len, "port name"));
    }
    return t;
}

const Process* Tables::process(uint32_t index) const
{
    auto it = process_slot_.find(index);
    return it == process_slot_.end() ? nullptr : &processes_[it->second];
}

std::string Tables::host_name(const std::array<uint8_t, 16>& address, bool ipv4) const
{
    if (auto it = hosts_.find(address); it != hosts_.end() && !it->second.empty()) return it->second;
    char buf[64];
    if (ipv4) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", address[0], address[1], address[2], address[3]);
        return buf;
    }
    std::string s;
    for (int g = 0; g < 8; ++g) {
        std::snprintf(buf, sizeof buf, g ? ":%x" : "%x", (address[2 * g] << 8) | address[2 * g + 1]);
        s += buf;
    }
    return s;
}

std::string Tables::port_name(uint16_t port, bool tcp) const
{
    if (auto it = ports_.find({port, tcp}); it != ports_.end()) return it->second;
    return std::to_string(port);
}

}  // namespace traceshark::procmon
