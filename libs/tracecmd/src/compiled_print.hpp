// An event's print format turned, once, into literal text and conversions evaluated straight from the
// record. It starts from libtraceevent's own parse of the format (tep_event::print_fmt: the format string
// and the argument trees) and applies libtraceevent's evaluation rules (event-parse.c pretty_print): fields
// read unsigned at their size, casts masking to the named width, the printf argument cast chosen by the
// length modifier, __print_flags/__print_symbolic, __get_str, %pS through the loaded symbols.
// Anything it does not reproduce exactly makes compile() fail, and the caller keeps libtraceevent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct tep_event;
struct tep_handle;
struct tep_print_arg;

namespace traceshark::tracecmd::detail {

class CompiledPrint {
public:
    // nullptr when the format (or the event's flags) needs libtraceevent. Call it after libtraceevent has
    // printed one record of the event: that resolves symbol names used as constants (e.g. vmemmap_base).
    static std::unique_ptr<CompiledPrint> compile(tep_event* event);

    // Appends the event text (pretty_print's part) to `out`. Returns false, with `out` as it was, for a
    // record the reference treats specially (a field beyond the record, a string without its NUL, ...).
    bool render(const uint8_t* data, uint32_t size, std::string& out) const;

    struct Num;
    struct Str;
    struct Piece;

    CompiledPrint();
    ~CompiledPrint();
    CompiledPrint(const CompiledPrint&) = delete;
    CompiledPrint& operator=(const CompiledPrint&) = delete;

private:
    friend class PrintCompiler;
    tep_handle* tep_ = nullptr;
    bool swap_ = false;  // the file's byte order differs from this machine's
    std::vector<Piece> pieces_;
    std::vector<Num> nums_;  // expression nodes; Num/Str/Piece refer to them by index
    std::vector<Str> strs_;
    // %pS lookups: the same call sites come back again and again, and each lookup is a binary search.
    struct Symbol {
        uint64_t addr = 0;
        const char* name = nullptr;
        uint64_t start = 0;
        bool valid = false;
    };
    mutable Symbol symbols_[64];
    const Symbol& symbol(uint64_t addr) const;
};

}  // namespace traceshark::tracecmd::detail
