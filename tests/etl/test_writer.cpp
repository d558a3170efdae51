// The project's own ETL files (etl_writer): every event checked against the truth the writer gives.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "etl_writer.hpp"
#include "fixture.hpp"
#include "traceshark/common/filetime.hpp"
#include "traceshark/etl/event_reader.hpp"
#include "traceshark/etl/registry.hpp"

using namespace traceshark::etl;
using namespace traceshark::etl::test;

namespace {

uint8_t expected_p(HeaderType t, bool header64)
{
    switch (t) {
    case HeaderType::System32: case HeaderType::Compact32: case HeaderType::PerfInfo32: case HeaderType::Full32:
    case HeaderType::Instance32: case HeaderType::EventHeader32:
        return 4;
    case HeaderType::Message:
        return header64 ? 8 : 4;
    default:
        return 8;
    }
}

void check_against_truth(const EtlTrace& trace, const WrittenFile& f, bool header64)
{
    EventReader reader(trace);
    size_t i = 0;
    std::vector<std::pair<RecordRef, std::vector<uint8_t>>> refs;
    while (const EventRecord* r = reader.next()) {
        BOOST_TEST_CONTEXT("record " << i) {
            BOOST_REQUIRE_LT(i, f.truth.size());
            const WriterEvent& e = f.truth[i];
            BOOST_TEST(static_cast<int>(r->header_type) == static_cast<int>(e.type));
            BOOST_TEST(r->time_ns == f.truth_time_ns[i]);
            BOOST_TEST(r->cpu == e.cpu);
            BOOST_TEST(r->pointer_size == expected_p(e.type, header64));
            const bool perfinfo = e.type == HeaderType::PerfInfo32 || e.type == HeaderType::PerfInfo64;
            BOOST_TEST(r->pid == (perfinfo ? kNoId : e.pid));
            BOOST_TEST(r->tid == (perfinfo ? kNoId : e.tid));
            BOOST_TEST(std::equal(r->payload.begin(), r->payload.end(), e.payload.begin(), e.payload.end()));
            if (r->is_kernel()) {
                BOOST_TEST(r->hook_id == e.hook);
                BOOST_TEST(r->descriptor.version == e.version);
                BOOST_TEST(r->descriptor.opcode == (e.hook & 0xFF));
            } else if (r->is_event_header()) {
                BOOST_TEST((r->provider == e.provider));
                BOOST_TEST(r->descriptor.id == e.descriptor.id);
                BOOST_TEST(r->descriptor.channel == e.descriptor.channel);
                BOOST_TEST(r->descriptor.keyword == e.descriptor.keyword);
                BOOST_REQUIRE_EQUAL(r->extended.size(), e.extended.size());
                for (size_t k = 0; k < e.extended.size(); ++k) {
                    BOOST_TEST(static_cast<int>(r->extended[k].type) == e.extended[k].first);
                    BOOST_TEST(std::equal(r->extended[k].data.begin(), r->extended[k].data.end(),
                                          e.extended[k].second.begin(), e.extended[k].second.end()));
                }
                if (!e.extended.empty() && e.extended[0].first == 11) BOOST_TEST(r->find(ExtendedType::EventSchemaTl));
            } else if (r->header_type == HeaderType::Message) {
                BOOST_TEST((r->provider == e.provider));
                BOOST_TEST(r->descriptor.id == e.descriptor.id);
                BOOST_TEST(r->message_sequence == 77u);
            } else {
                BOOST_TEST((r->provider == e.provider));
                BOOST_TEST(r->descriptor.opcode == e.descriptor.opcode);
                BOOST_TEST(r->descriptor.level == e.descriptor.level);
            }
            if (i % 7 == 0) refs.emplace_back(r->ref, std::vector<uint8_t>(r->bytes.begin(), r->bytes.end()));
            BOOST_TEST((RecordRef::unpack(r->ref.pack()) == r->ref));
        }
        ++i;
    }
    BOOST_TEST(i == f.truth.size());
    BOOST_TEST(reader.damage().empty());
    for (const auto& [ref, bytes] : refs) {
        const OwnedRecord o = trace.read_at(ref);
        BOOST_TEST(std::equal(o.record.bytes.begin(), o.record.bytes.end(), bytes.begin(), bytes.end()));
        BOOST_TEST((o.record.ref == ref));
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(writer_files_read_back_exactly)
{
    for (bool header64 : {true, false}) {
        for (bool compress : {true, false}) {
            BOOST_TEST_CONTEXT("header64 " << header64 << " compress " << compress) {
                WriterOptions opts;
                opts.header64 = header64;
                opts.compress = compress;
                const WrittenFile f = write_etl(sample_events(opts), opts);
                auto trace = EtlTrace::open_memory({f.bytes});
                const FileMetadata& m = trace->metadata().files.at(0);
                BOOST_TEST(m.header_pointer_size == (header64 ? 8 : 4));
                BOOST_TEST(m.pointer_size == (header64 ? 8u : 4u));
                BOOST_TEST(m.os_build == 19041u);
                BOOST_TEST(m.os_text() == "Windows 10.0 (build 19041)");
                BOOST_TEST(m.cpus == 3u);
                BOOST_TEST(m.perf_freq == 10'000'000u);
                BOOST_TEST((m.clock_type == ClockType::Qpc));
                BOOST_TEST(m.start_time == f.start_time);
                BOOST_TEST(m.logger_name == f.logger_name);
                BOOST_TEST(m.log_file_name == f.log_file_name);
                BOOST_TEST(m.time_zone.bias == -60);
                BOOST_TEST(m.time_zone.standard_name == "W. Europe Standard Time");
                BOOST_TEST(m.buffers == f.buffer_offsets.size());
                const auto ncomp = static_cast<uint32_t>(std::count(f.buffer_compressed.begin(), f.buffer_compressed.end(), true));
                BOOST_TEST(m.compressed_buffers == ncomp);
                BOOST_TEST((compress ? ncomp > 3 : ncomp == 0));
                BOOST_TEST(trace->damage().empty());
                check_against_truth(*trace, f, header64);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(build_time_fixtures_match_the_writer)
{
    for (const char* bits : {"64", "32"}) {
        WriterOptions opts;
        opts.header64 = std::string(bits) == "64";
        const WrittenFile f = write_etl(sample_events(opts), opts);
        const auto bytes = read_bytes(fixture_path(std::string("fixture") + bits + ".etl"));
        BOOST_TEST((bytes == f.bytes));
        auto trace = EtlTrace::open(fixture_path(std::string("fixture") + bits + ".etl"));
        check_against_truth(*trace, f, opts.header64);
    }
}

BOOST_AUTO_TEST_CASE(two_files_merge_as_one_trace)
{
    WriterOptions a, b;
    b.seed = 2;
    b.header64 = false;
    const WrittenFile fa = write_etl(sample_events(a), a), fb = write_etl(sample_events(b), b);
    auto trace = EtlTrace::open_memory({fa.bytes, fb.bytes});
    BOOST_TEST(trace->metadata().files.size() == 2u);
    EventReader reader(*trace);
    uint64_t last = 0, n = 0;
    uint32_t per_file[2] = {0, 0};
    while (const EventRecord* r = reader.next()) {
        BOOST_TEST(r->time_ns >= last);
        last = r->time_ns;
        ++per_file[r->ref.file];
        ++n;
    }
    BOOST_TEST(per_file[0] == fa.truth.size());
    BOOST_TEST(per_file[1] == fb.truth.size());
    BOOST_TEST(reader.damage().empty());
}

BOOST_AUTO_TEST_CASE(header_event_decodes_as_perfview_names_it)
{
    WriterOptions opts;
    const WrittenFile f = write_etl(sample_events(opts), opts);
    auto trace = EtlTrace::open_memory({f.bytes});
    EventReader reader(*trace);
    auto decoders = make_default_decoders();
    const EventRecord* r = reader.next();
    BOOST_REQUIRE(r);
    const DecodedEvent e = decoders->decode(*r);
    BOOST_TEST(e.name() == "Windows Kernel/EventTrace");
    BOOST_TEST(e.decoded);
    auto field = [&](const std::string& n) -> const Value* {
        for (const Field& x : e.fields)
            if (x.name == n) return &x.value;
        return nullptr;
    };
    const Value* session = field("SessionName");
    const Value* build = field("ProviderVersion");
    const Value* bias = field("UtcOffsetMinutes");
    BOOST_REQUIRE((session && build && bias));
    const auto* s = std::get_if<std::string>(&session->scalar);
    const auto* b = std::get_if<uint64_t>(&build->scalar);
    const auto* z = std::get_if<int64_t>(&bias->scalar);
    BOOST_REQUIRE((s && b && z));
    BOOST_TEST(*s == f.logger_name);
    BOOST_TEST(*b == 19041u);
    BOOST_TEST(*z == -60);
    const EventRecord* r2 = reader.next();
    BOOST_REQUIRE(r2);
    // The next record (a kernel event): a set that knows only the header leaves it complete but undecoded, named
    // by its class GUID; the default set decodes it as the kernel's.
    DecoderSet header_only;
    header_only.add(make_eventtrace_header_decoder());
    const DecodedEvent u = header_only.decode(*r2);
    BOOST_TEST(!u.decoded);
    BOOST_TEST(u.fields.empty());
    BOOST_TEST(u.provider == r2->provider.to_string());
    const DecodedEvent k = decoders->decode(*r2);
    BOOST_TEST(k.provider == "Windows Kernel");
    BOOST_TEST(k.decoded);
}
