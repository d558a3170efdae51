#include "traceshark/procmon/pml_file.hpp"

#include <algorithm>
#include <cstdio>

#include "byte_reader.hpp"
#include "traceshark/common/mapped_file.hpp"
#include "utf16.hpp"

namespace traceshark::procmon {

using detail::ByteReader;

namespace {
constexpr uint64_t kOffsetEntrySize = 5;  // u32 offset + u8 flags
}  // namespace

std::string Problem::text() const { return common::describe_at(offset, what); }

std::unique_ptr<PmlFile> PmlFile::open(const std::string& path)
{
    std::unique_ptr<PmlFile> f(new PmlFile);
    f->file_ = std::make_unique<common::MappedFile>(path);
    f->parse();
    return f;
}

std::unique_ptr<PmlFile> PmlFile::open_memory(std::vector<uint8_t> bytes)
{
    std::unique_ptr<PmlFile> f(new PmlFile);
    f->file_ = std::make_unique<common::MappedFile>(std::move(bytes));
    f->parse();
    return f;
}

PmlFile::~PmlFile() = default;

uint64_t PmlFile::file_size() const { return file_->size(); }

void PmlFile::parse()
{
    parse_header();
    try {
        parse_tables_and_offsets();
        tables_ok_ = true;
    } catch (const FormatError& e) {
        problems_.push_back({e.offset(), e.problem() + "; events are searched for from the start of the file"});
        tables_ = Tables{};
        offsets_.clear();
        walk_events();
    }
}

void PmlFile::parse_header()
{
    const auto all = file_->all();
    ByteReader r(all.subspan(0, std::min<size_t>(all.size(), kHeaderSize)), 0);
    if (all.size() < kPmlSignature.size() ||
        std::string_view(reinterpret_cast<const char*>(all.data()), kPmlSignature.size()) != kPmlSignature) {
        throw FormatError(0, "not a Process Monitor log (no \"PML_\" signature)");
    }
    r.skip(kPmlSignature.size(), "signature");
    const uint32_t version = r.u32("version");
    if (version != kPmlVersion) {
        throw UnsupportedError(4, "PML version " + std::to_string(version) + " is not supported (only 9 is known)");
    }
    system_.is_64bit = r.u32("system architecture") != 0;
    system_.computer_name = detail::from_utf16(r.bytes(0x20, "computer name"));
    system_.system_root = detail::from_utf16(r.bytes(0x208, "system root"));
    announced_events_ = r.u32("event count");
    r.skip(8, "header");
    events_offset_ = r.u64("events offset");
    offsets_offset_ = r.u64("event offsets offset");
    processes_offset_ = r.u64("process table offset");
    strings_offset_ = r.u64("string table offset");
    icons_offset_ = r.u64("icon table offset");
    r.skip(8, "maximum user address");
    r.skip(4, "OS version info size");
    system_.os_major = r.u32("OS major version");
    system_.os_minor = r.u32("OS minor version");
    system_.os_build = r.u32("OS build");
    system_.os_platform = r.u32("OS platform");
    system_.service_pack = detail::from_utf16(r.bytes(0x100, "service pack"));
    r.skip(8, "OS suite");
    system_.logical_processors = r.u32("logical processors");
    system_.memory_bytes = r.u64("memory size");
    const uint64_t header_size = r.u64("header size");
    hosts_offset_ = r.u64("hosts and ports offset");
    if (header_size != kHeaderSize) {
        throw FormatError(0x398, "header size is " + std::to_string(header_size) + ", expected 936");
    }
    if (events_offset_ != kHeaderSize) {
        throw FormatError(0x240, "events start at " + std::to_string(events_offset_) + ", expected 936");
    }
}

void PmlFile::parse_tables_and_offsets()
{
    const auto all = file_->all();
    const uint64_t size = all.size();
    struct Place {
        uint64_t at;
        uint64_t header_field;
        const char* name;
    };
    const Place places[] = {{offsets_offset_, 0x248, "event offsets"}, {processes_offset_, 0x250, "process table"},
                            {strings_offset_, 0x258, "string table"},  {icons_offset_, 0x260, "icon table"},
                            {hosts_offset_, 0x3A0, "hosts and ports tables"}};
    for (const Place& p : places) {
        if (p.at == 0) {
            throw FormatError(p.header_field, std::string("no ") + p.name + " (the capture was not closed cleanly)");
        }
        if (p.at < kHeaderSize || p.at >= size) {
            throw FormatError(p.header_field, std::string(p.name) + " at " + std::to_string(p.at) +
                                                  " lies outside the file (" + std::to_string(size) + " bytes)");
        }
    }
    auto end_of = [this](uint64_t start) { return table_end(start); };
    const uint64_t strings_end = end_of(strings_offset_);
    const uint64_t processes_end = end_of(processes_offset_);
    tables_ = Tables::parse(system_.pointer_size(), all.subspan(strings_offset_, strings_end - strings_offset_),
                            strings_offset_, all.subspan(processes_offset_, processes_end - processes_offset_),
                            processes_offset_, all.subspan(hosts_offset_, end_of(hosts_offset_) - hosts_offset_),
                            hosts_offset_);

    const uint64_t offsets_end = end_of(offsets_offset_);
    if (uint64_t{announced_events_} * kOffsetEntrySize > offsets_end - offsets_offset_) {
        throw FormatError(0x234, "the header announces " + std::to_string(announced_events_) +
                                     " events but the offset table holds " +
                                     std::to_string((offsets_end - offsets_offset_) / kOffsetEntrySize));
    }
    offsets_.resize(announced_events_);
    ByteReader r(all.subspan(offsets_offset_, offsets_end - offsets_offset_), offsets_offset_);
    for (auto& o : offsets_) {
        const uint64_t at = r.offset();
        o = r.u32("event offset");
        r.skip(1, "event flags");
        if (o < kHeaderSize || o >= offsets_offset_) {
            throw FormatError(at, "event offset " + std::to_string(o) + " lies outside the events");
        }
    }
}

void PmlFile::walk_events()
{
    // Records follow each other; the extra details, when present, end the record.
    const auto all = file_->all();
    const unsigned psize = system_.pointer_size();
    uint64_t at = kHeaderSize;
    const uint64_t limit = offsets_offset_ > kHeaderSize && offsets_offset_ <= all.size() ? offsets_offset_
                                                                                         : all.size();
    while (at < limit && offsets_.size() < announced_events_) {
        try {
            const RecordBytes b = locate_record(all.subspan(0, limit), at, psize);
            ByteReader h(b.record, at);
            h.skip(8, "event");
            if (h.u32("event class") > 5) throw FormatError(at + 8, "event class is not 0-5");
            offsets_.push_back(at);
            const uint64_t end = b.extra.empty() ? at + b.record.size() : b.extra_offset + b.extra.size();
            at = std::max(end, at + b.record.size());
        } catch (const FormatError& e) {
            problems_.push_back({e.offset(), "event " + std::to_string(offsets_.size()) + ": " + e.problem()});
            return;
        }
    }
    if (offsets_.size() < announced_events_) {
        problems_.push_back({at, "the header announces " + std::to_string(announced_events_) + " events, " +
                                     std::to_string(offsets_.size()) + " were found"});
    }
}

uint64_t PmlFile::table_end(uint64_t start) const
{
    // Each table runs to the next one (in whatever order they are), the last to the end of the file.
    uint64_t end = file_->size();
    for (uint64_t p : {offsets_offset_, processes_offset_, strings_offset_, icons_offset_, hosts_offset_}) {
        if (p > start && p < end) end = p;
    }
    return end;
}

RawTables PmlFile::raw_tables() const
{
    RawTables t;
    if (!tables_ok_) return t;
    const auto all = file_->all();
    auto end_of = [this](uint64_t start) { return table_end(start); };
    t.strings = all.subspan(strings_offset_, end_of(strings_offset_) - strings_offset_);
    t.processes = all.subspan(processes_offset_, end_of(processes_offset_) - processes_offset_);
    t.hosts_and_ports = all.subspan(hosts_offset_, end_of(hosts_offset_) - hosts_offset_);
    t.strings_offset = strings_offset_;
    t.processes_offset = processes_offset_;
    t.hosts_and_ports_offset = hosts_offset_;
    return t;
}

RecordBytes PmlFile::record(uint32_t index) const
{
    return locate_record(file_->all(), offsets_.at(index), system_.pointer_size());
}

Event PmlFile::event(uint32_t index, const DecodeOptions& options) const
{
    return decode_event(tables_, record(index), offsets_.at(index), index, options);
}

void PmlFile::release_before(uint32_t index) const
{
    if (index == 0 || index > offsets_.size()) return;
    file_->release(kHeaderSize, offsets_[index - 1] - kHeaderSize);
}

}  // namespace traceshark::procmon
