#include "traceshark/etl/decoder.hpp"

namespace traceshark::etl {

std::string DecodedEvent::name() const
{
    std::string n = provider;
    if (!task.empty()) n += "/" + task;
    if (!opcode.empty()) n += "/" + opcode;
    return n;
}

}  // namespace traceshark::etl
