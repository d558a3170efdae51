// A strict check of an event format text before it reaches libtraceevent. libtraceevent 1.7.1's format parser
// dereferences null tokens and fields on malformed input (an unterminated "[", a print fmt naming a field the
// format does not declare, ...), which a damaged or hostile file would turn into a crash. Every format written
// by a kernel passes (checked on every format of the fixtures and the corpus: over 5 000).
#pragma once

#include <string>
#include <string_view>

namespace traceshark::tracecmd {

struct FormatCheck {
    bool fields_ok = true;  // header and field lines are well formed: the format may be parsed
    bool print_ok = true;   // the print fmt may be parsed too
    std::string problem;    // why not
};

FormatCheck check_format(std::string_view text);

}  // namespace traceshark::tracecmd
