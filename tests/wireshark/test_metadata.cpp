// The plugin-independent parts of the Wireshark integration: event header layout, interface-block strings,
// metadata chunking (wireshark-integration/metadata).
#define BOOST_TEST_MODULE wsmeta
#include <boost/test/unit_test.hpp>

#include <random>

#include "traceshark/wsmeta/event_header.hpp"
#include "traceshark/wsmeta/ftrace_machine.hpp"
#include "traceshark/wsmeta/guest_link.hpp"
#include "traceshark/wsmeta/machine_info.hpp"
#include "traceshark/wsmeta/tracedat_formats.hpp"

using namespace traceshark::wsmeta;

BOOST_AUTO_TEST_CASE(event_header_round_trip_and_layout)
{
    EventHeader h;
    h.flags = EventHeader::kFlagLostEvents;
    h.cpu = 3;
    h.buffer = 2;
    h.missed_events = -1;
    h.machine_key = 0x0123456789abcdefull;
    h.record_ref = (uint64_t{1} << 48) | 0x1234;
    uint8_t b[EventHeader::kSize + 4] = {};
    h.encode(b);
    BOOST_TEST(std::string(reinterpret_cast<char*>(b), 4) == "TSEH");
    BOOST_TEST(b[6] == 48);
    BOOST_TEST(b[8] == 1);     // family
    BOOST_TEST(b[12] == 3);    // cpu
    BOOST_TEST(b[32] == 0xef); // key, little-endian
    auto d = EventHeader::decode({b, sizeof b});
    BOOST_REQUIRE(d);
    BOOST_TEST(d->cpu == 3u);
    BOOST_TEST(d->buffer == 2u);
    BOOST_TEST(d->missed_events == -1);
    BOOST_TEST(d->machine_key == h.machine_key);
    BOOST_TEST(d->record_ref == h.record_ref);
    BOOST_TEST(d->flags == EventHeader::kFlagLostEvents);
    BOOST_TEST(!EventHeader::decode({b, EventHeader::kSize - 1}));
    b[0] ^= 1;
    BOOST_TEST(!EventHeader::decode({b, sizeof b}));
    b[0] ^= 1;
    b[6] = 200;  // header longer than the bytes
    BOOST_TEST(!EventHeader::decode({b, sizeof b}));
    BOOST_TEST(sizeof kExportedPduPrefix == 20u);
}

// A function-graph entry carries the next record of its buffer after its own data.
BOOST_AUTO_TEST_CASE(event_header_next_record)
{
    EventHeader h;
    h.flags = EventHeader::kFlagNextRecord;
    h.next_record_size = 24;
    uint8_t b[EventHeader::kSize + 40] = {};
    h.encode(b);
    auto d = EventHeader::decode({b, sizeof b});
    BOOST_REQUIRE(d.has_value());
    BOOST_TEST(d->next_record_size == 24u);
    BOOST_TEST(!EventHeader::decode({b, EventHeader::kSize + 20}).has_value());  // claims more than there is
    h.flags = 0;  // without the flag the word is not a size
    h.encode(b);
    BOOST_TEST(EventHeader::decode({b, sizeof b})->next_record_size == 0u);
}

BOOST_AUTO_TEST_CASE(record_interface_strings)
{
    MachineInfo m;
    m.key = 0xfeedfacecafebeefull;
    m.host = "web;1=x%";
    m.release = "6.1.0-18-amd64";
    m.arch = "x86_64";
    m.cpus = 8;
    m.clock = "local";
    m.buffer = "";
    BOOST_TEST(record_interface_name(m) == "web;1=x%/top");
    const std::string d = record_interface_description(m);
    BOOST_TEST(d.starts_with("traceshark1;key=feedfacecafebeef;host=web%3B1%3Dx%25;"));
    auto p = parse_record_interface_description(d);
    BOOST_REQUIRE(p);
    BOOST_TEST(p->key == m.key);
    BOOST_TEST(p->host == m.host);
    BOOST_TEST(p->release == m.release);
    BOOST_TEST(p->cpus == 8);
    BOOST_TEST(p->buffer == "top");
    BOOST_TEST(!parse_record_interface_description("traceshark1;host=x"));
    BOOST_TEST(!parse_record_interface_description("eth0"));
}

BOOST_AUTO_TEST_CASE(chunks_respect_the_pcapng_limit_and_reassemble_in_any_order)
{
    std::mt19937 rng(7);
    std::string blob;
    for (int i = 0; i < 400000; ++i) blob += static_cast<char>(rng() & 0xff);  // incompressible
    auto chunks = encode_metadata(0x42, kKindKallsyms, blob);
    BOOST_TEST(chunks.size() > 1u);
    for (const auto& c : chunks) BOOST_TEST(c.description.size() <= kMaxOptionString);
    BOOST_TEST(chunks[0].name == "traceshark-meta:0000000000000042:kallsyms:1/" + std::to_string(chunks.size()));
    MetaAssembler a;
    for (size_t i = chunks.size(); i-- > 0;) BOOST_TEST(a.add(chunks[i].name, chunks[i].description));
    BOOST_TEST(a.add(chunks[0].name, chunks[0].description));  // duplicates (merges) are fine
    BOOST_TEST(!a.add("eth0", "x"));
    auto out = a.blob(0x42, kKindKallsyms);
    BOOST_REQUIRE(out);
    BOOST_TEST((*out == blob));
    std::string why;
    BOOST_TEST(!a.blob(0x43, kKindKallsyms, &why));
    BOOST_TEST(!why.empty());

    MetaAssembler partial;
    partial.add(chunks[0].name, chunks[0].description);
    BOOST_TEST(!partial.blob(0x42, kKindKallsyms, &why));
    BOOST_TEST(why.find("missing") != std::string::npos);

    // A chunk damaged on the way (one character changed): the blob is refused with a reason.
    MetaAssembler damaged;
    for (size_t i = 0; i < chunks.size(); ++i) {
        std::string d = chunks[i].description;
        if (i == 0) d[d.size() / 2] = d[d.size() / 2] == 'A' ? 'B' : 'A';
        damaged.add(chunks[i].name, d);
    }
    why.clear();
    BOOST_TEST(!damaged.blob(0x42, kKindKallsyms, &why));
    BOOST_TEST(!why.empty());

    auto small = encode_metadata(1, kKindPrintk, "", 100);
    BOOST_TEST(small.size() == 1u);
}

BOOST_AUTO_TEST_CASE(parts_and_params)
{
    FormatParams p;
    p.big_endian = true;
    p.user_long_size = 4;
    p.page_size = 65536;
    p.cpus = 12;
    p.clock_in_ns = false;
    std::vector<Part> parts = {{"params", p.encode()}, {"header_page", "a\nb"}, {"sched", std::string("x\0y", 3)}};
    auto d = decode_parts(encode_parts(parts));
    BOOST_REQUIRE(d);
    BOOST_TEST(d->size() == 3u);
    BOOST_TEST((*d)[2].data == std::string("x\0y", 3));
    auto q = FormatParams::decode((*d)[0].data);
    BOOST_TEST(q.big_endian);
    BOOST_TEST(q.user_long_size == 4);
    BOOST_TEST(q.page_size == 65536u);
    BOOST_TEST(q.cpus == 12);
    BOOST_TEST(!q.clock_in_ns);
    BOOST_TEST(!decode_parts("name\n99\nshort"));
    BOOST_TEST(base64_encode("ab") == "YWI=");
    BOOST_TEST(*base64_decode("YWI=") == "ab");
    BOOST_TEST(!base64_decode("YW=I"));
    BOOST_TEST(!zlib_decompress("not zlib"));
    BOOST_TEST(!zlib_decompress(zlib_compress(std::string(1000, 'a')), 100));  // size cap
}

BOOST_AUTO_TEST_CASE(guest_link_round_trip)
{
    GuestLink host;
    host.trace_id = 0xfcc908df61e4eaddull;
    host.guests.push_back({"vm one\nwith a newline", 0x87756438941625b8ull, {{0, 13044}, {1, 13045}}});
    host.guests.push_back({"", 7, {}});
    const auto h = decode_guest_link(encode_guest_link(host));
    BOOST_REQUIRE(h);
    BOOST_TEST((*h == host));
    BOOST_TEST(h->guests[0].host_tid(1) == 13045);
    BOOST_TEST(h->guests[0].host_tid(2) == -1);
    BOOST_TEST(!h->host_trace_id);

    GuestLink guest;
    guest.trace_id = 0x87756438941625b8ull;
    guest.host_trace_id = 0xfcc908df61e4eaddull;
    BOOST_TEST((decode_guest_link(encode_guest_link(guest)) == guest));

    BOOST_TEST(!decode_guest_link("not parts"));
    BOOST_TEST(!decode_guest_link(encode_parts({{"guest", "zz\n0:1\nvm"}})));      // trace id not hex
    BOOST_TEST(!decode_guest_link(encode_parts({{"guest", "1f\n0-1\nvm"}})));      // no vCPU:tid pair
    BOOST_TEST(!decode_guest_link(encode_parts({{"guest", "1f"}})));               // no map, no name
    BOOST_TEST(!decode_guest_link(encode_parts({{"trace_id", ""}})));
}

// What the trace.dat reader and the live extcap both write for a machine (ftrace_machine.hpp): the metadata
// interfaces decode back to the texts, in their order, and every text takes part in the machine key.
BOOST_AUTO_TEST_CASE(ftrace_machine_chunks_decode_back_and_every_text_changes_the_key)
{
    const std::string page = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n";
    FtraceMachine m;
    m.hostname = "host";
    m.uname = "Linux host 6.1 #1 x86_64";
    m.trace_id = "42";
    m.params.cpus = 2;
    m.params.file_version = 7;
    m.header_page = page;
    m.header_event = "# compressed entry header\n";
    m.formats = {{"ftrace", "name: function\nID: 1\n"}, {"sched", "name: sched_switch\nID: 300\n"}};
    m.kallsyms = "ffffffff81000000 T _stext\n";
    m.printk_formats = "0xffffffff82000000 : \"hello\"\n";
    m.saved_cmdlines = "1 systemd\n";
    const uint64_t key = ftrace_machine_key(m);
    const auto chunks = ftrace_meta_chunks(m, key);
    MetaAssembler a;
    for (const auto& c : chunks) BOOST_TEST(a.add(c.name, c.description));
    const auto formats_blob = a.blob(key, kKindFormats);
    BOOST_REQUIRE(formats_blob);
    BOOST_TEST((*formats_blob == ftrace_formats_blob(m)));
    const auto f = decode_formats(*formats_blob);
    BOOST_REQUIRE(f);
    BOOST_TEST((f->params == m.params));
    BOOST_TEST(f->header_page == page);
    BOOST_REQUIRE(f->events.size() == 2u);
    BOOST_TEST(f->events[1].name == "sched");
    BOOST_TEST(f->events[1].data == "name: sched_switch\nID: 300\n");
    BOOST_TEST((a.blob(key, kKindKallsyms) == std::optional<std::string>(std::string(m.kallsyms))));
    BOOST_TEST((a.blob(key, kKindPrintk) == std::optional<std::string>(std::string(m.printk_formats))));
    BOOST_TEST((a.blob(key, kKindCmdlines) == std::optional<std::string>(std::string(m.saved_cmdlines))));

    for (std::string_view FtraceMachine::*text : {&FtraceMachine::hostname, &FtraceMachine::uname,
                                                 &FtraceMachine::trace_id, &FtraceMachine::header_page,
                                                 &FtraceMachine::header_event, &FtraceMachine::kallsyms,
                                                 &FtraceMachine::printk_formats, &FtraceMachine::saved_cmdlines}) {
        FtraceMachine other = m;
        other.*text = "changed";
        BOOST_TEST(ftrace_machine_key(other) != key);
    }
    FtraceMachine other = m;
    other.formats[0].text = "name: function\nID: 2\n";
    BOOST_TEST(ftrace_machine_key(other) != key);
    // Without the optional texts only the formats interfaces are written.
    other = m;
    other.kallsyms = other.printk_formats = other.saved_cmdlines = {};
    for (const auto& c : ftrace_meta_chunks(other, 1)) BOOST_TEST(c.name.find(":formats:") != std::string::npos);
}
