#include "event_renderer.hpp"

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include <dlfcn.h>

#include <stdexcept>

#include "traceshark/tracecmd/byte_order.hpp"

namespace traceshark::epan {

namespace {

// libtraceevent's own plugins (sched_switch, function, ...) do not link libtraceevent: they expect its symbols
// in the global scope, as in trace-cmd. Wireshark opens its plugins with G_MODULE_BIND_LOCAL, so the
// libtraceevent this plugin pulled in is local and every libtraceevent plugin would fail to load (silently).
// Re-opening the already loaded library with RTLD_GLOBAL promotes it to the global scope.
void make_libtraceevent_global()
{
    static const bool done = [] {
        Dl_info info{};
        if (!dladdr(reinterpret_cast<void*>(&tep_alloc), &info) || !info.dli_fname) return false;
        return dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD) != nullptr;  // never closed: stays loaded
    }();
    (void)done;
}

}  // namespace

EventRenderer::EventRenderer(MachineMetadata meta) : meta_(std::move(meta)), seq_(std::make_unique<trace_seq>())
{
    auto parts = wsmeta::decode_parts(meta_.formats);
    if (!parts) throw std::runtime_error("the formats metadata is malformed");
    parts_ = std::move(*parts);
    std::vector<tracecmd::FormatSource> sources;
    bool have_params = false, have_header = false;
    for (const auto& p : parts_) {
        if (p.name == "params") {
            params_ = wsmeta::FormatParams::decode(p.data);
            have_params = true;
        } else if (p.name == "header_page") {
            tc_meta_.header_page = p.data;
            have_header = true;
        } else if (p.name == "header_event") {
            tc_meta_.header_event = p.data;
        } else {
            sources.push_back(tracecmd::describe_format(p.name, p.data, 0));
        }
    }
    if (!have_params || !have_header) throw std::runtime_error("the formats metadata lacks params or header_page");
    tc_meta_.big_endian = params_.big_endian;
    tc_meta_.user_long_size = params_.user_long_size;
    tc_meta_.kernel_long_size = params_.kernel_long_size;
    tc_meta_.page_size = params_.page_size;
    tc_meta_.cpu_count = params_.cpus;
    tc_meta_.clock_in_ns = params_.clock_in_ns;
    tc_meta_.file_version = params_.file_version;
    tc_meta_.kallsyms = meta_.kallsyms;
    tc_meta_.printk_formats = meta_.printk;
    tc_meta_.saved_cmdlines = meta_.cmdlines;
    formats_ = std::make_unique<tracecmd::EventFormats>(tc_meta_, std::move(sources));
    make_libtraceevent_global();
    formats_->load_plugins();
    formats_->load_symbols();
    trace_seq_init(seq_.get());
}

EventRenderer::~EventRenderer() { trace_seq_destroy(seq_.get()); }

EventText EventRenderer::render(std::span<const uint8_t> data, int cpu, uint64_t ts)
{
    EventText t;
    const tracecmd::CommonLayout& c = formats_->common_layout();
    if (!c.known) return t;
    if (c.type_offset + c.type_size <= data.size())
        t.id = static_cast<int>(tracecmd::detail::load_sized(data.data() + c.type_offset, c.type_size, params_.big_endian));
    if (c.pid_offset + c.pid_size <= data.size())
        t.pid = static_cast<int>(tracecmd::detail::load_sized(data.data() + c.pid_offset, c.pid_size, params_.big_endian));
    tep_handle* tep = formats_->tep();
    if (t.pid >= 0) t.comm = tep_data_comm_from_pid(tep, t.pid);
    tep_event* ev = formats_->find(t.id);
    if (!ev) return t;
    t.known = true;
    t.system = ev->system ? ev->system : "";
    t.name = ev->name ? ev->name : "";

    tep_record rec{};
    rec.ts = ts;
    rec.cpu = cpu;
    rec.size = static_cast<int>(data.size());
    rec.record_size = static_cast<int>(data.size());
    rec.data = const_cast<uint8_t*>(data.data());
    trace_seq* s = seq_.get();
    trace_seq_reset(s);
    tep_print_event(tep, s, &rec, "%s", TEP_PRINT_INFO);
    unsigned len = s->len;
    if (len && s->buffer[len - 1] == '\n') --len;
    t.info.assign(s->buffer, len);
    return t;
}

}  // namespace traceshark::epan
