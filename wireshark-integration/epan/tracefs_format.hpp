// The field lines of a tracefs event format file (/sys/kernel/tracing/events/<system>/<event>/format):
// "field:TYPE NAME[N];\toffset:O;\tsize:S;\tsigned:G;". No Wireshark headers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace traceshark::epan {

struct TextField {
    std::string type;  // array brackets moved here from the name, as libtraceevent keeps them ("char[16]")
    std::string name;
    int size = 0;
    bool is_signed = false;
};

// Lines that are not field lines are skipped.
std::vector<TextField> parse_format_fields(std::string_view text);

}  // namespace traceshark::epan
