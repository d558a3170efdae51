// The event formats stored in a trace.dat file, handed to libtraceevent on demand: a file carries
// thousands of formats but a capture uses a few dozen, so each is parsed the first time its id is seen.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "traceshark/tracecmd/byte_order.hpp"
#include "traceshark/tracecmd/metadata.hpp"

struct tep_handle;
struct tep_event;
struct tep_plugin_list;

namespace traceshark::tracecmd {

// One format text as stored in the file.
struct FormatSource {
    std::string system;  // "ftrace", "sched", ...
    std::string_view name;
    std::string_view text;
    int id = -1;  // from the "ID:" line; -1 when missing
    uint64_t file_offset = 0;
};

// Reads the name and id lines of a format text.
FormatSource describe_format(std::string system, std::string_view text, uint64_t file_offset);

// Where the common fields sit in every record of this kernel (they are not at fixed offsets on all kernels).
struct CommonLayout {
    uint32_t type_offset = 0, type_size = 2;
    uint32_t pid_offset = 4, pid_size = 4;
    bool known = false;
};

class EventFormats {
public:
    EventFormats(const Metadata& meta, std::vector<FormatSource> sources);
    ~EventFormats();
    EventFormats(const EventFormats&) = delete;
    EventFormats& operator=(const EventFormats&) = delete;

    // The libtraceevent handle, with header_page parsed; events are added by find()/parse_all().
    tep_handle* tep() const { return tep_; }
    // Kernel long size as libtraceevent read it from header_page (0 means the pre-2.6.31 format).
    int kernel_long_size() const;

    // Adds a format that is not in the file (e.g. trace-cmd's synthetic blktrace event).
    void add_format(std::string system, std::string text);

    tep_event* find(int id);  // nullptr if the file has no (parsable) format with this id
    tep_event* find(std::string_view system, std::string_view name);
    void parse_all();
    const std::vector<FormatSource>& sources() const { return sources_; }
    // How many formats have been handed to libtraceevent so far.
    size_t parsed_count() const;
    // Formats libtraceevent rejected, with the reason.
    const std::vector<Note>& failures() const { return failures_; }

    // kallsyms, printk formats and saved command lines (needed to print events, not to iterate them).
    void load_symbols();
    // The libtraceevent plugins trace-cmd report loads (function, sched_switch, ...).
    void load_plugins();

    const CommonLayout& common_layout();
    // common_type and common_pid of a record's payload; -1 when the payload is too short.
    int event_id(const uint8_t* data, uint32_t size) { return common_field(data, size, common_layout().type_offset, common_.type_size); }
    int pid(const uint8_t* data, uint32_t size) { return common_field(data, size, common_layout().pid_offset, common_.pid_size); }

private:
    tep_event* parse(size_t index);
    int common_field(const uint8_t* data, uint32_t size, uint32_t offset, uint32_t width) const
    {
        if (!common_.known || offset + width > size) return -1;
        return static_cast<int>(detail::load_sized(data + offset, width, meta_.big_endian));
    }

    const Metadata& meta_;
    tep_handle* tep_ = nullptr;
    tep_plugin_list* plugins_ = nullptr;
    std::vector<FormatSource> sources_;
    std::vector<std::unique_ptr<std::string>> synthetic_;  // texts of add_format()
    std::vector<int32_t> by_id_;        // id -> index into sources_, -1 none
    std::vector<uint8_t> state_;        // per source: 0 unparsed, 1 parsed, 2 failed
    std::vector<Note> failures_;
    CommonLayout common_;
    bool symbols_loaded_ = false;
};

}  // namespace traceshark::tracecmd
