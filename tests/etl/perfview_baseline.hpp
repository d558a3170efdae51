// PerfView's TraceEvent baselines (expected/perfview/*.baseline.txt, written by TraceEvent.Tests' GeneralParsing:
// the first <= 5 events of each name as EVENT lines, then COUNT <name>:<n> per name) and the normalisation that
// lets our decoded values be compared with them.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace traceshark::etl::test {

struct BaselineEvent {
    double time_ms = 0;  // TimeStampRelativeMSec
    std::string name;    // Provider/EventName
    int64_t pid = -1, tid = -1;
    std::string pname;
    int64_t cpu = -1, data_len = -1;
    std::vector<std::pair<std::string, std::string>> fields;  // as printed (truncated to 20 chars + "...")
};

struct Baseline {
    std::vector<BaselineEvent> events;
    std::map<std::string, uint64_t> counts;
};

inline std::string strip_commas(const std::string& s)
{
    std::string o;
    for (char c : s)
        if (c != ',') o += c;
    return o;
}

// "EVENT 8,185.741: Provider/Task/Opcode PID=1; TID=2; PName=x; ProceNum=4; DataLen=22; A=1; B=x; "
inline BaselineEvent parse_event_line(const std::string& line)
{
    BaselineEvent e;
    const size_t colon = line.find(": ", 6);
    if (colon == std::string::npos) throw std::runtime_error("baseline EVENT line without time: " + line);
    e.time_ms = std::stod(strip_commas(line.substr(6, colon - 6)));
    const size_t pid = line.find(" PID=", colon);
    if (pid == std::string::npos) throw std::runtime_error("baseline EVENT line without PID: " + line);
    e.name = line.substr(colon + 2, pid - colon - 2);
    // Fields are "name=value; ". Values may hold "; " themselves only when truncated; the names are identifiers.
    size_t at = pid + 1;
    while (at < line.size()) {
        const size_t eq = line.find('=', at);
        if (eq == std::string::npos) break;
        size_t end = line.find("; ", eq);
        if (end == std::string::npos) end = line.size();
        const std::string k = line.substr(at, eq - at), v = line.substr(eq + 1, end - eq - 1);
        if (k == "PID") e.pid = std::stoll(strip_commas(v));
        else if (k == "TID") e.tid = std::stoll(strip_commas(v));
        else if (k == "PName") e.pname = v;
        else if (k == "ProceNum") e.cpu = std::stoll(v);
        else if (k == "DataLen") e.data_len = std::stoll(v);
        else e.fields.emplace_back(k, v);
        at = end + 2;
    }
    return e;
}

inline Baseline load_baseline(const std::string& path)
{
    std::ifstream f(path);
    if (!f) throw std::runtime_error("cannot read " + path);
    Baseline b;
    std::string line;
    while (std::getline(f, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("COUNT ", 0) == 0) {
            const size_t c = line.rfind(':');
            b.counts[line.substr(6, c - 6)] = std::stoull(line.substr(c + 1));
        } else if (line.rfind("EVENT ", 0) == 0) {
            b.events.push_back(parse_event_line(line));
        }
    }
    return b;
}

// GeneralParsing's truncation: values longer than 20 UTF-16 units keep 20 and get "...", then newlines are
// escaped. (Counted in code points here; the baselines have no characters outside the BMP.)
inline std::string truncated(const std::string& v)
{
    size_t units = 0, cut = v.size();
    for (size_t i = 0; i < v.size(); ++i) {
        if ((static_cast<unsigned char>(v[i]) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
        if (units == 20) {
            cut = i;
            break;
        }
        ++units;
    }
    std::string t = cut < v.size() ? v.substr(0, cut) + "..." : v;
    std::string o;
    for (char c : t) {
        if (c == '\n') o += "\\n";
        else if (c == '\r') o += "\\r";
        else o += c;
    }
    return o;
}

}  // namespace traceshark::etl::test
