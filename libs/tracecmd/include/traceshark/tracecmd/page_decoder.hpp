// Decoder for one ftrace ring-buffer page (sub-buffer), as the kernel writes it and libtraceevent's kbuffer
// reads it: an 8-byte page timestamp, a kernel-long commit word (size + lost-event flags), then records
// with 32-bit headers (type_len:5, time_delta:27). It returns data records with their absolute timestamps
// and, unlike kbuffer, refuses records that run past the committed data and says where they are.
// It is inline because it is the innermost loop of every reader.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "byte_order.hpp"

namespace traceshark::tracecmd {

struct PageLayout {
    bool big_endian = false;
    int kernel_long_size = 8;  // size of the commit word; data starts right after it
    uint32_t data_offset() const { return 8 + static_cast<uint32_t>(kernel_long_size); }
};

struct PageRecord {
    uint64_t ts = 0;           // raw (uncorrected) timestamp
    uint32_t header_offset = 0;  // of the record header, from the page start
    uint32_t data_offset = 0;    // of the payload, from the page start
    uint32_t size = 0;           // payload bytes
};

class PageDecoder {
public:
    enum class Step { Record, End, Damaged };

    static constexpr uint32_t kCommitMask = (1u << 27) - 1;
    static constexpr uint64_t kMissingEvents = 1ull << 31;
    static constexpr uint64_t kMissingStored = 1ull << 30;
    enum : uint32_t { kPadding = 29, kTimeExtend = 30, kTimeStamp = 31 };

    // Starts decoding `page`, which may be shorter than a full page at the end of a truncated file.
    // Returns false (with error()) when the page header itself is unusable.
    bool load(std::span<const uint8_t> page, const PageLayout& layout)
    {
        page_ = page.data();
        be_ = layout.big_endian;
        start_ = layout.data_offset();
        error_.clear();
        if (page.size() < start_) return damaged(0, "page header cut short");
        ts_ = detail::load<uint64_t>(page_, be_);
        const uint64_t flags = detail::load_sized(page_ + 8, static_cast<unsigned>(layout.kernel_long_size), be_);
        commit_ = static_cast<uint32_t>(flags) & kCommitMask;
        pos_ = start_;
        missed_ = 0;
        if (commit_ > page.size() - start_) {
            return damaged(8, "page commit size " + std::to_string(commit_) + " exceeds the " +
                                  std::to_string(page.size() - start_) + " data bytes of the page");
        }
        end_ = start_ + commit_;
        if (flags & kMissingEvents) {
            missed_ = -1;
            const uint64_t at = end_;
            const auto lsize = static_cast<unsigned>(layout.kernel_long_size);
            if ((flags & kMissingStored) && at + lsize <= page.size())
                missed_ = static_cast<int64_t>(detail::load_sized(page_ + at, lsize, be_));
        }
        return true;
    }

    // Lost events reported by this page's header (belong before its first record).
    int64_t missed_events() const { return missed_; }
    uint64_t page_timestamp() const { return page_ts_(); }
    uint32_t commit() const { return commit_; }
    const std::string& error() const { return error_; }
    uint32_t error_offset() const { return error_offset_; }
    uint32_t position() const { return pos_; }

    Step next(PageRecord& out)
    {
        while (pos_ < end_) {
            const uint32_t at = pos_;
            if (end_ - at < 4) return damaged_step(at, "record header cut by the end of the committed data");
            const uint32_t word = detail::load<uint32_t>(page_ + at, be_);
            const uint32_t type_len = be_ ? word >> 27 : word & 31u;
            const uint32_t delta = be_ ? word & kCommitMask : word >> 5;
            uint32_t length;
            uint32_t data = at + 4;
            switch (type_len) {
            case kPadding:
                if (end_ - data < 4) return damaged_step(at, "padding record without its length word");
                length = detail::load<uint32_t>(page_ + data, be_);
                ts_ += delta;
                if (length > end_ - data) {
                    // The kernel's end-of-page filler may reach past the commit; nothing valid follows.
                    pos_ = end_;
                    return Step::End;
                }
                pos_ = data + length;
                continue;
            case kTimeExtend:
            case kTimeStamp: {
                if (end_ - data < 4) return damaged_step(at, "time record without its extension word");
                const uint64_t ext = (uint64_t{detail::load<uint32_t>(page_ + data, be_)} << 27) + delta;
                if (type_len == kTimeStamp) ts_ = ext | (ts_ & (0xf8ull << 56));
                else ts_ += ext;
                pos_ = data + 4;
                continue;
            }
            case 0: {
                if (end_ - data < 4) return damaged_step(at, "record without its length word");
                const uint32_t len_word = detail::load<uint32_t>(page_ + data, be_);
                if (len_word < 4) return damaged_step(at, "record length word " + std::to_string(len_word) + " is too small");
                length = ((len_word - 4) + 3) & ~3u;
                data += 4;
                break;
            }
            default:
                length = type_len * 4;
                break;
            }
            if (length > end_ - data) {
                return damaged_step(at, "record of " + std::to_string(length) + " bytes runs past the committed data (" +
                                            std::to_string(end_ - data) + " bytes left)");
            }
            ts_ += delta;
            pos_ = data + length;
            out.ts = ts_;
            out.header_offset = at;
            out.data_offset = data;
            out.size = length;
            return Step::Record;
        }
        return Step::End;
    }

private:
    uint64_t page_ts_() const { return detail::load<uint64_t>(page_, be_); }
    bool damaged(uint32_t at, std::string what)
    {
        error_offset_ = at;
        error_ = std::move(what);
        return false;
    }
    Step damaged_step(uint32_t at, std::string what)
    {
        damaged(at, std::move(what));
        pos_ = end_;
        return Step::Damaged;
    }

    const uint8_t* page_ = nullptr;
    bool be_ = false;
    uint32_t start_ = 16;
    uint32_t commit_ = 0;
    uint32_t end_ = 0;
    uint32_t pos_ = 0;
    uint64_t ts_ = 0;
    int64_t missed_ = 0;
    std::string error_;
    uint32_t error_offset_ = 0;
};

}  // namespace traceshark::tracecmd
