// Reading the project's recorded fixtures: metadata against the recording's ground truth, every event against
// libtracecmd, random access, buffer/CPU selection and lazy format parsing.
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include <traceevent/event-parse.h>

#include "libtracecmd_oracle.hpp"
#include "test_support.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"

using namespace traceshark::tracecmd;
using namespace traceshark::test;
namespace pt = boost::property_tree;

namespace {

pt::ptree truth(const std::string& name)
{
    pt::ptree t;
    pt::read_json((fixtures() / name).string(), t);
    return t;
}

std::unique_ptr<TraceFile> open_fixture(const std::string& name) { return TraceFile::open((fixtures() / name).string()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(trace_file)

BOOST_AUTO_TEST_CASE(metadata_matches_the_recording_machine)
{
    for (const char* name : {"v6.dat", "v7-none.dat", "v7-zstd.dat"}) {
        BOOST_TEST_CONTEXT(name)
        {
            const auto t = truth("v7-zstd.truth.json");
            auto f = open_fixture(name);
            const Metadata& m = f->metadata();
            BOOST_TEST(m.file_version == (std::string(name) == "v6.dat" ? 6 : 7));
            BOOST_TEST(m.compression == (std::string(name) == "v7-zstd.dat" ? "zstd" : "none"));
            BOOST_TEST(!m.big_endian);
            BOOST_TEST(m.user_long_size == 8);
            BOOST_TEST(m.kernel_long_size == 8);
            BOOST_TEST(m.page_size == 4096u);
            BOOST_TEST(m.machine.system == "Linux");
            BOOST_TEST(m.machine.hostname == t.get<std::string>("machine.hostname"));
            BOOST_TEST(m.machine.kernel_release == t.get<std::string>("machine.release"));
            BOOST_TEST(m.machine.arch == t.get<std::string>("machine.arch"));
            BOOST_TEST(m.cpu_count == t.get<int>("machine.cpus"));
            BOOST_TEST(m.trace_clock == "local");
            BOOST_TEST(m.clock_in_ns);
            BOOST_TEST(m.tracecmd_version.starts_with("3.1.6"));
            BOOST_TEST(m.cpustats.size() == static_cast<size_t>(m.cpu_count));
            BOOST_TEST(m.kallsyms.find(" T _stext") != std::string_view::npos);
            BOOST_TEST(f->formats().sources().size() > 500u);
            const auto comms = f->saved_comms();
            BOOST_TEST(comms.count(0) == 0u);
            BOOST_TEST(!comms.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(second_machine_keeps_its_own_hostname)
{
    const auto t = truth("other-host.truth.json");
    auto f = open_fixture("other-host.dat");
    BOOST_TEST(t.get<std::string>("machine.hostname") == "traceshark-peer");
    BOOST_TEST(f->metadata().machine.hostname == "traceshark-peer");
    BOOST_TEST(open_fixture("v7-zstd.dat")->metadata().machine.hostname != "traceshark-peer");
}

// Every record, in order, equals what trace-cmd's own library reads from the same file.
BOOST_AUTO_TEST_CASE(every_event_equals_libtracecmd)
{
    for (const char* name : {"v6.dat", "v7-none.dat", "v7-zstd.dat", "v7-zstd-multibuf.dat", "other-host.dat"}) {
        BOOST_TEST_CONTEXT(name)
        {
            auto f = open_fixture(name);
            const auto ours = all_events(*f);
            const auto ref = libtracecmd_events((fixtures() / name).string());
            BOOST_REQUIRE_EQUAL(ours.size(), ref.size());
            BOOST_TEST(ours.size() > 1000u);
            size_t mismatches = 0;
            for (size_t i = 0; i < ours.size() && mismatches < 5; ++i) {
                const bool same = ours[i].ts == ref[i].ts && ours[i].cpu == ref[i].cpu &&
                                  f->buffers()[ours[i].buffer].name == ref[i].buffer && ours[i].data == ref[i].data;
                if (!same) {
                    ++mismatches;
                    BOOST_ERROR("event " << i << " differs: ts " << ours[i].ts << " vs " << ref[i].ts << ", cpu " << ours[i].cpu
                                         << " vs " << ref[i].cpu);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(versions_and_compression_give_the_same_events)
{
    const auto v6 = all_events(*open_fixture("v6.dat"));
    const auto none = all_events(*open_fixture("v7-none.dat"));
    const auto zstd = all_events(*open_fixture("v7-zstd.dat"));
    BOOST_REQUIRE_EQUAL(v6.size(), zstd.size());
    BOOST_REQUIRE_EQUAL(none.size(), zstd.size());
    for (size_t i = 0; i < v6.size(); ++i) {
        BOOST_REQUIRE(v6[i].ts == zstd[i].ts && v6[i].data == zstd[i].data && v6[i].cpu == zstd[i].cpu);
        BOOST_REQUIRE(none[i].ts == zstd[i].ts && none[i].data == zstd[i].data);
    }
}

BOOST_AUTO_TEST_CASE(events_come_in_time_order)
{
    for (const char* name : {"v6.dat", "v7-zstd-multibuf.dat"}) {
        const auto ev = all_events(*open_fixture(name));
        BOOST_TEST(std::is_sorted(ev.begin(), ev.end(), [](const Event& a, const Event& b) { return a.ts < b.ts; }));
    }
}

BOOST_AUTO_TEST_CASE(random_access_returns_the_same_record)
{
    for (const char* name : {"v6.dat", "v7-zstd.dat", "v7-zstd-multibuf.dat"}) {
        auto f = open_fixture(name);
        auto ev = all_events(*f);
        // Wireshark re-reads frames in any order: go backwards.
        std::reverse(ev.begin(), ev.end());
        for (const Event& e : ev) {
            const auto r = f->read_at(e.ref);
            BOOST_REQUIRE(r.has_value());
            BOOST_REQUIRE_EQUAL(r->ts, e.ts);
            BOOST_REQUIRE_EQUAL(r->cpu, e.cpu);
            BOOST_REQUIRE(std::vector<uint8_t>(r->data, r->data + r->size) == e.data);
        }
        // A position that is not a record start names nothing.
        BOOST_TEST(!f->read_at(RecordRef::make(0, ev.back().ref.position() + 1)).has_value());
        BOOST_TEST(!f->read_at(RecordRef::make(999, 0)).has_value());
    }
}

BOOST_AUTO_TEST_CASE(instances_are_separate_buffers_with_their_own_events)
{
    auto f = open_fixture("v7-zstd-multibuf.dat");
    const auto& b = f->buffers();
    BOOST_REQUIRE_EQUAL(b.size(), 3u);
    BOOST_TEST(b[0].name == "");
    BOOST_TEST(b[1].name == "alpha");
    BOOST_TEST(b[2].name == "second");
    // The recording enabled fork/exec/exit/rename in alpha and only exec in second.
    const std::set<std::string> alpha_allowed = {"sched_process_fork", "sched_process_exec", "sched_process_exit", "task_rename"};
    std::map<uint32_t, size_t> per_buffer;
    EventReader r(*f);
    while (const Record* rec = r.next()) {
        ++per_buffer[rec->buffer];
        tep_event* ev = f->formats().find(f->event_id(*rec));
        BOOST_REQUIRE(ev);
        if (rec->buffer == 1) BOOST_TEST(alpha_allowed.count(ev->name) == 1u);
        if (rec->buffer == 2) BOOST_TEST(std::string(ev->name) == "sched_process_exec");
    }
    BOOST_TEST(per_buffer[0] > 100u);
    BOOST_TEST(per_buffer[1] > 5u);
    BOOST_TEST(per_buffer[2] >= 2u);  // at least /bin/sh and /bin/true were exec'd

    const auto only_second = all_events(*f, ReadOptions{{2}, {}});
    BOOST_TEST(only_second.size() == per_buffer[2]);
    const auto cpu1 = all_events(*f, ReadOptions{{}, 1});
    BOOST_TEST(std::all_of(cpu1.begin(), cpu1.end(), [](const Event& e) { return e.cpu == 1; }));
    BOOST_TEST(!cpu1.empty());
}

BOOST_AUTO_TEST_CASE(opening_parses_no_event_format)
{
    auto f = open_fixture("v7-zstd.dat");
    BOOST_TEST(f->formats().parsed_count() == 0u);
    EventReader r(*f);
    std::set<int> ids;
    while (const Record* rec = r.next()) ids.insert(f->event_id(*rec));
    BOOST_TEST(f->formats().parsed_count() == 1u);  // one format tells where common_type is
    for (int id : ids) f->formats().find(id);
    BOOST_TEST(f->formats().parsed_count() <= ids.size() + 1);
    BOOST_TEST(f->formats().sources().size() > 10 * ids.size());
}

// Field decoding through libtraceevent: the workload's known facts appear in the rendered events.
BOOST_AUTO_TEST_CASE(rendered_events_show_the_workload)
{
    const auto t = truth("v7-zstd.truth.json");
    int forked_pid = 0;
    for (const auto& [_, e] : t.get_child("events"))
        if (e.get<std::string>("kind") == "fork_rename_exit") forked_pid = e.get<int>("pid");
    BOOST_REQUIRE(forked_pid > 0);
    auto f = open_fixture("v7-zstd.dat");
    ReportFormatter fmt(*f);
    EventReader r(*f);
    std::string info;
    bool renamed = false, exited = false;
    while (const Record* rec = r.next()) {
        tep_event* ev = f->formats().find(f->event_id(*rec));
        if (!ev) continue;
        const std::string name = ev->name;
        if (name != "task_rename" && name != "sched_process_exit") continue;
        fmt.format_info(*rec, info);
        if (name == "task_rename" && info.find("pid=" + std::to_string(forked_pid) + " ") == 0 &&
            info.find("newcomm=forked-child") != std::string::npos)
            renamed = true;
        if (name == "sched_process_exit" && info.find("comm=forked-child pid=" + std::to_string(forked_pid)) == 0) exited = true;
    }
    BOOST_TEST(renamed);
    BOOST_TEST(exited);
}

BOOST_AUTO_TEST_SUITE_END()
