// traceshark-dump for Procmon logs: Procmon's CSV export, or a summary (system details, processes, counts).
#pragma once

#include <cstdio>
#include <ostream>

#include "traceshark/procmon/pml_file.hpp"

namespace traceshark::dump {

// Each returns the number of damaged places reported on `err` (the events before them are printed).
size_t print_pml_csv(const procmon::PmlFile& file, std::ostream& out, std::FILE* err);
size_t print_pml_summary(const procmon::PmlFile& file, std::FILE* out, std::FILE* err);
// The process tree libs/tracking builds from the log's events (as `--processes` does for trace.dat).
size_t print_pml_process_tree(const procmon::PmlFile& file, std::FILE* out, std::FILE* err);

}  // namespace traceshark::dump
