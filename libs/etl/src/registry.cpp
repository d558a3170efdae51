#include "traceshark/etl/registry.hpp"

#include "traceshark/etl/captured_packet.hpp"

#include <cstdio>

#include "header_event.hpp"
#include "traceshark/etl/kernel_decoder.hpp"
#include "traceshark/etl/kernel_trace_control.hpp"
#include "traceshark/etl/tracelogging_decoder.hpp"
#include "traceshark/etl/layout.hpp"
#include "traceshark/etl/manifest_decoder.hpp"
#include "traceshark/etl/metadata.hpp"

namespace traceshark::etl {
namespace {

class EventTraceHeaderDecoder : public PayloadDecoder {
public:
    bool decode(const EventRecord& rec, DecodedEvent& out) override
    {
        if (!rec.is_kernel() || rec.hook_id != layout::kHookEventTraceHeader) return false;
        if (rec.header_type != HeaderType::System32 && rec.header_type != HeaderType::System64) return false;
        out.provider = "Windows Kernel";
        out.task = "EventTrace";
        out.opcode.clear();
        FileMetadata m;
        std::string problem;
        if (!detail::parse_logfile_header(rec, m, problem)) {
            out.problem = problem;
            return true;
        }
        auto add = [&](const char* name, Value v) { out.fields.push_back({name, std::move(v)}); };
        const uint64_t version = uint64_t{m.version[0]} | uint64_t{m.version[1]} << 8 | uint64_t{m.version[2]} << 16 |
                                 uint64_t{m.version[3]} << 24;
        add("BufferSize", Value::make_uint(m.buffer_size, 4));
        add("Version", Value::make_uint(version, 4));
        add("ProviderVersion", Value::make_uint(m.os_build, 4));
        add("NumberOfProcessors", Value::make_uint(m.cpus, 4));
        add("EndTime", Value::make_uint(m.end_time, 8, ValueKind::FileTime));
        add("TimerResolution", Value::make_uint(m.timer_resolution, 4));
        add("MaxFileSize", Value::make_uint(m.maximum_file_size, 4));
        add("LogFileMode", Value::make_uint(m.log_file_mode, 4, ValueKind::HexInt));
        add("BuffersWritten", Value::make_uint(m.buffers_written, 4));
        add("StartBuffers", Value::make_uint(m.start_buffers, 4));
        add("PointerSize", Value::make_uint(m.pointer_size, 4));
        add("EventsLost", Value::make_uint(m.events_lost, 4));
        add("CPUSpeed", Value::make_uint(m.cpu_mhz, 4));
        add("BootTime", Value::make_uint(m.boot_time, 8, ValueKind::FileTime));
        add("PerfFreq", Value::make_uint(m.perf_freq, 8));
        add("StartTime", Value::make_uint(m.start_time, 8, ValueKind::FileTime));
        add("ReservedFlags", Value::make_uint(static_cast<uint32_t>(m.clock_type), 4));
        add("BuffersLost", Value::make_uint(m.buffers_lost, 4));
        add("SessionName", Value::make_string(m.logger_name));
        add("LogFileName", Value::make_string(m.log_file_name));
        add("UtcOffsetMinutes", Value::make_int(m.time_zone.bias, 4));
        out.decoded = true;
        return true;
    }
};

}  // namespace

DecodedEvent DecoderSet::undecoded(const EventRecord& rec)
{
    DecodedEvent e;
    e.provider = rec.provider.to_string();
    char buf[48];
    if (rec.is_kernel()) {
        std::snprintf(buf, sizeof buf, "Hook(0x%04x)", rec.hook_id);
        e.task = buf;
    } else if (rec.is_event_header() || rec.header_type == HeaderType::Message) {
        std::snprintf(buf, sizeof buf, "EventID(%u)", rec.descriptor.id);
        e.task = buf;
    } else {
        std::snprintf(buf, sizeof buf, "Opcode(%u)", rec.descriptor.opcode);
        e.task = buf;
    }
    return e;
}

DecodedEvent DecoderSet::decode(const EventRecord& record)
{
    DecodedEvent out;
    for (const auto& d : decoders_)
        if (d->decode(record, out)) return out;
    return undecoded(record);
}

std::unique_ptr<PayloadDecoder> make_eventtrace_header_decoder() { return std::make_unique<EventTraceHeaderDecoder>(); }

std::unique_ptr<DecoderSet> make_default_decoders(const DecoderOptions& options)
{
    auto set = std::make_unique<DecoderSet>();
    set->add(make_eventtrace_header_decoder());
    // ---- DECODERS: the other #10 decoders are added here, in the order they are tried ----
    // (kernel MOF classes, TraceLogging, EventSource manifests in the trace, instrumentation manifests from
    //  options.manifest_paths). Keep the EventTrace header decoder first.
    set->add(make_kernel_decoder());        // SystemTraceProvider MOF classes (kernel_decoder.hpp)
    set->add(make_tracelogging_decoder());  // TraceLogging and STRING_ONLY (tracelogging_decoder.hpp)
    // Manifest message templates are rendered with the values' own text.
    const ValueFormatter text = [](const Value& v) { return v.to_string(); };
    set->add(make_eventsource_decoder(text));  // EventSource manifests that travel in the trace
    if (!options.manifest_paths.empty()) set->add(make_manifest_decoder(options.manifest_paths, text));
    // KernelTraceControl's events, and the schemas its MetaData events carry for providers none of the above
    // knows (kernel_trace_control.hpp).
    set->add(make_image_id_decoder());
    set->add(make_trace_metadata_decoder());
    // Last: the packet providers' events by their fixed layouts, for traces that carry no schema of them and are
    // read without their manifests.
    set->add(make_packet_capture_decoder());
    // ---- end of DECODERS ----
    return set;
}

}  // namespace traceshark::etl
