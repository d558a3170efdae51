// Message templates: "%1 bytes from %2" with the event's top-level values.
#include "traceshark/etl/manifest.hpp"

namespace traceshark::etl::manifest {

std::string render_message(std::string_view m, const std::vector<std::string>& texts)
{
    std::string out;
    out.reserve(m.size());
    for (size_t i = 0; i < m.size();) {
        const char c = m[i];
        if (c != '%' || i + 1 >= m.size()) {
            out += c;
            ++i;
            continue;
        }
        const char d = m[i + 1];
        if (d >= '1' && d <= '9') {
            size_t j = i + 1, n = 0;
            while (j < m.size() && j < i + 3 && m[j] >= '0' && m[j] <= '9') n = n * 10 + static_cast<size_t>(m[j++] - '0');
            if (j < m.size() && m[j] == '!') {  // %1!s! : the printf format is the value's own
                const size_t end = m.find('!', j + 1);
                j = end == std::string_view::npos ? m.size() : end + 1;
            }
            if (n >= 1 && n <= texts.size()) out += texts[n - 1];
            i = j;
            continue;
        }
        switch (d) {
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'n': out += '\n'; break;
        case 'b': out += ' '; break;
        default: out += d; break;  // %% %. %! ...
        }
        i += 2;
    }
    return out;
}

}  // namespace traceshark::etl::manifest
