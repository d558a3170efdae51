// Reads the structure of a trace.dat file (header, metadata, options chain, buffers) into a TraceFile.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byte_reader.hpp"
#include "decompressor.hpp"
#include "traceshark/tracecmd/trace_file.hpp"

namespace traceshark::tracecmd {

class FileParser {
public:
    explicit FileParser(TraceFile& file);
    void parse();

private:
    void parse_v6(detail::ByteReader& r);
    void parse_v7(detail::ByteReader& r);
    void parse_header_info(detail::ByteReader& r);
    void parse_ftrace_formats(detail::ByteReader& r);
    void parse_event_formats(detail::ByteReader& r);
    void add_format(std::string system, std::string_view text, uint64_t offset);
    void parse_options(detail::ByteReader& r, bool sectioned, uint64_t* next_options);
    void handle_option(uint16_t id, detail::ByteReader& body, bool sectioned, uint64_t* next_options);
    void read_time_shift(detail::ByteReader& body, TimeShift& ts);
    void read_v6_cpu_table(detail::ByteReader& r, Buffer& buffer);
    void read_v6_instance(Buffer& buffer);
    detail::ByteReader open_section(uint64_t offset, uint16_t expected_id, std::string_view what, uint16_t* flags = nullptr);
    void walk_sections(uint64_t first);
    void recover_without_options(const FormatError& broken);
    bool recover_cpus(Buffer& b, uint64_t body, uint64_t declared_end);
    void note_clock(std::string clock);
    FormatError beyond_end(uint64_t target, const std::string& what) const;
    void finish();

    TraceFile& tf_;
    Metadata& m_;
    std::unique_ptr<detail::Decompressor> decompressor_;
    std::vector<FormatSource> formats_;
    std::vector<Buffer> instances_;  // in option order
    std::optional<Buffer> top_;
    bool has_trace_clock_option_ = false;
    bool saw_raw_clock_ = false;
    uint64_t section_offsets_[6] = {};  // HEADER_INFO .. CMDLINES
    uint64_t data_start_ = 0;           // v7: offset of the first section
};

}  // namespace traceshark::tracecmd
