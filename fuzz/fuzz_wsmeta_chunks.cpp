// libFuzzer target: metadata-only interface blocks (name + description) through the chunk-name parser and the
// assembler, which base64-decodes and inflates what it collects. Input: "name\tdescription\n" lines.
#include <cstdint>
#include <string_view>

#include "traceshark/wsmeta/machine_info.hpp"

namespace wm = traceshark::wsmeta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view in(reinterpret_cast<const char*>(data), size);
    wm::MetaAssembler assembler;
    while (!in.empty()) {
        const size_t nl = in.find('\n');
        const std::string_view line = in.substr(0, nl);
        in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
        const size_t tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        assembler.add(line.substr(0, tab), line.substr(tab + 1));
    }
    for (uint64_t key : assembler.keys()) {
        for (std::string_view kind : {wm::kKindFormats, wm::kKindKallsyms, wm::kKindPrintk, wm::kKindCmdlines,
                                      wm::kKindPmlTables}) {
            std::string why;
            (void)assembler.blob(key, kind, &why);
        }
    }
    return 0;
}
