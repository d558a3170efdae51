// The decoder for the instrumentation manifests the user supplies.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "traceshark/etl/manifest_decoder.hpp"

namespace traceshark::etl {

ManifestDecoder::ManifestDecoder(const std::vector<std::string>& paths, ValueFormatter formatter)
    : formatter_(std::move(formatter))
{
    namespace fs = std::filesystem;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            set_.add(manifest::load_manifest_file(path));  // named directly: its errors are the user's to see
            continue;
        }
        std::vector<std::string> files;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            if (it.depth() > 8) {
                it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file(ec)) continue;
            std::string ext = it->path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
            if (ext == ".man" || ext == ".xml") files.push_back(it->path().string());
            if (files.size() > 100000) break;
        }
        if (ec) load_errors_.push_back(path + ": " + ec.message());
        std::sort(files.begin(), files.end());
        for (const std::string& f : files) {
            try {
                set_.add(manifest::load_manifest_file(f));
            } catch (const manifest::ManifestError& e) {
                load_errors_.push_back(e.what());
            }
        }
    }
}

ManifestDecoder::ManifestDecoder(std::vector<manifest::Manifest> manifests, ValueFormatter formatter)
    : formatter_(std::move(formatter))
{
    for (manifest::Manifest& m : manifests) set_.add(std::move(m));
}

bool ManifestDecoder::decode(const EventRecord& rec, DecodedEvent& out)
{
    if (!rec.is_event_header() || rec.find(ExtendedType::EventSchemaTl)) return false;
    return set_.decode(rec, out, formatter_);
}

std::unique_ptr<PayloadDecoder> make_manifest_decoder(const std::vector<std::string>& paths, ValueFormatter formatter)
{
    return std::make_unique<ManifestDecoder>(paths, std::move(formatter));
}

}  // namespace traceshark::etl
