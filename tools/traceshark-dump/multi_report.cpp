#include "multi_report.hpp"

#include <algorithm>
#include <string>

#include "report_lines.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace traceshark::dump {

using namespace traceshark::tracecmd;

namespace {

std::string base_name(const std::string& path)
{
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// One buffer of one file: report reads each as its own input, the top buffers of all files first, then the
// instances file by file; on equal timestamps the earlier input wins.
struct Input {
    size_t file = 0;
    std::string tag;
    std::unique_ptr<EventReader> reader;
    std::unique_ptr<DamagePrinter> damage;
    std::unique_ptr<ReaderLookahead> lookahead;
    const Record* pending = nullptr;
};

}  // namespace

size_t print_multi_report(std::vector<std::unique_ptr<TraceFile>>& files, const ReportOptions& options, std::FILE* out,
                          std::FILE* err)
{
    size_t width = 0;
    for (const auto& f : files) width = std::max(width, base_name(f->path()).size());
    auto tagged = [&](const std::string& name) { return std::string(width - std::min(width, name.size()), ' ') + name + ": "; };
    std::vector<Input> tops, instances;
    for (size_t i = 0; i < files.size(); ++i) {
        TraceFile& file = *files[i];
        // report prints each file's CPU count as it opens it, when only the instances of earlier files widen
        // the tags.
        std::fprintf(out, "%scpus=%d\n", tagged(base_name(file.path())).c_str(), file.metadata().cpu_count);
        const auto& buffers = file.buffers();
        for (uint32_t b = 0; b < buffers.size(); ++b) {
            if (buffers[b].latency) throw FormatError(buffers[b].section_offset, "latency traces do not work with multiple inputs");
            Input in;
            in.file = i;
            in.tag = buffers[b].name.empty() ? base_name(file.path()) : buffers[b].name;
            in.reader = std::make_unique<EventReader>(file, ReadOptions{{b}, options.cpu});
            in.damage = std::make_unique<DamagePrinter>(file, *in.reader, err, b == 0 ? 0 : file.metadata().damage.size());
            in.lookahead = std::make_unique<ReaderLookahead>(*in.reader);
            (buffers[b].name.empty() ? tops : instances).push_back(std::move(in));
        }
        for (uint32_t b = 0; b < buffers.size(); ++b) width = std::max(width, buffers[b].name.size());
    }
    std::vector<Input> inputs = std::move(tops);
    for (Input& in : instances) inputs.push_back(std::move(in));
    std::vector<std::string> tags;
    for (const Input& in : inputs) tags.push_back(tagged(in.tag));

    std::vector<std::unique_ptr<ReportFormatter>> formatters;
    for (auto& f : files) formatters.push_back(std::make_unique<ReportFormatter>(*f));
    // kvm events name guest functions: the first input is the host, later ones its guests. report's map is
    // global: a guest's own kvm events (nested guests) are looked up in it too.
    GuestSymbols guest_symbols;
    for (size_t i = 1; i < inputs.size(); ++i) {
        TraceFile& file = *files[inputs[i].file];
        guest_symbols.add_input(files[0]->metadata().guests, file.metadata().trace_id, file.formats());
    }
    for (auto& formatter : formatters) formatter->set_guest_symbols(&guest_symbols);
    for (Input& in : inputs) in.pending = in.reader->next();
    std::string line;
    for (;;) {
        Input* next = nullptr;
        for (Input& in : inputs)
            if (in.pending && (!next || in.pending->ts < next->pending->ts)) next = &in;
        if (!next) break;
        ReportFormatter& formatter = *formatters[next->file];
        formatter.set_lookahead(next->lookahead.get());
        formatter.format_line(*next->pending, tags[static_cast<size_t>(next - inputs.data())], line);
        formatter.set_lookahead(nullptr);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
        next->damage->flush();
        next->pending = next->reader->next();
    }
    size_t damage = 0;
    for (Input& in : inputs) damage += in.damage->flush();
    return damage;
}

}  // namespace traceshark::dump
