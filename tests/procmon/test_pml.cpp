// libs/procmon on the fixtures the project writes itself (make_pml.py: a small session of explorer, cmd and
// curl with process, file, registry and network events, 32- and 64-bit).
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "fixture.hpp"
#include "traceshark/procmon/csv_writer.hpp"
#include "traceshark/procmon/error.hpp"
#include "traceshark/procmon/pml_file.hpp"

using namespace traceshark::procmon;
using namespace traceshark::procmon::test;

BOOST_AUTO_TEST_SUITE(pml_file)

BOOST_AUTO_TEST_CASE(system_details_and_processes)
{
    for (const char* name : {"session64.PML", "session32.PML"}) {
        auto f = PmlFile::open(fixture_path(name));
        const SystemDetails& s = f->system();
        BOOST_TEST(s.computer_name == "TRACESHARK-WIN");
        BOOST_TEST(s.operating_system() == "Windows 10 (build 19045.2)");
        BOOST_TEST(s.system_root == "C:\\Windows");
        BOOST_TEST(s.logical_processors == 4u);
        BOOST_TEST(s.memory_text() == "8.00 GB");
        BOOST_TEST(s.is_64bit == (std::string(name) == "session64.PML"));
        BOOST_TEST(f->problems().empty());
        BOOST_TEST(f->event_count() == 26u);

        const auto& procs = f->tables().processes();
        BOOST_REQUIRE(procs.size() == 4u);
        const Process* cmd = f->tables().process(2);
        BOOST_REQUIRE(cmd);
        BOOST_TEST(cmd->pid == 2000u);
        BOOST_TEST(cmd->parent_pid == 1000u);
        BOOST_TEST(cmd->name == "cmd.exe");
        BOOST_TEST(cmd->integrity == "High");
        BOOST_TEST(cmd->user == "TRACESHARK-WIN\\analyst");
        BOOST_TEST(cmd->command_line == "cmd.exe /c type C:\\data\\in.txt > C:\\data\\out.txt");
        BOOST_REQUIRE(cmd->modules.size() == 2u);
        BOOST_TEST(cmd->modules[1].path == "C:\\Windows\\System32\\kernel32.dll");
        BOOST_TEST(cmd->modules[1].description == "Windows NT BASE API Client DLL");
        BOOST_TEST(f->tables().process(99) == nullptr);
    }
}

BOOST_AUTO_TEST_CASE(process_events)
{
    auto f = PmlFile::open(fixture_path("session64.PML"));
    const Event create = f->event(0);
    BOOST_TEST(event_class_name(create.event_class) == "Process");
    BOOST_TEST(create.operation_name == "Process Create");
    BOOST_TEST(create.path == "C:\\Windows\\System32\\cmd.exe");
    BOOST_TEST(create.number("PID").value_or(-1) == 2000);
    BOOST_TEST(create.stack.size() == 3u);
    BOOST_TEST(create.offset == 936u);

    const Event image = f->event(3);
    BOOST_TEST(image.operation_name == "Load Image");
    BOOST_TEST(image.detail_text() == "Image Base: 0x7ffa70000000, Image Size: 0xc2000");
    // Stack frames resolve to the modules of the process.
    const Process* p = f->tables().process(image.process_index);
    BOOST_REQUIRE(p);
    int resolved = 0;
    for (uint64_t frame : image.stack) resolved += p->module_at(frame) != nullptr;
    BOOST_TEST(resolved >= 1);

    const Event exit_cmd = f->event(25);
    BOOST_TEST(exit_cmd.operation_name == "Process Exit");
    BOOST_TEST(exit_cmd.number("Exit Status").value_or(-1) == 1);
}

BOOST_AUTO_TEST_CASE(file_registry_network_events)
{
    auto f = PmlFile::open(fixture_path("session32.PML"));
    const Event read = f->event(5);
    BOOST_TEST(read.operation_name == "ReadFile");
    BOOST_TEST(read.category == "Read");
    BOOST_TEST(read.number("Offset").value_or(-1) == 0);
    BOOST_TEST(read.number("Length").value_or(-1) == 1234);  // the transferred length, from the extra details

    const Event missing = f->event(10);
    BOOST_TEST(missing.result == 0xC0000034u);
    BOOST_TEST(missing.path == "C:\\data\\missing.txt");

    const Event query = f->event(12);
    BOOST_TEST(query.operation_name == "RegQueryValue");
    BOOST_TEST(query.detail_text() == "Type: REG_DWORD, Length: 4, Data: 7");

    const Event send = f->event(20);
    BOOST_TEST(send.operation_name == "TCP Send");
    BOOST_TEST(send.path == "10.0.0.5:49700 -> example.com:https");
    BOOST_REQUIRE(send.network.has_value());
    BOOST_TEST(send.network->tcp);
    BOOST_TEST(send.network->destination_port == 443);
    BOOST_TEST(unsigned(send.network->destination[0]) == 93u);
    BOOST_TEST(send.number("Length").value_or(-1) == 517);
}

BOOST_AUTO_TEST_CASE(random_access_equals_streaming)
{
    auto f = PmlFile::open(fixture_path("session64.PML"));
    std::vector<std::string> forward;
    for (uint32_t i = 0; i < f->event_count(); ++i) forward.push_back(f->event(i).detail_text());
    for (uint32_t i = f->event_count(); i-- > 0;) BOOST_TEST(f->event(i).detail_text() == forward[i]);
}

BOOST_AUTO_TEST_CASE(csv_rows)
{
    auto f = PmlFile::open(fixture_path("session64.PML"));
    std::ostringstream out;
    CsvWriter csv(out, f->tables());
    csv.header();
    csv.row(f->event(2));
    const std::string text = out.str();
    BOOST_TEST(text.rfind("\xEF\xBB\xBF\"Time of Day\",\"Process Name\"", 0) == 0u);
    BOOST_TEST(text.find("\"cmd.exe\",\"2000\",\"Thread Create\",\"\",\"SUCCESS\",\"Thread ID: 2004\"") !=
               std::string::npos);
    BOOST_TEST(text.ends_with("\"64-bit\"\r\n"));
}

BOOST_AUTO_TEST_SUITE_END()
