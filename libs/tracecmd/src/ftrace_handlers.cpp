#include "ftrace_handlers.hpp"

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include <cstring>
#include <string>
#include <vector>

namespace traceshark::tracecmd {
namespace {

constexpr int kGraphIndent = 2;

int function_handler(trace_seq* s, tep_record* record, tep_event* event, void*)
{
    unsigned long long addr;
    if (tep_get_field_val(s, event, "ip", record, &addr, 1)) return trace_seq_putc(s, '!');
    if (const char* f = tep_find_function(event->tep, addr)) trace_seq_printf(s, "%s <-- ", f);
    else trace_seq_printf(s, "0x%llx", addr);
    if (tep_get_field_val(s, event, "parent_ip", record, &addr, 1)) return trace_seq_putc(s, '!');
    if (const char* f = tep_find_function(event->tep, addr)) trace_seq_printf(s, "%s", f);
    else trace_seq_printf(s, "0x%llx", addr);
    return 0;
}

// Marks slow calls the way the kernel's function_graph tracer does.
void print_overhead(trace_seq* s, unsigned long long duration)
{
    if (duration == ~0ull) trace_seq_puts(s, "  ");
    else if (duration > 1000000000ull) trace_seq_puts(s, "$ ");
    else if (duration > 1000000ull) trace_seq_puts(s, "# ");
    else if (duration > 100000ull) trace_seq_puts(s, "! ");
    else if (duration > 10000ull) trace_seq_puts(s, "+ ");
    else trace_seq_puts(s, "  ");
}

// "<usecs>.<nsecs> us " padded to a 7-character number column, then "|  ". The nanoseconds are dropped
// once the microseconds alone fill the column.
void print_duration(trace_seq* s, unsigned long long duration)
{
    char text[32];
    int len = std::snprintf(text, sizeof text, "%llu", duration / 1000);
    if (len < 7) len += std::snprintf(text + len, sizeof text - static_cast<size_t>(len), ".%03llu", duration % 1000);
    trace_seq_puts(s, text);
    trace_seq_puts(s, " us ");
    for (int i = len; i < 7; ++i) trace_seq_putc(s, ' ');
    trace_seq_puts(s, "|  ");
}

void indent(trace_seq* s, unsigned long long depth)
{
    for (unsigned long long i = 0; i < depth * kGraphIndent; ++i) trace_seq_putc(s, ' ');
}

tep_event* ret_event(FtraceHandlers* h, tep_handle* tep)
{
    if (!h->ret_event && h->formats) h->ret_event = h->formats->find("ftrace", "funcgraph_exit");
    if (!h->ret_event) h->ret_event = tep_find_event_by_name(tep, "ftrace", "funcgraph_exit");
    return h->ret_event;
}

// The exit record that closes `func` for `pid` right away, if the next record is one.
const Record* leaf_return(trace_seq* s, FtraceHandlers* h, tep_event* ret, int pid, unsigned long long func)
{
    if (!h->lookahead) return nullptr;
    const Record* next = h->lookahead->peek();
    if (!next) return nullptr;
    tep_record nr{};
    nr.data = const_cast<uint8_t*>(next->data);
    nr.size = static_cast<int>(next->size);
    unsigned long long type, npid, nfunc;
    if (tep_get_common_field_val(s, ret, "common_type", &nr, &type, 1) || type != static_cast<unsigned>(ret->id)) return nullptr;
    if (tep_get_common_field_val(s, ret, "common_pid", &nr, &npid, 1) || npid != static_cast<unsigned long long>(pid)) return nullptr;
    if (tep_get_field_val(s, ret, "func", &nr, &nfunc, 1) || nfunc != func) return nullptr;
    return next;
}

int fgraph_entry_handler(trace_seq* s, tep_record* record, tep_event* event, void* context)
{
    auto* h = static_cast<FtraceHandlers*>(context);
    tep_event* ret = ret_event(h, event->tep);
    if (!ret) return -1;
    unsigned long long pid, func, depth;
    if (tep_get_common_field_val(s, event, "common_pid", record, &pid, 1)) return trace_seq_putc(s, '!');
    if (tep_get_field_val(s, event, "func", record, &func, 1)) return trace_seq_putc(s, '!');
    // Peeking may move the reader's page buffers: work on a copy of this record.
    std::vector<uint8_t> copy(static_cast<const uint8_t*>(record->data), static_cast<const uint8_t*>(record->data) + record->size);
    tep_record own = *record;
    own.data = copy.data();
    if (const Record* exit = leaf_return(s, h, ret, static_cast<int>(pid), func)) {
        tep_record er{};
        er.data = const_cast<uint8_t*>(exit->data);
        er.size = static_cast<int>(exit->size);
        unsigned long long rettime, calltime;
        if (tep_get_field_val(s, ret, "rettime", &er, &rettime, 1)) return trace_seq_putc(s, '!');
        if (tep_get_field_val(s, ret, "calltime", &er, &calltime, 1)) return trace_seq_putc(s, '!');
        h->lookahead->consume();
        print_overhead(s, rettime - calltime);
        print_duration(s, rettime - calltime);
        if (tep_get_field_val(s, event, "depth", &own, &depth, 1)) return trace_seq_putc(s, '!');
        indent(s, depth);
        if (const char* f = tep_find_function(event->tep, func)) trace_seq_printf(s, "%s();", f);
        else trace_seq_printf(s, "%llx();", func);
        return 0;
    }
    print_overhead(s, ~0ull);
    trace_seq_puts(s, "           |  ");
    if (tep_get_field_val(s, event, "depth", &own, &depth, 1)) return trace_seq_putc(s, '!');
    indent(s, depth);
    if (const char* f = tep_find_function(event->tep, func)) trace_seq_printf(s, "%s() {", f);
    else trace_seq_printf(s, "%llx() {", func);
    return 0;
}

int fgraph_exit_handler(trace_seq* s, tep_record* record, tep_event* event, void* context)
{
    auto* h = static_cast<FtraceHandlers*>(context);
    if (!ret_event(h, event->tep)) return -1;
    unsigned long long rettime, calltime, depth;
    if (tep_get_field_val(s, event, "rettime", record, &rettime, 1)) return trace_seq_putc(s, '!');
    if (tep_get_field_val(s, event, "calltime", record, &calltime, 1)) return trace_seq_putc(s, '!');
    print_overhead(s, rettime - calltime);
    print_duration(s, rettime - calltime);
    if (tep_get_field_val(s, event, "depth", record, &depth, 1)) return trace_seq_putc(s, '!');
    indent(s, depth);
    trace_seq_putc(s, '}');
    return 0;
}

}  // namespace

void FtraceHandlers::register_with(tep_handle* tep)
{
    tep_register_event_handler(tep, -1, "ftrace", "function", function_handler, nullptr);
    tep_register_event_handler(tep, -1, "ftrace", "funcgraph_entry", fgraph_entry_handler, this);
    tep_register_event_handler(tep, -1, "ftrace", "funcgraph_exit", fgraph_exit_handler, this);
}

}  // namespace traceshark::tracecmd
