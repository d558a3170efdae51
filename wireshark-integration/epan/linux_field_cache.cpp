#include "linux_field_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace traceshark::epan {

namespace {
constexpr size_t kMaxLine = 1024;
constexpr size_t kMaxFile = size_t{64} << 20;  // a runaway file: use its start only

// mkdir -p with mode 0700: the cache is the user's own.
void make_private_dirs(const std::filesystem::path& dir)
{
    std::filesystem::path at;
    for (const auto& part : dir) {
        at /= part;
        ::mkdir(at.c_str(), 0700);  // EEXIST for the parts that exist
    }
}
}  // namespace

std::string cache_line(std::string_view sys, std::string_view ev, std::string_view field, FieldFt ft, FieldBase base)
{
    const char* type = ft_name(ft);
    return sanitize(sys) + ' ' + sanitize(ev) + ' ' + sanitize(field) + ' ' + (type ? type : "FT_NONE") + ' ' +
           base_name(base);
}

std::optional<CachedField> parse_cache_line(std::string_view line)
{
    if (line.size() > kMaxLine) return std::nullopt;
    std::istringstream ls{std::string(line)};
    CachedField c;
    std::string type, base, extra;
    if (!(ls >> c.system >> c.event >> c.field >> type >> base) || (ls >> extra)) return std::nullopt;
    if (sanitize(c.system) != c.system || sanitize(c.event) != c.event || sanitize(c.field) != c.field)
        return std::nullopt;
    auto ft = ft_from_name(type);
    auto b = base_from_name(base);
    if (!ft || !b || !valid_combo(*ft, *b)) return std::nullopt;
    c.ft = *ft;
    c.base = *b;
    return c;
}

std::vector<CachedField> FieldCacheFile::load()
{
    std::vector<CachedField> fields;
    std::ifstream in(path_, std::ios::binary);
    if (!in) return fields;
    std::string line;
    size_t total = 0;
    while (std::getline(in, line)) {
        total += line.size() + 1;
        if (total > kMaxFile) break;
        if (known_.count(line)) continue;
        if (auto c = parse_cache_line(line)) {
            known_.insert(line);
            fields.push_back(std::move(*c));
        }
    }
    return fields;
}

void FieldCacheFile::append(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& l : lines)
        if (known_.insert(l).second) out += l + '\n';
    if (out.empty()) return;
    make_private_dirs(std::filesystem::path(path_).parent_path());
    int fd = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return;
    struct stat st {};
    char last = '\n';
    if (fstat(fd, &st) == 0 && st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
        out.insert(out.begin(), '\n');
    ssize_t w = ::write(fd, out.data(), out.size());
    (void)w;
    ::close(fd);
}

}  // namespace traceshark::epan
