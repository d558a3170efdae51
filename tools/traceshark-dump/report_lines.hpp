// Pieces of `trace-cmd report` output shared by the one-thread and the multi-thread printers.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"

namespace traceshark::dump {

// The tag report puts before each line when a file has instances: names right-aligned to the longest one,
// then ": "; the top buffer gets blanks of the same width. Empty strings for a file without instances.
std::vector<std::string> buffer_prefixes(const std::vector<tracecmd::Buffer>& buffers);

// Prints "cpus=N"; for a latency-format file also its text. Returns true when nothing else is to be printed.
bool print_report_header(tracecmd::TraceFile& file, std::FILE* out);

// Writes why a guest file's times are (partly) left on the guest clock ("FILE: offset 0x..: problem"): bad
// TIME_SHIFT data. report itself says nothing (or crashes); the lines are still printed.
void print_clock_sync_problems(const tracecmd::TraceFile& file, std::FILE* err);

// Lets function-graph rendering peek at the reader's next record.
class ReaderLookahead final : public tracecmd::Lookahead {
public:
    explicit ReaderLookahead(tracecmd::EventReader& r) : reader_(r) {}
    const tracecmd::Record* peek() override { return reader_.peek(); }
    void consume() override { reader_.consume_peeked(); }

private:
    tracecmd::EventReader& reader_;
};

// Writes the reader's damage reports ("FILE: offset 0x..: problem") as they appear.
class DamagePrinter {
public:
    // `skip`: how many of the reader's first reports another printer already wrote (the file's own damage,
    // which every reader of the file starts with).
    DamagePrinter(const tracecmd::TraceFile& file, const tracecmd::EventReader& reader, std::FILE* err, size_t skip = 0)
        : file_(file), reader_(reader), err_(err), printed_(skip)
    {
    }
    // Prints the new ones; returns how many there are in all.
    size_t flush();
    // Whether there are new ones (output written before them must go out first).
    bool pending() const { return reader_.damage().size() > printed_; }

private:
    const tracecmd::TraceFile& file_;
    const tracecmd::EventReader& reader_;
    std::FILE* err_;
    size_t printed_ = 0;
};

// Prints `first` and every record after it on this thread, function-graph lookahead included.
void print_lines(tracecmd::ReportFormatter& formatter, tracecmd::EventReader& reader, const tracecmd::Record* first,
                 const std::vector<std::string>& prefixes, std::FILE* out, DamagePrinter& damage);

}  // namespace traceshark::dump
