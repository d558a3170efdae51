// GuestSymbols: which guest's kallsyms name a host kvm event's rip, by trace-cmd report 3.1.6's rules
// (tracecmd/trace-read.c map_vcpus / tep_plugin_kvm_get_func, lib/trace-cmd trace_guest_load): the newest GUEST
// option with the input's trace id, vCPUs the option does not list on pid 0, options naming a vCPU beyond their
// count dropped, the symbol at or before the rip (none below the first or beyond the last). The end-to-end check
// against trace-cmd report is tracecmd-guest-pairs.
#include <boost/test/unit_test.hpp>

#include <string>

#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/guest_symbols.hpp"

using namespace traceshark::tracecmd;

namespace {

struct GuestKernel {  // a guest file's kallsyms and formats
    std::string kallsyms;
    Metadata meta;
    std::unique_ptr<EventFormats> formats;
    explicit GuestKernel(std::string text) : kallsyms(std::move(text))
    {
        meta.user_long_size = 8;
        meta.page_size = 4096;
        meta.cpu_count = 2;
        meta.kallsyms = kallsyms;
        formats = std::make_unique<EventFormats>(meta, std::vector<FormatSource>{});
    }
};

Guest guest(std::string name, uint64_t id, std::vector<std::pair<int, int>> vcpus)
{
    Guest g;
    g.name = std::move(name);
    g.trace_id = id;
    g.vcpu_to_host_pid = std::move(vcpus);
    return g;
}

std::string found(const GuestSymbols& s, int pid, unsigned long long rip)
{
    unsigned long long start = 0;
    const char* f = s.find(pid, rip, start);
    return f ? std::string(f) + "@" + std::to_string(start) : "-";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(guest_symbols)

BOOST_AUTO_TEST_CASE(vcpu_threads_find_their_guest)
{
    GuestKernel a("0000000000001000 T a_first\n0000000000001100 t a_second\n0000000000002000 T a_last\n");
    GuestKernel b("0000000000001000 T b_first\n0000000000003000 T b_mod_func\t[b_mod]\n");
    GuestKernel plain("0000000000001000 T plain_func\n");
    const std::vector<Guest> host = {
        guest("a-old", 11, {{0, 100}, {1, 101}}),
        guest("b", 22, {{0, 200}, {1, 201}}),
        guest("a", 11, {{1, 301}, {0, 300}}),  // newer option for trace id 11: this one counts
        guest("bad", 33, {{0, 400}, {2, 401}}),  // vCPU 2 of 2: trace-cmd drops the option
        guest("gap", 44, {{1, 501}, {1, 502}}),  // vCPU 0 not listed (pid 0), vCPU 1 listed twice (the last)
    };
    GuestSymbols s;
    BOOST_TEST(s.empty());
    s.add_input(host, 11, *a.formats);
    s.add_input(host, 22, *b.formats);
    s.add_input(host, 33, *plain.formats);  // no valid option names it
    s.add_input(host, std::nullopt, *plain.formats);
    BOOST_TEST(!s.empty());
    BOOST_TEST(found(s, 300, 0x1000) == "a_first@4096");
    BOOST_TEST(found(s, 301, 0x10ff) == "a_first@4096");
    BOOST_TEST(found(s, 301, 0x1100) == "a_second@4352");
    BOOST_TEST(found(s, 300, 0x1fff) == "a_second@4352");
    BOOST_TEST(found(s, 100, 0x1000) == "-");  // the older option's threads
    BOOST_TEST(found(s, 200, 0x1010) == "b_first@4096");
    BOOST_TEST(found(s, 201, 0x3008) == "-");     // beyond the last symbol: libtraceevent names none
    BOOST_TEST(found(s, 201, 0x2ff0) == "b_first@4096");
    BOOST_TEST(found(s, 300, 0x0fff) == "-");     // below the first
    BOOST_TEST(found(s, 300, 0x2000) == "a_last@8192");  // the last symbol: only its own address
    BOOST_TEST(found(s, 300, 0x2001) == "-");
    BOOST_TEST(found(s, 400, 0x1000) == "-");     // dropped option
    BOOST_TEST(found(s, 999, 0x1000) == "-");     // no vCPU thread

    GuestSymbols gap;
    gap.add_input(host, 44, *plain.formats);
    BOOST_TEST(found(gap, 0, 0x1000) == "plain_func@4096");
    BOOST_TEST(found(gap, 502, 0x1000) == "plain_func@4096");
    BOOST_TEST(found(gap, 502, 0x1004) == "-");  // beyond the only (= last) symbol
    BOOST_TEST(found(gap, 501, 0x1000) == "-");  // overwritten by the later entry for vCPU 1
}

BOOST_AUTO_TEST_SUITE_END()
