#include "command_line_files.hpp"

#include <fstream>

namespace traceshark::epan {

std::optional<std::string> read_small_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string s;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        s.append(buf, static_cast<size_t>(in.gcount()));
        if (s.size() > (1u << 20)) return std::nullopt;
    }
    return s;
}


std::vector<std::string> files_on_command_line()
{
    std::vector<std::string> files;
    auto text = read_small_file("/proc/self/cmdline");
    if (!text) return files;
    std::vector<std::string> args;
    for (size_t at = 0; at < text->size();) {
        const size_t end = text->find('\0', at);
        args.emplace_back(text->substr(at, end == std::string::npos ? std::string::npos : end - at));
        if (end == std::string::npos) break;
        at = end + 1;
    }
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if ((a == "-r" || a == "--read-file") && i + 1 < args.size()) files.push_back(args[++i]);
        else if (a.size() > 2 && a.starts_with("-r") && a[2] != '-') files.push_back(a.substr(2));
        else if (a.starts_with("--read-file=")) files.push_back(a.substr(12));
    }
    std::erase(files, std::string("-"));  // standard input cannot be read twice
    return files;
}

}  // namespace traceshark::epan
