// libFuzzer target: a whole PML log through open (header, tables, or the record walk of a damaged log), every
// event decoded with details and stacks, and the CSV row Procmon would export.
#include <cstdint>
#include <sstream>
#include <vector>

#include "traceshark/procmon/csv_writer.hpp"
#include "traceshark/procmon/error.hpp"
#include "traceshark/procmon/pml_file.hpp"

using namespace traceshark::procmon;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        auto file = PmlFile::open_memory(std::vector<uint8_t>(data, data + size));
        std::ostringstream out;
        CsvWriter csv(out, file->tables());
        for (uint32_t i = 0; i < file->event_count() && i < 20000; ++i) {
            try {
                csv.row(file->event(i));
            } catch (const FormatError&) {
            }
        }
    } catch (const FormatError&) {
        // Refusing damaged input is the expected outcome.
    }
    return 0;
}
