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

// libtraceevent's function plugin prints func_repeats timestamps with the format the host program exports
// under this name (trace-cmd defines it); programs using ReportFormatter must export their symbols.
extern "C" {
__attribute__((visibility("default"))) const char* tep_func_repeat_format = "%6.1000d";
}

namespace {

ReportSettings settings_of(const TraceFile& file)
{
    ReportSettings s;
    s.clock_in_ns = file.metadata().clock_in_ns;
    s.layout = file.page_layout();
    for (const Buffer& b : file.buffers()) s.page_sizes.push_back(b.page_size);
    return s;
}

}  // namespace

ReportFormatter::ReportFormatter(TraceFile& file) : ReportFormatter(file.formats(), settings_of(file)) {}

ReportFormatter::ReportFormatter(EventFormats& formats, ReportSettings settings)
    : formats_(formats), settings_(std::move(settings)), ftrace_(std::make_unique<FtraceHandlers>()),
      seq_(std::make_unique<trace_seq>())
{
    ftrace_->formats = &formats;
    // Same order as trace-cmd: its own ftrace handlers first, then the plugins (which win where both exist).
    ftrace_->register_with(formats.tep());
    formats.load_plugins();
    formats.load_symbols();
    trace_seq_init(seq_.get());
    // report prints microseconds for nanosecond clocks and the raw count for the others.
    time_format_ = settings_.clock_in_ns ? " %6.1000d:" : "%12d:";
    tep_func_repeat_format = settings_.clock_in_ns ? "%6.1000d" : "%12d";
    add_blktrace_format();
}

ReportFormatter::~ReportFormatter() { trace_seq_destroy(seq_.get()); }

// trace-cmd defines a "blktrace" event for records the kernel's blk tracer writes into the ftrace buffer; its
// id follows the ftrace event it used to be registered after.
void ReportFormatter::add_blktrace_format()
{
    EventFormats& formats = formats_;
    tep_event* anchor = nullptr;
    for (const char* name : {"power", "kmem_free", "user_stack"})
        if ((anchor = formats.find("ftrace", name))) break;
    if (!anchor || formats.find(anchor->id + 1)) return;
    const struct { const char* name; int offset, size; } common[] = {
        {"common_type", 0, 2}, {"common_flags", 2, 1}, {"common_preempt_count", 3, 1}, {"common_pid", 4, 4}};
    for (const auto& c : common) {
        tep_format_field* f = tep_find_common_field(anchor, c.name);
        if (!f || f->offset != c.offset || f->size != c.size) return;
    }
    std::string text = "name: blktrace\nID: " + std::to_string(anchor->id + 1) +
                       "\nformat:\n"
                       "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\n"
                       "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\n"
                       "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\n"
                       "\tfield:int common_pid;\toffset:4;\tsize:4;\n";
    if (tep_format_field* f = tep_find_common_field(anchor, "common_lock_depth")) {
        if (f->offset != 8 || f->size != 4) return;
        text += "\tfield:int common_lock_depth;\toffset:8;\tsize:4;\n";
    }
    text += "\n\tfield:u64 sector;\toffset:16;\tsize:8;\n"
            "\tfield:int bytes;\toffset:24;\tsize:4;\n"
            "\tfield:int action;\toffset:28;\tsize:4;\n"
            "\tfield:int pid;\toffset:32;\tsize:4;\n"
            "\tfield:int device;\toffset:36;\tsize:4;\n"
            "\tfield:int cpu;\toffset:40;\tsize:4;\n"
            "\tfield:short error;\toffset:44;\tsize:2;\n"
            "\tfield:short pdu_len;\toffset:46;\tsize:2;\n"
            "\tfield:void data;\toffset:48;\tsize:0;\n"
            "\n"
            "print fmt: \"%d\", REC->pid\n";
    formats.add_format("ftrace", std::move(text));
}

void ReportFormatter::set_lookahead(Lookahead* lookahead) { ftrace_->lookahead = lookahead; }

void ReportFormatter::print_info(trace_seq* s, const Record& rec)
{
    tep_record tr = to_tep(rec);
    formats_.find(formats_.event_id(rec.data, rec.size));  // parse the format on first use
    tep_print_event(formats_.tep(), s, &tr, "%s", TEP_PRINT_INFO);
}

void ReportFormatter::format_line(const Record& rec, const std::string& buffer_prefix, std::string& out)
{
    trace_seq* s = seq_.get();
    trace_seq_reset(s);
    tep_handle* tep = formats_.tep();
    tep_record tr = to_tep(rec);
    tep_event* event = formats_.find(formats_.event_id(rec.data, rec.size));
    trace_seq_puts(s, buffer_prefix.c_str());
    // libtraceevent's kbuffer only reports lost events for a record at the very start of its page (a page
    // that begins with a time extend loses the notice); report shows what kbuffer says.
    const uint32_t page_size = rec.buffer < settings_.page_sizes.size() ? settings_.page_sizes[rec.buffer] : 0;
    const bool at_page_start = !page_size || rec.ref.position() % page_size == settings_.layout.data_offset();
    if (!at_page_start) {
    } else if (rec.missed_events > 0)
        trace_seq_printf(s, "CPU:%d [%lld EVENTS DROPPED]\n", rec.cpu, static_cast<long long>(rec.missed_events));
    else if (rec.missed_events < 0)
        trace_seq_printf(s, "CPU:%d [EVENTS DROPPED]\n", rec.cpu);
    if (event) {
        // The same text as tep_print_event(tep, s, rec, "%16s-%-5d [%03d]" / " %6.1000d:" / "%12d:", COMM, PID,
        // CPU, TIME), without libtraceevent parsing those formats again for every line.
        const int pid = formats_.pid(rec.data, rec.size);
        trace_seq_printf(s, "%16s-%-5d [%03d]", tep_data_comm_from_pid(tep, pid), pid, rec.cpu);
        if (settings_.clock_in_ns) {
            const unsigned long long usecs = (rec.ts + 500) / 1000;
            trace_seq_printf(s, " %5llu.%06llu:", usecs / 1000000, usecs % 1000000);
        } else {
            trace_seq_printf(s, "%12llu:", static_cast<unsigned long long>(rec.ts));
        }
    } else {
        // libtraceevent prints "[UNKNOWN EVENT]" for each part of a record without a format.
        tep_print_event(tep, s, &tr, "%16s-%-5d [%03d]", TEP_PRINT_COMM, TEP_PRINT_PID, TEP_PRINT_CPU);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"  // one of two fixed formats, chosen by the clock
        tep_print_event(tep, s, &tr, time_format_, TEP_PRINT_TIME);
#pragma GCC diagnostic pop
    }
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
