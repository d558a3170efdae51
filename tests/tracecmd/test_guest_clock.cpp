// Guest files on host time: the TIME_SHIFT option of files made by make-guest-pair from the recorded fixtures,
// every event's timestamp against libtracecmd (which applies the option), the host's GUEST option against
// libtracecmd's reading of it, and bad TIME_SHIFT tables noted and left on guest time.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include <unistd.h>

#include "libtracecmd_oracle.hpp"
#include "test_support.hpp"
#include "traceshark/tracecmd/guest_clock_sync.hpp"

using namespace traceshark::tracecmd;
using namespace traceshark::test;
namespace fs = std::filesystem;

namespace {

// A scratch directory for the generated files, removed at the end.
struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("traceshark-guest-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
};

// Runs make-guest-pair: host other-host.dat, one guest made from `guest`; returns (host, guest) paths.
std::pair<std::string, std::string> make_pair(const Scratch& s, const std::string& guest, const std::string& options,
                                              const std::string& tag)
{
    const char* tool = std::getenv("TRACESHARK_MAKE_GUEST_PAIR");
    BOOST_REQUIRE_MESSAGE(tool, "TRACESHARK_MAKE_GUEST_PAIR is not set");
    const std::string host_out = (s.dir / (tag + "-host.dat")).string();
    const std::string guest_out = (s.dir / (tag + "-guest.dat")).string();
    const std::string cmd = std::string(tool) + " " + options + " " + (fixtures() / "other-host.dat").string() + " " + host_out +
                            " vm-" + tag + " " + (fixtures() / guest).string() + " " + guest_out;
    BOOST_REQUIRE_EQUAL(std::system(cmd.c_str()), 0);
    return {host_out, guest_out};
}

// Ours against libtracecmd's, event by event (ts in ns, CPU, buffer, payload); returns how many differ.
size_t differences(TraceFile& f, const std::vector<Event>& ours, const std::vector<OracleEvent>& ref)
{
    BOOST_REQUIRE_EQUAL(ours.size(), ref.size());
    size_t bad = 0;
    for (size_t i = 0; i < ours.size(); ++i) {
        const bool same = ours[i].ts == ref[i].ts && ours[i].cpu == ref[i].cpu &&
                          f.buffers()[ours[i].buffer].name == ref[i].buffer && ours[i].data == ref[i].data;
        if (!same && ++bad <= 3)
            BOOST_ERROR("event " << i << ": ts " << ours[i].ts << " vs " << ref[i].ts << ", cpu " << ours[i].cpu << " vs " << ref[i].cpu);
    }
    return bad;
}

// Per CPU of the top buffer, the timestamps in file order.
std::map<int, std::vector<uint64_t>> top_times(const std::vector<OracleEvent>& events)
{
    std::map<int, std::vector<uint64_t>> out;
    for (const OracleEvent& e : events)
        if (e.buffer.empty()) out[e.cpu].push_back(e.ts);
    return out;
}

std::map<int, std::vector<uint64_t>> top_times(TraceFile& f)
{
    std::map<int, std::vector<uint64_t>> out;
    for (const Event& e : all_events(f))
        if (f.buffers()[e.buffer].name.empty()) out[e.cpu].push_back(e.ts);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(guest_clock)

// Every event of every generated guest file has the timestamp libtracecmd gives it, to the nanosecond; and
// the shift is real (the top buffer's times moved), while instances keep guest time as in trace-cmd (only
// TSC2NSEC applies to them).
BOOST_AUTO_TEST_CASE(guest_times_equal_libtracecmd)
{
    Scratch s;
    int n = 0;
    for (const char* options : {"", "--no-interpolate", "--no-fraction", "--samples 1", "--samples 2", "--samples 9",
                                "--tsc2nsec 1073746145 30"}) {
        for (const char* guest : {"v6.dat", "v7-none.dat", "v7-zstd.dat", "v7-zstd-multibuf.dat"}) {
            BOOST_TEST_CONTEXT(guest << " " << options)
            {
                const auto [host, guest_path] = make_pair(s, guest, options, "t" + std::to_string(n++));
                auto f = TraceFile::open(guest_path);
                BOOST_TEST(f->guest_clock_sync().enabled());
                BOOST_TEST(f->guest_clock_sync().problems().empty());
                const auto ours = all_events(*f);
                BOOST_TEST(differences(*f, ours, libtracecmd_events(guest_path)) == 0u);
                // The same file on its guest clock (TSC2NSEC and the rest still applied): TIME_SHIFT moved the
                // top buffer only.
                auto unshifted = TraceFile::open(guest_path);
                unshifted->set_timestamp_options({.guest_clock = true});
                const auto original = all_events(*unshifted);
                BOOST_REQUIRE_EQUAL(original.size(), ours.size());
                size_t moved_top = 0, moved_instance = 0;
                std::map<std::pair<uint32_t, int>, std::vector<uint64_t>> a, b;
                for (size_t i = 0; i < ours.size(); ++i) {
                    a[{ours[i].buffer, ours[i].cpu}].push_back(ours[i].ts);
                    b[{original[i].buffer, original[i].cpu}].push_back(original[i].ts);
                }
                for (const auto& [key, times] : a)
                    for (size_t i = 0; i < times.size(); ++i)
                        (f->buffers()[key.first].name.empty() ? moved_top : moved_instance) += times[i] != b[key][i];
                BOOST_TEST(moved_top > 1000u);
                BOOST_TEST(moved_instance == 0u);
            }
        }
    }
}

// On request the guest clock (TIME_SHIFT not applied) or the raw counter: equal to the recorded file's times.
BOOST_AUTO_TEST_CASE(guest_clock_and_raw_on_request)
{
    Scratch s;
    const auto [host, guest_path] = make_pair(s, "v7-zstd.dat", "", "raw");
    const auto original = libtracecmd_events((fixtures() / "v7-zstd.dat").string());
    auto f = TraceFile::open(guest_path);
    f->set_timestamp_options({.guest_clock = true});
    BOOST_TEST(top_times(*f) == top_times(original));
    f->set_timestamp_options({.raw = true});
    std::vector<uint64_t> raw;
    EventReader r(*f);
    while (const Record* rec = r.next()) {
        BOOST_TEST_REQUIRE(rec->ts == rec->raw_ts);
        raw.push_back(rec->ts);
    }
    // No DATE, OFFSET or TSC2NSEC in this recording: raw equals the recorded times.
    std::vector<uint64_t> expected;
    for (const OracleEvent& e : original) expected.push_back(e.ts);
    std::sort(raw.begin(), raw.end());
    std::sort(expected.begin(), expected.end());
    BOOST_TEST(raw == expected);
}

// The host's GUEST options: names, trace ids and vCPU -> host task as libtracecmd reads them.
BOOST_AUTO_TEST_CASE(guest_option_equals_libtracecmd)
{
    Scratch s;
    const char* tool = std::getenv("TRACESHARK_MAKE_GUEST_PAIR");
    BOOST_REQUIRE(tool);
    const std::string host = (s.dir / "host.dat").string();
    const std::string cmd = std::string(tool) + " " + (fixtures() / "other-host.dat").string() + " " + host + " vm-six " +
                            (fixtures() / "v6.dat").string() + " " + (s.dir / "g6.dat").string() + " vm-multi " +
                            (fixtures() / "v7-zstd-multibuf.dat").string() + " " + (s.dir / "gm.dat").string();
    BOOST_REQUIRE_EQUAL(std::system(cmd.c_str()), 0);
    auto h = TraceFile::open(host);
    const auto& guests = h->metadata().guests;
    BOOST_REQUIRE_EQUAL(guests.size(), 2u);
    for (const auto& [guest_file, g] : {std::pair{"g6.dat", guests[0]}, std::pair{"gm.dat", guests[1]}}) {
        uint64_t id = 0;
        BOOST_REQUIRE_EQUAL(oracle_traceid((s.dir / guest_file).c_str(), &id), 0);
        BOOST_TEST(g.trace_id == id);
        char name[64] = {};
        int pids[64] = {};
        const int vcpus = oracle_guest(host.c_str(), id, name, sizeof name, pids, 64);
        BOOST_REQUIRE_EQUAL(vcpus, static_cast<int>(g.vcpu_to_host_pid.size()));
        BOOST_TEST(g.name == name);
        for (int v = 0; v < vcpus; ++v) BOOST_TEST(g.host_pid(v) == pids[v]);
        BOOST_TEST(g.host_pid(vcpus) == -1);
        // The guest's TIME_SHIFT names the host as its peer.
        auto guest = TraceFile::open((s.dir / guest_file).string());
        BOOST_TEST(guest->guest_clock_sync().peer_trace_id() == h->metadata().trace_id.value());
    }
}

// Bad tables on guest CPU 1: a note at that CPU's table, CPU 1 keeps guest time, CPU 0 is shifted as with a
// good table. An unreadable option leaves every CPU on guest time.
BOOST_AUTO_TEST_CASE(bad_time_shift_is_noted_and_left_unshifted)
{
    Scratch s;
    const auto [h0, good] = make_pair(s, "v6.dat", "", "good");
    const auto shifted = top_times(libtracecmd_events(good));
    const auto original = top_times(libtracecmd_events((fixtures() / "v6.dat").string()));
    BOOST_REQUIRE(shifted.at(1) != original.at(1));
    const std::map<std::string, std::string> expected = {
        {"zero", "no samples"}, {"unsorted", "is before the previous sample"}, {"scaling0", "has scaling 0"}};
    for (const auto& [kind, words] : expected) {
        BOOST_TEST_CONTEXT(kind)
        {
            const auto [h, bad] = make_pair(s, "v6.dat", "--corrupt " + kind, kind);
            auto f = TraceFile::open(bad);
            const auto& problems = f->guest_clock_sync().problems();
            BOOST_REQUIRE_EQUAL(problems.size(), 1u);
            BOOST_TEST(problems[0].offset == f->metadata().time_shifts.back().cpu_offsets.at(1));
            BOOST_TEST(problems[0].message.find("CPU 1") != std::string::npos);
            BOOST_TEST(problems[0].message.find(words) != std::string::npos);
            const auto times = top_times(*f);
            BOOST_TEST(times.at(0) == shifted.at(0));
            BOOST_TEST(times.at(1) == original.at(1));
        }
    }
    const auto [h, huge] = make_pair(s, "v6.dat", "--corrupt huge", "huge");
    auto f = TraceFile::open(huge);
    BOOST_TEST(!f->guest_clock_sync().enabled());
    BOOST_REQUIRE_EQUAL(f->guest_clock_sync().problems().size(), 1u);
    const Note& n = f->guest_clock_sync().problems()[0];
    BOOST_TEST(n.message.find("sample count 268435456 exceeds the option") != std::string::npos);
    BOOST_TEST(n.offset > f->metadata().time_shifts.back().offset);
    BOOST_TEST(top_times(*f) == original);
}

// The formula on hand-worked values: host = (ts * scaling >> fraction) + offset, the offset interpolated
// between the two samples around ts (plus half the span, divided truncating toward zero), the first/last pair
// extrapolated outside them; the scaling of the earlier sample.
BOOST_AUTO_TEST_CASE(correction_on_hand_worked_values)
{
    TimeShift t;
    t.flags = TimeShift::kFlagInterpolate;
    t.per_cpu = {{{1000, 100, 3, 1}, {2000, 200, 3, 1}, {3000, -400, 1, 0}}, {{500, 7, 2, 0}}};
    GuestClockSync sync(t);
    BOOST_TEST(sync.problems().empty());
    BOOST_TEST(sync.to_host(1500, 0) == 1500u * 3 / 2 + 150);    // halfway: offset 150
    BOOST_TEST(sync.to_host(1001, 0) == 1001u * 3 / 2 + 100);    // 100 + (1*100 + 500)/1000 = 100
    BOOST_TEST(sync.to_host(1005, 0) == 1005u * 3 / 2 + 101);    // 100 + (5*100 + 500)/1000 = 101
    BOOST_TEST(sync.to_host(2500, 0) == 2500u * 3 / 2 - 99);     // 200 + (500*-600 + 500)/1000 = 200 - 299
    BOOST_TEST(sync.to_host(500, 0) == 500u * 3 / 2 + 51);       // before the first: 100 + (-500*100 + 500)/1000 = 100 - 49
    BOOST_TEST(sync.to_host(4000, 0) == 4000u * 3 / 2 - 999);    // after the last: 200 + (2000*-600 + 500)/1000 = 200 - 1199
    BOOST_TEST(sync.to_host(9999, 1) == 9999u + 7);              // one sample: offset only, no scaling
    BOOST_TEST(sync.to_host(9999, 2) == 9999u);                  // beyond the CPUs of the option
    t.flags = 0;
    GuestClockSync step(t);
    BOOST_TEST(step.to_host(1999, 0) == 1999u * 3 / 2 + 100);    // the earlier sample's offset holds
    BOOST_TEST(step.to_host(2000, 0) == 2000u * 3 / 2 + 200);
    t.per_cpu[0][1].fraction = 64;
    GuestClockSync bad(t);
    BOOST_TEST(bad.problems().size() == 1u);
    BOOST_TEST(bad.to_host(1500, 0) == 1500u);
    BOOST_TEST(bad.to_host(9999, 1) == 9999u + 7);
}

BOOST_AUTO_TEST_SUITE_END()
