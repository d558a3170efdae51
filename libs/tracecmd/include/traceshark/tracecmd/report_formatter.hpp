// Renders events exactly as `trace-cmd report` (3.1.6) does: libtraceevent's print formats and plugins,
// plus the handlers trace-cmd itself adds for ftrace's function and function-graph events.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "traceshark/tracecmd/guest_symbols.hpp"
#include "traceshark/tracecmd/record.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

struct trace_seq;
struct tep_event;

namespace traceshark::tracecmd {

// The record that follows the one being formatted, in report order. A function-graph entry whose matching
// exit comes next is printed as one leaf line ("func();") and the exit is consumed.
class Lookahead {
public:
    virtual ~Lookahead() = default;
    virtual const Record* peek() = 0;
    virtual void consume() = 0;
};

struct FtraceHandlers;
namespace detail {
class CompiledPrint;
}

// What rendering needs to know about a capture beyond its event formats.
struct ReportSettings {
    bool clock_in_ns = true;             // print microseconds (else the raw clock value)
    PageLayout layout;                   // where a page's data starts (for report's lost-events notices)
    std::vector<uint32_t> page_sizes;    // page size of each buffer, by Record::buffer
};

class ReportFormatter {
public:
    // Registers trace-cmd's ftrace handlers, loads the libtraceevent plugins and the symbols.
    explicit ReportFormatter(TraceFile& file);
    // The same without a file, e.g. from metadata carried in a capture.
    ReportFormatter(EventFormats& formats, ReportSettings settings);
    ~ReportFormatter();
    ReportFormatter(const ReportFormatter&) = delete;
    ReportFormatter& operator=(const ReportFormatter&) = delete;

    // Where to find the next record (optional; without it function-graph entries print as nested calls).
    void set_lookahead(Lookahead* lookahead);
    // The guests whose functions the host's kvm events name (guest_symbols.hpp); null (the default): none, as
    // report prints a single file. Not owned; must outlive the formatting calls.
    void set_guest_symbols(const GuestSymbols* symbols);

    // A whole report line without the trailing newline: "<comm>-<pid> [cpu] <time>: <name>: <info>",
    // preceded by the missed-events line when the kernel lost events before this record.
    // `buffer_prefix` is the instance tag report puts in front when a file has several buffers.
    void format_line(const Record& rec, const std::string& buffer_prefix, std::string& out);
    // The same, appended to `out` (which may hold earlier lines).
    void append_line(const Record& rec, const std::string& buffer_prefix, std::string& out);
    // Only the event text (report's INFO part).
    void format_info(const Record& rec, std::string& out);

    // Event text from print formats compiled at first use (on by default; libtraceevent renders the formats
    // that cannot be compiled, and every record when this is off). The output is the same either way.
    void set_compiled_formats(bool on) { compiled_on_ = on; }
    // Whether the event with this id is rendered by its compiled format (known once a record of it was seen).
    bool uses_compiled_format(int id) const;

private:
    void append_info(tep_event* event, const Record& rec, std::string& out);
    void add_blktrace_format();

    EventFormats& formats_;
    ReportSettings settings_;
    std::unique_ptr<FtraceHandlers> ftrace_;
    const GuestSymbols* guest_symbols_ = nullptr;
    std::unique_ptr<trace_seq> seq_;
    const char* time_format_;
    bool compiled_on_ = true;
    enum class Print : uint8_t { Untried, Compiled, Reference };
    std::vector<Print> print_;  // by event id
    std::vector<std::unique_ptr<detail::CompiledPrint>> compiled_;
    std::string text_;  // scratch for a compiled rendering
};

}  // namespace traceshark::tracecmd
