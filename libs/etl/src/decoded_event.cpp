#include "traceshark/etl/decoder.hpp"

namespace traceshark::etl {

std::string DecodedEvent::name() const
{
    std::string n = provider;
    if (!task.empty()) n += "/" + task;
    if (!opcode.empty()) n += "/" + opcode;
    return n;
}

std::string DecodedEvent::text(size_t payload_size) const
{
    std::string line = name();
    for (const Field& f : fields) {
        line += ' ';
        line += f.name;
        line += '=';
        line += f.value.to_string();
    }
    if (!decoded) line += " payload=" + std::to_string(payload_size) + "B";
    if (!problem.empty()) line += " problem=\"" + problem + "\"";
    return line;
}

}  // namespace traceshark::etl
