#include "etl_writer.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "traceshark/common/filetime.hpp"
#include "traceshark/etl/xca_lz77.hpp"

namespace traceshark::etl::test {
namespace {

constexpr uint64_t kPerfFreq = 10'000'000;
constexpr int64_t kT0 = 5'000'000'000;  // QPC value of the header event
constexpr uint64_t kStartTime = 133'000'000'000'000'000ull;  // a FILETIME in 2022

struct Out {
    std::vector<uint8_t> b;
    void u8(uint64_t v) { b.push_back(static_cast<uint8_t>(v)); }
    void u16(uint64_t v) { u8(v); u8(v >> 8); }
    void u32(uint64_t v) { u16(v); u16(v >> 16); }
    void u64(uint64_t v) { u32(v); u32(v >> 32); }
    void guid(const Guid& g)
    {
        u32(g.data1);
        u16(g.data2);
        u16(g.data3);
        for (uint8_t x : g.data4) u8(x);
    }
    void bytes(const std::vector<uint8_t>& v) { b.insert(b.end(), v.begin(), v.end()); }
    void utf16(const std::string& s)
    {
        for (char c : s) u16(static_cast<uint8_t>(c));
        u16(0);
    }
    void put16(size_t at, uint64_t v) { b[at] = static_cast<uint8_t>(v); b[at + 1] = static_cast<uint8_t>(v >> 8); }
    void pad8() { while (b.size() % 8) u8(0); }
};

std::vector<uint8_t> record(const WriterEvent& e)
{
    Out o;
    const auto type = static_cast<uint8_t>(e.type);
    const uint64_t ts = static_cast<uint64_t>(kT0 + e.ticks);
    switch (e.type) {
    case HeaderType::System32: case HeaderType::System64:
    case HeaderType::Compact32: case HeaderType::Compact64:
        o.u16(e.version); o.u8(type); o.u8(0xC0); o.u16(0); o.u16(e.hook); o.u32(e.tid); o.u32(e.pid); o.u64(ts);
        if (e.type == HeaderType::System32 || e.type == HeaderType::System64) { o.u32(11); o.u32(22); }
        break;
    case HeaderType::PerfInfo32: case HeaderType::PerfInfo64:
        o.u16(static_cast<uint16_t>(e.version | e.pmc << 8 | (e.pebs ? 0x8000 : 0))); o.u8(type); o.u8(0xC0);
        o.u16(0); o.u16(e.hook); o.u64(ts);
        if (e.pebs) o.u64(0x9EB5);
        for (int i = 0; i < e.pmc; ++i) o.u64(0x1000u + static_cast<unsigned>(i));
        break;
    case HeaderType::Full32: case HeaderType::Full64:
    case HeaderType::Instance32: case HeaderType::Instance64:
        o.u16(0); o.u8(type); o.u8(0xC0); o.u8(e.descriptor.opcode); o.u8(e.descriptor.level); o.u16(e.version);
        o.u32(e.tid); o.u32(e.pid); o.u64(ts); o.guid(e.provider); o.u32(11); o.u32(22);
        if (e.type == HeaderType::Instance32 || e.type == HeaderType::Instance64) {
            o.u32(7); o.u32(6); o.guid(e.provider);
        }
        break;
    case HeaderType::EventHeader32: case HeaderType::EventHeader64: {
        o.u16(0); o.u8(type); o.u8(0xC0);
        o.u16(e.eh_flags | (e.extended.empty() ? 0 : 1)); o.u16(0);
        o.u32(e.tid); o.u32(e.pid); o.u64(ts); o.guid(e.provider);
        const EventDescriptor& d = e.descriptor;
        o.u16(d.id); o.u8(d.version); o.u8(d.channel); o.u8(d.level); o.u8(d.opcode); o.u16(d.task); o.u64(d.keyword);
        o.u32(11); o.u32(22);
        Guid act; act.data1 = 0xAC71;
        o.guid(act);
        for (size_t i = 0; i < e.extended.size(); ++i) {
            const auto& [t, data] = e.extended[i];
            const size_t total = (8 + data.size() + 7) & ~size_t{7};
            o.u16(total); o.u16(t); o.u16(i + 1 < e.extended.size() ? 1 : 0); o.u16(data.size());
            o.bytes(data);
            while ((o.b.size() - 0x50) % 8) o.u8(0);
        }
        break;
    }
    case HeaderType::Message:
        o.u16(0); o.u8(0); o.u8(0x90); o.u16(e.descriptor.id); o.u16(0x01 | 0x02 | 0x08 | 0x20);
        o.u32(77); o.guid(e.provider); o.u64(ts); o.u32(e.tid); o.u32(e.pid);
        break;
    default:
        break;
    }
    o.bytes(e.payload);
    const size_t size = o.b.size();
    o.put16((e.type == HeaderType::System32 || e.type == HeaderType::System64 || e.type == HeaderType::Compact32 ||
             e.type == HeaderType::Compact64 || e.type == HeaderType::PerfInfo32 || e.type == HeaderType::PerfInfo64)
                ? 4 : 0,
            size);
    o.pad8();
    return o.b;
}

std::vector<uint8_t> header_payload(const WriterOptions& opts, uint32_t buffers, const std::string& logger,
                                    const std::string& logfile)
{
    Out o;
    const bool p64 = opts.header64;
    o.u32(opts.buffer_size);
    o.u8(10); o.u8(0); o.u8(1); o.u8(5);
    o.u32(19041);
    o.u32(opts.cpus);
    o.u64(kStartTime + 600'000'000);  // EndTime
    o.u32(156250); o.u32(100);
    o.u32(opts.compress ? 0x04000000 : 0x1);
    o.u32(buffers); o.u32(1);
    o.u32(p64 ? 8 : 4);
    o.u32(0); o.u32(2400);
    o.u32(0xDEAD);  // LoggerName "pointer"
    if (p64) o.u32(0);
    o.u32(0xBEEF);  // LogFileName "pointer"
    if (p64) o.u32(0);
    // TIME_ZONE_INFORMATION
    o.u32(static_cast<uint32_t>(-60));
    const size_t std_name = o.b.size();
    o.b.resize(o.b.size() + 172 - 4, 0);
    const char* sn = "W. Europe Standard Time";
    for (size_t i = 0; sn[i] && i < 31; ++i) o.put16(std_name + 2 * i, static_cast<uint8_t>(sn[i]));
    o.u32(0);  // alignment of the 8-byte BootTime (both layouts)
    o.u64(kStartTime - 36'000'000'000ull);  // BootTime
    o.u64(kPerfFreq);
    o.u64(kStartTime);
    o.u32(1);  // QPC
    o.u32(0);  // BuffersLost
    o.utf16(logger);
    o.utf16(logfile);
    return o.b;
}

void buffer_header(Out& o, uint32_t disk_size, uint32_t saved, int64_t ts, uint64_t seq, uint16_t cpu, uint16_t flags,
                   uint16_t type)
{
    o.u32(disk_size); o.u32(saved); o.u32(saved); o.u32(0); o.u64(static_cast<uint64_t>(ts)); o.u64(seq); o.u64(0);
    o.u16(cpu); o.u16(0x11); o.u32(3); o.u32(saved); o.u16(flags); o.u16(type);
    o.b.resize(o.b.size() + 16, 0);
}

}  // namespace

std::vector<WriterEvent> sample_events(const WriterOptions& opts)
{
    std::vector<WriterEvent> v;
    std::mt19937 rng(opts.seed);
    const Guid tl = *Guid::parse("d3dd3dd4-aac2-4e2a-8dd4-a8fb61b77615");
    const Guid classic = *Guid::parse("3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c");
    const Guid wpp = *Guid::parse("11111111-2222-3333-4444-555555555555");
    int64_t t = 10;
    const HeaderType kinds[] = {HeaderType::System64, HeaderType::System32, HeaderType::Compact64,
                                HeaderType::PerfInfo64, HeaderType::PerfInfo32, HeaderType::Full32,
                                HeaderType::Full64, HeaderType::Instance64, HeaderType::EventHeader64,
                                HeaderType::EventHeader32, HeaderType::Message, HeaderType::EventHeader64};
    for (int i = 0; i < 400; ++i) {
        WriterEvent e;
        e.type = kinds[static_cast<size_t>(i) % std::size(kinds)];
        e.cpu = static_cast<uint16_t>(rng() % opts.cpus);
        t += 1 + static_cast<int64_t>(rng() % 50);
        e.ticks = t;
        e.pid = 1000 + static_cast<uint32_t>(rng() % 5);
        e.tid = 2000 + static_cast<uint32_t>(i);
        e.hook = static_cast<uint16_t>(0x0300 | (1 + i % 4));
        e.version = 3;
        const size_t n = rng() % 60;
        for (size_t k = 0; k < n; ++k) e.payload.push_back(static_cast<uint8_t>(rng()));
        if (e.type == HeaderType::PerfInfo64) { e.pmc = static_cast<uint8_t>(i % 3); e.pebs = i % 2; }
        if (e.type == HeaderType::Full32 || e.type == HeaderType::Full64 || e.type == HeaderType::Instance64) {
            e.provider = classic;
            e.descriptor.opcode = 2;
            e.descriptor.level = 4;
        }
        if (e.type == HeaderType::Message) { e.provider = wpp; e.descriptor.id = 42; }
        if (e.type == HeaderType::EventHeader64 || e.type == HeaderType::EventHeader32) {
            e.provider = tl;
            e.descriptor = {static_cast<uint16_t>(i), 1, 11, 5, 0, 0, 0x8000000000000000ull};
            if (i % 3 == 0) {
                // A TraceLogging-shaped schema item (size, tags, name, one UInt32 field) and provider traits.
                std::vector<uint8_t> schema = {0, 0, 0, 'E', 'v', 0, 'x', 0, 8};
                schema[0] = static_cast<uint8_t>(schema.size());
                std::vector<uint8_t> traits = {0, 0, 'P', 'r', 'o', 'v', 0};
                traits[0] = static_cast<uint8_t>(traits.size());
                e.extended.push_back({11, schema});
                e.extended.push_back({12, traits});
                if (i % 2 == 0) e.extended.push_back({6, std::vector<uint8_t>(8 + 3 * 8, 0x5A)});  // stack
            } else if (i % 3 == 1) {
                e.extended.push_back({1, std::vector<uint8_t>(16, 0x11)});  // related activity id
            }
        }
        v.push_back(std::move(e));
    }
    return v;
}

WrittenFile write_etl(const std::vector<WriterEvent>& events, const WriterOptions& opts)
{
    WrittenFile f;
    f.start_time = kStartTime;
    f.logger_name = "Traceshark Test Session";
    f.log_file_name = opts.header64 ? "C:\\traces\\test64.etl" : "C:\\traces\\test32.etl";

    // Pack each CPU's events (in time order) into buffers.
    struct Buf {
        uint16_t cpu;
        std::vector<uint8_t> data;  // header placeholder + records
        std::vector<size_t> events;
        int64_t ts = 0;
    };
    std::vector<size_t> order(events.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return events[a].ticks < events[b].ticks; });
    std::map<uint16_t, std::vector<Buf>> per_cpu;
    for (size_t i : order) {
        const WriterEvent& e = events[i];
        const std::vector<uint8_t> r = record(e);
        auto& list = per_cpu[e.cpu];
        if (list.empty() || list.back().data.size() + r.size() > opts.buffer_size) {
            list.push_back({e.cpu, std::vector<uint8_t>(0x48, 0), {}, 0});
        }
        list.back().data.insert(list.back().data.end(), r.begin(), r.end());
        list.back().events.push_back(i);
        list.back().ts = kT0 + e.ticks;
    }
    // Sequence numbers in global time order of each buffer's first event (as ETW flushes), file order shuffled.
    std::vector<Buf> all;
    for (auto& [cpu, list] : per_cpu)
        for (auto& b : list) all.push_back(std::move(b));
    std::stable_sort(all.begin(), all.end(), [&](const Buf& a, const Buf& b) {
        return events[a.events.front()].ticks < events[b.events.front()].ticks;
    });
    std::vector<size_t> file_order(all.size());
    for (size_t i = 0; i < file_order.size(); ++i) file_order[i] = i;
    std::mt19937 rng(opts.seed * 7 + 3);
    std::shuffle(file_order.begin(), file_order.end(), rng);

    // The header buffer.
    Out o;
    {
        WriterEvent h;
        h.type = opts.header64 ? HeaderType::System64 : HeaderType::System32;
        h.version = 2;
        h.hook = 0;
        h.pid = 4;
        h.tid = 8;
        h.payload = header_payload(opts, static_cast<uint32_t>(all.size() + 1), f.logger_name, f.log_file_name);
        const std::vector<uint8_t> r = record(h);
        const uint32_t saved = static_cast<uint32_t>(0x48 + r.size());
        const uint32_t size = std::max<uint32_t>(opts.buffer_size, (saved + 7) & ~7u);
        buffer_header(o, size, saved, kT0, 0, 0, 0x21, 4);
        o.bytes(r);
        o.b.resize(size, 0xFF);
        f.truth.push_back(h);
        f.buffer_offsets.push_back(0);
        f.buffer_events.push_back(1);
        f.buffer_compressed.push_back(false);
    }
    for (size_t n = 0; n < file_order.size(); ++n) {
        const size_t seq_index = file_order[n];
        Buf& b = all[seq_index];
        const bool compressed = opts.compress && n % 2 == 1;
        const uint32_t saved = static_cast<uint32_t>(b.data.size());
        f.buffer_offsets.push_back(o.b.size());
        f.buffer_events.push_back(static_cast<uint32_t>(b.events.size()));
        f.buffer_compressed.push_back(compressed);
        if (compressed) {
            const auto z = lz77::compress(std::span<const uint8_t>(b.data).subspan(0x48));
            buffer_header(o, static_cast<uint32_t>(0x48 + z.size()), saved, b.ts, seq_index + 1, b.cpu, 0x60, 0);
            o.bytes(z);
        } else {
            buffer_header(o, opts.buffer_size, saved, b.ts, seq_index + 1, b.cpu, 0x20, 0);
            o.b.insert(o.b.end(), b.data.begin() + 0x48, b.data.end());
            o.b.resize(f.buffer_offsets.back() + opts.buffer_size, 0xFF);
        }
    }
    f.bytes = std::move(o.b);
    for (size_t i : order) f.truth.push_back(events[i]);
    const uint64_t start_ns = common::filetime_to_unix_ns(kStartTime);
    f.truth_time_ns.push_back(start_ns);
    for (size_t i : order) f.truth_time_ns.push_back(start_ns + static_cast<uint64_t>(events[i].ticks) * 100);
    return f;
}

std::string describe(const WrittenFile& f)
{
    std::string s = "# " + std::to_string(f.truth.size()) + " records in reader order: ns type cpu pid tid payload-bytes\n";
    for (size_t i = 0; i < f.truth.size(); ++i) {
        const WriterEvent& e = f.truth[i];
        s += std::to_string(f.truth_time_ns[i]) + " " + std::to_string(static_cast<int>(e.type)) + " " +
             std::to_string(e.cpu) + " " + std::to_string(e.pid) + " " + std::to_string(e.tid) + " " +
             std::to_string(e.payload.size()) + "\n";
    }
    return s;
}

}  // namespace traceshark::etl::test
