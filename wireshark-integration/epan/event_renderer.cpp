#include "event_renderer.hpp"

#include <traceevent/event-parse.h>

#include <stdexcept>

#include "traceshark/tracecmd/byte_order.hpp"

namespace traceshark::epan {

EventRenderer::EventRenderer(MachineMetadata meta) : meta_(std::move(meta))
{
    std::string error;
    auto decoded = wsmeta::decode_formats(meta_.formats, &error);
    if (!decoded) throw std::runtime_error(error);
    decoded_ = std::move(*decoded);  // tc_meta_ and the format sources point into it
    params_ = decoded_.params;
    tc_meta_.header_page = decoded_.header_page;
    tc_meta_.header_event = decoded_.header_event;
    std::vector<tracecmd::FormatSource> sources;
    for (const wsmeta::Part& p : decoded_.events) sources.push_back(tracecmd::describe_format(p.name, p.data, 0));
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
    tracecmd::ReportSettings settings;
    settings.clock_in_ns = params_.clock_in_ns;
    settings.layout = tracecmd::PageLayout{params_.big_endian, params_.kernel_long_size};
    formatter_ = std::make_unique<tracecmd::ReportFormatter>(*formats_, std::move(settings));
}

EventRenderer::~EventRenderer() = default;

namespace {

// The one record a dissector can look at beyond the current one.
class AttachedNext final : public tracecmd::Lookahead {
public:
    explicit AttachedNext(std::span<const uint8_t> next)
    {
        rec_.data = next.data();
        rec_.size = static_cast<uint32_t>(next.size());
    }
    const tracecmd::Record* peek() override { return rec_.data ? &rec_ : nullptr; }
    void consume() override {}  // the next record is still a frame of its own

private:
    tracecmd::Record rec_;
};

}  // namespace

EventText EventRenderer::render(std::span<const uint8_t> data, int cpu, uint64_t ts, std::span<const uint8_t> next)
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

    tracecmd::Record rec;
    rec.ts = ts;
    rec.cpu = cpu;
    rec.data = data.data();
    rec.size = static_cast<uint32_t>(data.size());
    AttachedNext lookahead(next);
    formatter_->set_lookahead(next.empty() ? nullptr : &lookahead);
    formatter_->format_info(rec, t.info);
    formatter_->set_lookahead(nullptr);
    return t;
}

}  // namespace traceshark::epan
