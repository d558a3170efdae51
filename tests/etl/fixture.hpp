// Helpers of the libs/etl suite: the build-time fixtures and the corpus beside the clone.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace traceshark::etl::test {

inline std::string env_dir(const char* name)
{
    const char* dir = std::getenv(name);
    return dir ? dir : "";
}
inline std::string fixture_path(const std::string& name) { return env_dir("TRACESHARK_ETL_FIXTURES") + "/" + name; }
// "" when the corpus is absent (tests skip then).
inline std::string corpus_dir() { return env_dir("TRACESHARK_CORPUS"); }
// The corpus directory when `needed` (a path below it) is there; otherwise "" and the case says it is skipped.
inline std::string corpus_having(const std::string& needed)
{
    const std::string dir = corpus_dir();
    if (!dir.empty() && std::filesystem::exists(dir + "/" + needed)) return dir;
    BOOST_TEST_MESSAGE("corpus absent (" << needed << "): skipped");
    return "";
}

inline std::vector<uint8_t> read_bytes(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(f), {}};
}

}  // namespace traceshark::etl::test
