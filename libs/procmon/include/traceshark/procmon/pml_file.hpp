// A Process Monitor log (.PML, version 9): open -> system details and tables -> events, streamed in log order
// or fetched by index. The file is memory-mapped; events are decoded on demand.
//
// A log whose tables are missing or damaged (a capture that was not closed cleanly, a truncated copy) still
// opens: its events are found by walking the records from the start until the bytes stop making sense, and
// each problem is kept in problems() with its file offset.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "traceshark/procmon/event.hpp"
#include "traceshark/procmon/event_decoder.hpp"
#include "traceshark/procmon/layout.hpp"
#include "traceshark/procmon/system_details.hpp"
#include "traceshark/procmon/tables.hpp"

namespace traceshark::common {
class MappedFile;
}

namespace traceshark::procmon {

// A damaged place in the file that the reader worked around.
struct Problem {
    uint64_t offset;
    std::string what;
    std::string text() const;  // "offset 0x1a2b: what"
};

// The raw bytes of the tables, for carrying them along with events (Wireshark's capture metadata).
struct RawTables {
    std::span<const uint8_t> strings, processes, hosts_and_ports;
    uint64_t strings_offset = 0, processes_offset = 0, hosts_and_ports_offset = 0;
};

class PmlFile {
public:
    // Throw FormatError (not a PML file, damaged header), UnsupportedError (version other than 9) or
    // std::system_error (cannot open).
    static std::unique_ptr<PmlFile> open(const std::string& path);
    static std::unique_ptr<PmlFile> open_memory(std::vector<uint8_t> bytes);
    ~PmlFile();
    PmlFile(const PmlFile&) = delete;
    PmlFile& operator=(const PmlFile&) = delete;

    const SystemDetails& system() const { return system_; }
    const Tables& tables() const { return tables_; }
    RawTables raw_tables() const;
    // False when the tables could not be read (see problems()): processes are then unknown.
    bool tables_complete() const { return tables_ok_; }
    const std::vector<Problem>& problems() const { return problems_; }
    uint64_t file_size() const;

    // Events the header announces (or, for a damaged log, that were found).
    uint32_t event_count() const { return static_cast<uint32_t>(offsets_.size()); }
    uint64_t event_offset(uint32_t index) const { return offsets_.at(index); }
    RecordBytes record(uint32_t index) const;
    Event event(uint32_t index, const DecodeOptions& options = {}) const;
    // Lets the kernel drop mapped pages of events before `index` (they are re-read if needed).
    void release_before(uint32_t index) const;

private:
    PmlFile() = default;
    void parse();
    void parse_header();
    void parse_tables_and_offsets();
    void walk_events();
    uint64_t table_end(uint64_t start) const;

    std::unique_ptr<common::MappedFile> file_;
    SystemDetails system_;
    Tables tables_;
    bool tables_ok_ = false;
    std::vector<uint64_t> offsets_;
    std::vector<Problem> problems_;
    uint32_t announced_events_ = 0;
    uint64_t events_offset_ = 0, offsets_offset_ = 0, processes_offset_ = 0, strings_offset_ = 0, icons_offset_ = 0,
             hosts_offset_ = 0;
};

}  // namespace traceshark::procmon
