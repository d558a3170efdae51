#include "traceshark/tracecmd/report_formatter.hpp"

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include <cstring>

#include "ftrace_handlers.hpp"

namespace traceshark::tracecmd {
namespace {

tep_record to_tep(const Record& rec)
{
    tep_record tr{};
    tr.ts = rec.ts;
    tr.offset = rec.ref.value;
    tr.missed_events = rec.missed_events;
    tr.size = static_cast<int>(rec.size);
    tr.record_size = static_cast<int>(rec.size);
    tr.data = const_cast<uint8_t*>(rec.data);
    tr.cpu = rec.cpu;
    return tr;
}

void print_event_name(trace_seq* s, const tep_event* event)
{
    const char* name = event ? event->name : "(NULL)";
    trace_seq_printf(s, " %s: ", name);
    const size_t len = std::strlen(name);
    if (len < 20) trace_seq_printf(s, "%.*s", static_cast<int>(20 - len), "                    ");
}

}  // namespace

ReportFormatter::ReportFormatter(TraceFile& file)
    : file_(file), ftrace_(std::make_unique<FtraceHandlers>()), seq_(std::make_unique<trace_seq>())
{
    EventFormats& formats = file.formats();
    ftrace_->file = &file;
    // Same order as trace-cmd: its own ftrace handlers first, then the plugins (which win where both exist).
    ftrace_->register_with(formats.tep());
    formats.load_plugins();
    formats.load_symbols();
    trace_seq_init(seq_.get());
    // report prints microseconds for nanosecond clocks and the raw count for the others.
    time_format_ = file.metadata().clock_in_ns ? " %6.1000d:" : "%12d:";
}

ReportFormatter::~ReportFormatter() { trace_seq_destroy(seq_.get()); }

void ReportFormatter::set_lookahead(Lookahead* lookahead) { ftrace_->lookahead = lookahead; }

void ReportFormatter::print_info(trace_seq* s, const Record& rec)
{
    tep_record tr = to_tep(rec);
    file_.formats().find(file_.event_id(rec));  // parse the format on first use
    tep_print_event(file_.formats().tep(), s, &tr, "%s", TEP_PRINT_INFO);
}

void ReportFormatter::format_line(const Record& rec, const std::string& buffer_prefix, std::string& out)
{
    trace_seq* s = seq_.get();
    trace_seq_reset(s);
    tep_handle* tep = file_.formats().tep();
    tep_record tr = to_tep(rec);
    tep_event* event = file_.formats().find(file_.event_id(rec));
    trace_seq_puts(s, buffer_prefix.c_str());
    if (rec.missed_events > 0)
        trace_seq_printf(s, "CPU:%d [%lld EVENTS DROPPED]\n", rec.cpu, static_cast<long long>(rec.missed_events));
    else if (rec.missed_events < 0)
        trace_seq_printf(s, "CPU:%d [EVENTS DROPPED]\n", rec.cpu);
    tep_print_event(tep, s, &tr, "%16s-%-5d [%03d]", TEP_PRINT_COMM, TEP_PRINT_PID, TEP_PRINT_CPU);
    tep_print_event(tep, s, &tr, time_format_, TEP_PRINT_TIME);
    print_event_name(s, event);
    tep_print_event(tep, s, &tr, "%s", TEP_PRINT_INFO);
    unsigned len = s->len;
    if (len && s->buffer[len - 1] == '\n') --len;
    out.assign(s->buffer, len);
}

void ReportFormatter::format_info(const Record& rec, std::string& out)
{
    trace_seq* s = seq_.get();
    trace_seq_reset(s);
    print_info(s, rec);
    unsigned len = s->len;
    if (len && s->buffer[len - 1] == '\n') --len;
    out.assign(s->buffer, len);
}

}  // namespace traceshark::tracecmd
