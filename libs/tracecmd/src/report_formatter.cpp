#include "traceshark/tracecmd/report_formatter.hpp"

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include <cstdio>
#include <cstring>

#include "compiled_print.hpp"
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

}  // namespace

// libtraceevent's function plugin prints func_repeats timestamps with the format the host program exports
// under this name (trace-cmd defines it); programs using ReportFormatter must export their symbols.
extern "C" {
__attribute__((visibility("default"))) const char* tep_func_repeat_format = "%6.1000d";
}

namespace {
// The guest symbols of the formatter rendering an event on this thread (libtraceevent's handlers run inside
// ReportFormatter::append_info), null when it has none.
thread_local const GuestSymbols* rendering_guest_symbols = nullptr;

class RenderingWith {
public:
    explicit RenderingWith(const GuestSymbols* symbols) : saved_(rendering_guest_symbols) { rendering_guest_symbols = symbols; }
    ~RenderingWith() { rendering_guest_symbols = saved_; }
    RenderingWith(const RenderingWith&) = delete;
    RenderingWith& operator=(const RenderingWith&) = delete;

private:
    const GuestSymbols* saved_;
};
}  // namespace

// libtraceevent's kvm plugin asks the program for the guest function of a host kvm event's rip (a weak
// function in the plugin, which trace-cmd defines; see guest_symbols.hpp); `val` becomes the function's start.
extern "C" __attribute__((visibility("default"))) const char* tep_plugin_kvm_get_func(tep_event* event, tep_record* record,
                                                                                    unsigned long long* val)
{
    const GuestSymbols* symbols = rendering_guest_symbols;
    if (!symbols || symbols->empty() || !event || !record || !val) return nullptr;
    unsigned long long start = *val;
    const char* func = symbols->find(tep_data_pid(event->tep, record), *val, start);
    if (func) *val = start;
    return func;
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

void ReportFormatter::set_guest_symbols(const GuestSymbols* symbols) { guest_symbols_ = symbols; }

bool ReportFormatter::uses_compiled_format(int id) const
{
    return id >= 0 && static_cast<size_t>(id) < print_.size() && print_[static_cast<size_t>(id)] == Print::Compiled;
}

// What tep_print_event(..., "%s", TEP_PRINT_INFO) prints: the event's handler if it has one, then (unless the
// handler says it printed everything) its print format, compiled after libtraceevent printed its first record.
void ReportFormatter::append_info(tep_event* event, const Record& rec, std::string& out)
{
    const int id = event ? event->id : -1;
    Print state = Print::Reference;
    if (event && compiled_on_ && id >= 0) {
        if (static_cast<size_t>(id) >= print_.size()) {
            print_.resize(static_cast<size_t>(id) + 1, Print::Untried);
            compiled_.resize(static_cast<size_t>(id) + 1);
        }
        state = print_[static_cast<size_t>(id)];
    }
    tep_record tr = to_tep(rec);
    trace_seq* s = seq_.get();
    const RenderingWith rendering(guest_symbols_);
    if (state == Print::Compiled) {
        text_.clear();
        if (compiled_[static_cast<size_t>(id)]->render(rec.data, rec.size, text_)) {
            bool pretty = true;
            if (event->handler && !(event->flags & TEP_EVENT_FL_NOHANDLE)) {
                trace_seq_reset(s);
                pretty = event->handler(s, &tr, event, event->context) != 0;
                out.append(s->buffer, s->len);
                if (!pretty) {  // a handler that prints the whole text: the compiled format is of no use
                    print_[static_cast<size_t>(id)] = Print::Reference;
                    compiled_[static_cast<size_t>(id)].reset();
                }
            }
            if (pretty) out += text_;
            return;
        }
    }
    trace_seq_reset(s);
    tep_print_event(formats_.tep(), s, &tr, "%s", TEP_PRINT_INFO);
    out.append(s->buffer, s->len);
    if (state == Print::Untried) {
        compiled_[static_cast<size_t>(id)] = detail::CompiledPrint::compile(event);
        print_[static_cast<size_t>(id)] = compiled_[static_cast<size_t>(id)] ? Print::Compiled : Print::Reference;
    }
}

namespace {

void append_padded(std::string& out, const char* text, size_t width, bool left)
{
    const size_t len = std::strlen(text);
    if (!left && len < width) out.append(width - len, ' ');
    out.append(text, len);
    if (left && len < width) out.append(width - len, ' ');
}

// printf's "%<width>llu" / "%0<width>llu", written at `p` (room for 20 digits plus the padding); returns the end.
char* put_unsigned(char* p, unsigned long long v, size_t width, char fill)
{
    char buf[24];
    size_t i = sizeof buf;
    do {
        buf[--i] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v);
    const size_t len = sizeof buf - i;
    for (size_t k = len; k < width; ++k) *p++ = fill;
    std::memcpy(p, buf + i, len);
    return p + len;
}

// printf's "%<width>d" (or "%-<width>d", "%0<width>d"), the same way.
char* put_int(char* p, int v, size_t width, char fill, bool left)
{
    char buf[16];
    size_t i = sizeof buf;
    const bool negative = v < 0;
    auto u = negative ? 0u - static_cast<unsigned>(v) : static_cast<unsigned>(v);
    do {
        buf[--i] = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u);
    const size_t len = sizeof buf - i + (negative ? 1 : 0);
    const size_t pad = len < width ? width - len : 0;
    if (!left && fill == ' ')
        for (size_t k = 0; k < pad; ++k) *p++ = ' ';
    if (negative) *p++ = '-';
    if (!left && fill == '0')
        for (size_t k = 0; k < pad; ++k) *p++ = '0';
    std::memcpy(p, buf + i, sizeof buf - i);
    p += sizeof buf - i;
    if (left)
        for (size_t k = 0; k < pad; ++k) *p++ = ' ';
    return p;
}

}  // namespace

void ReportFormatter::format_line(const Record& rec, const std::string& buffer_prefix, std::string& out)
{
    out.clear();
    append_line(rec, buffer_prefix, out);
}

void ReportFormatter::append_line(const Record& rec, const std::string& buffer_prefix, std::string& out)
{
    const size_t start = out.size();
    tep_handle* tep = formats_.tep();
    tep_event* event = formats_.find(formats_.event_id(rec.data, rec.size));
    out += buffer_prefix;
    // libtraceevent's kbuffer only reports lost events for a record at the very start of its page (a page
    // that begins with a time extend loses the notice); report shows what kbuffer says.
    const uint32_t page_size = rec.buffer < settings_.page_sizes.size() ? settings_.page_sizes[rec.buffer] : 0;
    const bool at_page_start = !page_size || rec.ref.position() % page_size == settings_.layout.data_offset();
    if (at_page_start && rec.missed_events != 0) {
        out += "CPU:";
        out += std::to_string(rec.cpu);
        if (rec.missed_events > 0) {
            out += " [";
            out += std::to_string(static_cast<long long>(rec.missed_events));
            out += " EVENTS DROPPED]\n";
        } else {
            out += " [EVENTS DROPPED]\n";
        }
    }
    if (event) {
        // The same text as tep_print_event(tep, s, rec, "%16s-%-5d [%03d]" / " %6.1000d:" / "%12d:", COMM, PID,
        // CPU, TIME), without libtraceevent parsing those formats again for every line.
        const int pid = formats_.pid(rec.data, rec.size);
        append_padded(out, tep_data_comm_from_pid(tep, pid), 16, false);
        char buf[128];  // "-<pid> [<cpu>] <secs>.<usecs>:" at most ~80 characters
        char* p = buf;
        *p++ = '-';
        p = put_int(p, pid, 5, ' ', true);
        *p++ = ' ';
        *p++ = '[';
        p = put_int(p, rec.cpu, 3, '0', false);
        *p++ = ']';
        if (settings_.clock_in_ns) {
            const unsigned long long usecs = (rec.ts + 500) / 1000;
            *p++ = ' ';
            p = put_unsigned(p, usecs / 1000000, 5, ' ');
            *p++ = '.';
            p = put_unsigned(p, usecs % 1000000, 6, '0');
        } else {
            p = put_unsigned(p, static_cast<unsigned long long>(rec.ts), 12, ' ');
        }
        *p++ = ':';
        out.append(buf, static_cast<size_t>(p - buf));
    } else {
        // libtraceevent prints "[UNKNOWN EVENT]" for each part of a record without a format.
        trace_seq* s = seq_.get();
        trace_seq_reset(s);
        tep_record tr = to_tep(rec);
        tep_print_event(tep, s, &tr, "%16s-%-5d [%03d]", TEP_PRINT_COMM, TEP_PRINT_PID, TEP_PRINT_CPU);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"  // one of two fixed formats, chosen by the clock
        tep_print_event(tep, s, &tr, time_format_, TEP_PRINT_TIME);
#pragma GCC diagnostic pop
        out.append(s->buffer, s->len);
    }
    // " <name>: " padded to 20 characters of name
    const char* name = event ? event->name : "(NULL)";
    const size_t name_len = std::strlen(name);
    out += ' ';
    out.append(name, name_len);
    out += ": ";
    if (name_len < 20) out.append(20 - name_len, ' ');
    append_info(event, rec, out);
    if (out.size() > start && out.back() == '\n') out.pop_back();
}

void ReportFormatter::format_info(const Record& rec, std::string& out)
{
    out.clear();
    append_info(formats_.find(formats_.event_id(rec.data, rec.size)), rec, out);
    if (!out.empty() && out.back() == '\n') out.pop_back();
}

}  // namespace traceshark::tracecmd
