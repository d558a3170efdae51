#include "etw_capture.hpp"

#include <cstdio>
#include <exception>

namespace traceshark::epan {

namespace {

const etl::Field* field(const etl::DecodedEvent& e, std::string_view name)
{
    for (const etl::Field& f : e.fields)
        if (f.name == name) return &f;
    return nullptr;
}

std::optional<uint64_t> number(const etl::Field* f)
{
    if (!f) return std::nullopt;
    if (const auto* u = std::get_if<uint64_t>(&f->value.scalar)) return *u;
    if (const auto* i = std::get_if<int64_t>(&f->value.scalar)) return static_cast<uint64_t>(*i);
    return std::nullopt;
}

}  // namespace

etl::DecoderSet& EtwCapture::decoders(const std::vector<std::string>& manifests, std::string* error)
{
    if (!decoders_) {
        etl::DecoderOptions options;
        options.manifest_paths = manifests;
        try {
            decoders_ = etl::make_default_decoders(options);
        } catch (const std::exception& ex) {
            decoder_error_ = std::string("traceshark.etw_manifests: ") + ex.what();
            decoders_ = etl::make_default_decoders();
        }
    }
    if (error) *error = decoder_error_;
    return *decoders_;
}

void EtwCapture::note_image(uint64_t key, const etl::DecodedEvent& e)
{
    if (e.provider != "Windows Kernel" || e.task != "Image") return;
    if (e.opcode != "Load" && e.opcode != "DCStart" && e.opcode != "DCEnd") return;
    const auto base = number(field(e, "ImageBase"));
    const auto size = number(field(e, "ImageSize"));
    auto pid = number(field(e, "ProcessID"));
    if (!pid) pid = number(field(e, "ProcessId"));
    const etl::Field* file = field(e, "FileName");
    if (!base || !size || !pid || !file) return;
    std::string name = file->value.to_string();
    const size_t slash = name.find_last_of("\\/");
    if (slash != std::string::npos) name.erase(0, slash + 1);
    images_[{key, static_cast<uint32_t>(*pid)}][*base] = Image{*size, std::move(name)};
}

std::optional<std::string> EtwCapture::location(uint64_t key, uint32_t pid, uint64_t address) const
{
    for (uint32_t p : {pid, 0u, 4u}) {
        auto it = images_.find({key, p});
        if (it == images_.end()) continue;
        auto img = it->second.upper_bound(address);
        if (img == it->second.begin()) continue;
        --img;
        if (address - img->first < img->second.size) {
            char off[24];
            std::snprintf(off, sizeof off, "+0x%llx", static_cast<unsigned long long>(address - img->first));
            return img->second.name + off;
        }
    }
    return std::nullopt;
}

std::vector<std::string> split_manifest_paths(const std::string& text)
{
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        const size_t b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
        cur.clear();
    };
    for (char c : text) {
        if (c == ';' || c == ',') flush();
        else cur += c;
    }
    flush();
    return out;
}

}  // namespace traceshark::epan
