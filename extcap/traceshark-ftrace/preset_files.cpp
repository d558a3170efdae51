#include "preset_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>

namespace traceshark::extcap {
namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Event patterns as resolve_events takes them: system:event or system/event, shell globs.
bool valid_pattern(std::string_view p)
{
    if (p.empty() || p.size() > 128) return false;
    return std::all_of(p.begin(), p.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("_-:/*?[]!.").find(c) != std::string_view::npos;
    });
}

std::string shown(std::string_view word)  // at most 40 characters of the file in a message
{
    std::string s(word.substr(0, 40));
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return "\"" + s + (word.size() > 40 ? "...\"" : "\"");
}

// Reads a file with the real user's rights when this process runs setuid (the caller must be able to read it
// themselves, through symlinks too); a regular file of at most kMaxPresetFileBytes (O_NONBLOCK: a fifo named
// *.preset cannot hold the open).
std::string read_as_caller(const std::string& path)
{
    const uid_t euid = geteuid();
    const bool drop = getuid() != euid;
    if (drop && seteuid(getuid()) != 0) throw std::runtime_error("cannot take the caller's rights to read it");
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    const int open_errno = errno;
    if (drop && seteuid(euid) != 0) std::abort();  // cannot happen: the saved set-user-ID is root
    if (fd < 0) throw std::runtime_error(std::string("cannot open it: ") + strerror(open_errno));
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        throw std::runtime_error("not a regular file");
    }
    if (static_cast<size_t>(st.st_size) > kMaxPresetFileBytes) {
        close(fd);
        throw std::runtime_error("larger than " + std::to_string(kMaxPresetFileBytes) + " bytes");
    }
    std::string text(static_cast<size_t>(st.st_size), '\0');
    size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = read(fd, text.data() + got, text.size() - got);
        if (n <= 0) break;
        got += static_cast<size_t>(n);
    }
    close(fd);
    text.resize(got);
    return text;
}

}  // namespace

bool valid_preset_name(std::string_view name)
{
    return !name.empty() && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

Preset parse_preset_file(std::string_view text, const std::string& name, const std::string& path)
{
    if (text.size() > kMaxPresetFileBytes)
        throw std::runtime_error(path + ": larger than " + std::to_string(kMaxPresetFileBytes) + " bytes");
    Preset p;
    p.name = name;
    p.source = path;
    size_t line_no = 0;
    for (size_t pos = 0; pos <= text.size();) {
        const size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        const std::string at = path + ":" + std::to_string(line_no) + ": ";
        line = trim(line.substr(0, line.find('#')));
        if (line.empty()) continue;
        if (line.substr(0, 12) == "description:") {
            const std::string_view d = trim(line.substr(12));
            if (d.empty() || d.size() > 120) throw std::runtime_error(at + "a description has 1 to 120 characters");
            if (d.find_first_of("{}") != std::string_view::npos || std::any_of(d.begin(), d.end(), [](char c) {
                    return static_cast<unsigned char>(c) < 0x20;
                }))
                throw std::runtime_error(at + "a description may not contain { } or control characters");
            if (!p.display.empty()) throw std::runtime_error(at + "a second description");
            p.display = d;
            continue;
        }
        size_t i = 0;
        while (i < line.size()) {
            const size_t j = line.find_first_of(", \t", i);
            const std::string_view word = line.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
            i = j == std::string_view::npos ? line.size() : j + 1;
            if (word.empty()) continue;
            if (!valid_pattern(word) || word.find_first_of(":/") == std::string_view::npos)
                throw std::runtime_error(at + "not an event (system:event, globs allowed): " + shown(word));
            if (p.events.size() == kMaxPresetEvents)
                throw std::runtime_error(at + "more than " + std::to_string(kMaxPresetEvents) + " events");
            p.events.emplace_back(word);
        }
    }
    if (p.events.empty()) throw std::runtime_error(path + ": names no event");
    if (p.display.empty()) p.display = name;
    return p;
}

std::vector<std::string> preset_directories()
{
    std::vector<std::string> dirs;
    if (const char* path = std::getenv("TRACESHARK_PRESET_PATH")) {
        std::string_view s(path);
        while (!s.empty()) {
            const size_t c = s.find(':');
            if (c != 0) dirs.emplace_back(s.substr(0, c));
            if (c == std::string_view::npos) break;
            s.remove_prefix(c + 1);
        }
        return dirs;
    }
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        dirs.push_back(std::string(xdg) + "/traceshark/presets");
    else if (const char* home = std::getenv("HOME"); home && *home)
        dirs.push_back(std::string(home) + "/.config/traceshark/presets");
    dirs.emplace_back("/etc/traceshark/presets");
    return dirs;
}

PresetCatalog load_presets(const std::vector<std::string>& directories)
{
    PresetCatalog c;
    std::set<std::string> names;
    for (const Preset& p : builtin_presets()) {
        c.presets.push_back(p);
        names.insert(p.name);
    }
    for (const std::string& dir : directories) {
        // Listed with the caller's rights too: a directory they cannot read offers them nothing.
        const uid_t euid = geteuid();
        const bool drop = getuid() != euid;
        if (drop && seteuid(getuid()) != 0) continue;
        DIR* d = opendir(dir.c_str());
        std::vector<std::string> files;
        for (dirent* e = d ? readdir(d) : nullptr; e && files.size() < kMaxPresetFilesPerDirectory; e = readdir(d)) {
            const std::string f = e->d_name;
            if (f.size() > 7 && f.compare(f.size() - 7, 7, ".preset") == 0) files.push_back(f);
        }
        if (d) closedir(d);
        if (drop && seteuid(euid) != 0) std::abort();
        std::sort(files.begin(), files.end());
        for (const std::string& f : files) {
            const std::string name = f.substr(0, f.size() - 7);
            const std::string path = dir + "/" + f;
            if (!valid_preset_name(name)) {
                c.problems.push_back(path + ": a preset name has 1 to 32 letters, digits, - or _");
                continue;
            }
            if (names.count(name)) {
                // A user's file may not change what a built-in name records; an earlier directory wins otherwise.
                if (std::any_of(builtin_presets().begin(), builtin_presets().end(),
                                [&](const Preset& b) { return b.name == name; }))
                    c.problems.push_back(path + ": \"" + name + "\" is a built-in preset");
                continue;
            }
            try {
                c.presets.push_back(parse_preset_file(read_as_caller(path), name, path));
                names.insert(name);
            } catch (const std::runtime_error& e) {
                const std::string what = e.what();
                c.problems.push_back(what.rfind(path, 0) == 0 ? what : path + ": " + what);
            }
        }
    }
    return c;
}

}  // namespace traceshark::extcap
