#include "tracefs_format.hpp"

#include <cstdlib>
#include <sstream>

namespace traceshark::epan {

std::vector<TextField> parse_format_fields(std::string_view text)
{
    std::vector<TextField> fields;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        auto f = line.find("field:");
        auto semi = line.find(';', f);
        auto sz = line.find("size:");
        auto sg = line.find("signed:");
        if (f == std::string::npos || semi == std::string::npos || sz == std::string::npos) continue;
        std::string decl = line.substr(f + 6, semi - f - 6);
        auto sp = decl.find_last_of(" \t");
        if (sp == std::string::npos) continue;
        TextField t;
        t.type = decl.substr(0, sp);
        t.name = decl.substr(sp + 1);
        if (auto br = t.name.find('['); br != std::string::npos) {
            t.type += t.name.substr(br);
            t.name.resize(br);
        }
        t.size = std::atoi(line.c_str() + sz + 5);
        t.is_signed = sg != std::string::npos && std::atoi(line.c_str() + sg + 7) != 0;
        fields.push_back(std::move(t));
    }
    return fields;
}

}  // namespace traceshark::epan
