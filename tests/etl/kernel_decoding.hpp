// A kernel MOF record decoded for a test: its fields as text (and their widths) by name.
#pragma once

#include <map>
#include <string>

#include "payload_builder.hpp"
#include "traceshark/etl/kernel_decoder.hpp"

namespace traceshark::etl::test {

struct KernelDecoding {
    DecodedEvent ev;
    bool known = false;  // the decoder has a layout for the record
    std::map<std::string, std::string> f;
    std::map<std::string, int> width;
    std::string operator[](const std::string& k) const
    {
        auto it = f.find(k);
        return it == f.end() ? "<absent>" : it->second;
    }
};

inline KernelDecoding decode_kernel(const EventRecord& r)
{
    KernelDecoder d;
    KernelDecoding o;
    o.known = d.decode(r, o.ev);
    for (const Field& x : o.ev.fields) {
        o.f[x.name] = x.value.to_string();
        o.width[x.name] = x.value.size;
    }
    return o;
}

}  // namespace traceshark::etl::test
