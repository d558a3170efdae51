// The project's recorded trace.dat fixtures (tests/fixtures/tracecmd, TRACESHARK_FIXTURES) tracked the way the
// plugin tracks them: one machine named after the file's host, the saved comms as known names, every record
// through LinuxMapper into the Engine. The workload's truth file (tools/recording/workload.py) sits beside each.
#pragma once

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "traceshark/tracecmd/event_formats.hpp"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/trace_file.hpp"
#include "traceshark/tracking/engine.hpp"
#include "traceshark/tracking/linux/mapper.hpp"

namespace traceshark::tracking::test {

inline std::filesystem::path tracecmd_fixtures()
{
    const char* dir = std::getenv("TRACESHARK_FIXTURES");
    return std::filesystem::path(dir ? dir : "tests/fixtures") / "tracecmd";
}

struct TrackedFixture {
    std::unique_ptr<tracecmd::TraceFile> file;
    Engine engine;
    uint32_t machine = 0;
    std::vector<NormalizedEvent> events;  // by seq
};

// Rewrites one record's bytes before it is mapped (bad-input tests); returns whether it changed them.
using RecordEdit = std::function<bool(tracecmd::EventFormats& formats, std::vector<uint8_t>& bytes)>;

inline std::unique_ptr<TrackedFixture> track_fixture(const std::string& name, const RecordEdit& edit = {})
{
    auto t = std::make_unique<TrackedFixture>();
    t->file = tracecmd::TraceFile::open((tracecmd_fixtures() / name).string());
    t->machine = t->engine.add_machine({t->file->metadata().machine.hostname, "Linux"});
    t->engine.set_known_names(t->machine, t->file->saved_comms());
    LinuxMapper mapper(t->file->formats());
    tracecmd::EventReader r(*t->file);
    std::vector<uint8_t> bytes;
    while (const tracecmd::Record* rec = r.next()) {
        tracecmd::Record mapped = *rec;
        if (edit) {
            bytes.assign(rec->data, rec->data + rec->size);
            if (edit(t->file->formats(), bytes)) {
                mapped.data = bytes.data();
                mapped.size = static_cast<uint32_t>(bytes.size());
            }
        }
        t->events.push_back(mapper.map(mapped, t->machine));
        t->engine.consume(t->events.back());
    }
    return t;
}

// The truth file of a fixture: "v7-zstd" reads v7-zstd.truth.json.
inline boost::property_tree::ptree read_truth(const std::string& fixture)
{
    boost::property_tree::ptree truth;
    boost::property_tree::read_json((tracecmd_fixtures() / (fixture + ".truth.json")).string(), truth);
    return truth;
}

// The truth's first event of a kind ("file_write", "tcp", ...), or null.
inline const boost::property_tree::ptree* truth_event(const boost::property_tree::ptree& truth,
                                                      const std::string& kind)
{
    for (const auto& [_, ev] : truth.get_child("events"))
        if (ev.get<std::string>("kind") == kind) return &ev;
    return nullptr;
}

}  // namespace traceshark::tracking::test
