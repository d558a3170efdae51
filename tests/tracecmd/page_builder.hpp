// Writes ring-buffer pages the way the kernel lays them out, for decoder tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace traceshark::test {

class PageBuilder {
public:
    PageBuilder(bool big_endian, int long_size, uint32_t page_size, uint64_t page_ts)
        : be_(big_endian), long_(long_size), page_(page_size, 0)
    {
        put(0, page_ts, 8);
        pos_ = 8 + static_cast<uint32_t>(long_size);
    }

    // A data record; payloads longer than 112 bytes (or if `force_len_word`) use type_len 0.
    PageBuilder& event(uint32_t delta, const std::vector<uint8_t>& payload, bool force_len_word = false)
    {
        const auto len = static_cast<uint32_t>((payload.size() + 3) & ~size_t{3});
        if (len <= 28 * 4 && len > 0 && !force_len_word) {
            header(len / 4, delta);
        } else {
            header(0, delta);
            word(len + 4);
        }
        std::memcpy(page_.data() + pos_, payload.data(), payload.size());
        pos_ += len;
        return *this;
    }
    PageBuilder& time_extend(uint64_t delta)
    {
        header(30, static_cast<uint32_t>(delta & ((1u << 27) - 1)));
        word(static_cast<uint32_t>(delta >> 27));
        return *this;
    }
    PageBuilder& time_stamp(uint64_t abs)
    {
        header(31, static_cast<uint32_t>(abs & ((1u << 27) - 1)));
        word(static_cast<uint32_t>(abs >> 27));
        return *this;
    }
    // A discarded event (padding with a non-zero delta) covering `len` payload bytes.
    PageBuilder& padding(uint32_t delta, uint32_t len)
    {
        header(29, delta);
        word(len);
        pos_ += len - 4;
        return *this;
    }
    PageBuilder& raw_word(uint32_t w)
    {
        put(pos_, w, 4);
        pos_ += 4;
        return *this;
    }

    // Seals the page: commit = bytes written, plus lost-event flags (count < 0: unknown count).
    std::vector<uint8_t> finish(bool missed = false, int64_t missed_count = -1, int64_t commit_override = -1)
    {
        const uint32_t start = 8 + static_cast<uint32_t>(long_);
        uint64_t commit = commit_override >= 0 ? static_cast<uint64_t>(commit_override) : pos_ - start;
        if (missed) {
            commit |= 1ull << 31;
            if (missed_count >= 0) {
                commit |= 1ull << 30;
                put(pos_, static_cast<uint64_t>(missed_count), static_cast<unsigned>(long_));
            }
        }
        put(8, commit, static_cast<unsigned>(long_));
        return page_;
    }
    uint32_t position() const { return pos_; }

private:
    void header(uint32_t type_len, uint32_t delta)
    {
        const uint32_t w = be_ ? (type_len << 27) | (delta & ((1u << 27) - 1)) : type_len | (delta << 5);
        put(pos_, w, 4);
        pos_ += 4;
    }
    void word(uint32_t w)
    {
        put(pos_, w, 4);
        pos_ += 4;
    }
    void put(uint32_t at, uint64_t v, unsigned size)
    {
        for (unsigned i = 0; i < size; ++i) {
            const unsigned shift = be_ ? 8 * (size - 1 - i) : 8 * i;
            page_[at + i] = static_cast<uint8_t>(v >> shift);
        }
    }

    bool be_;
    int long_;
    std::vector<uint8_t> page_;
    uint32_t pos_;
};

}  // namespace traceshark::test
