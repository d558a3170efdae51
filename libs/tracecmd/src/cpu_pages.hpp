// The ring-buffer pages of one CPU of one buffer, from the file directly or from decompressed chunks.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "decompressor.hpp"
#include "traceshark/common/mapped_file.hpp"
#include "traceshark/tracecmd/metadata.hpp"

namespace traceshark::tracecmd::detail {

using common::MappedFile;

struct Page {
    std::span<const uint8_t> bytes;  // may be shorter than a page at the end of damaged data
    uint64_t file_offset = 0;        // of the page, or of its compressed chunk
    bool compressed = false;
};

class CpuPages {
public:
    // Damage found while indexing (truncation, bad chunk headers) is appended to `damage`.
    CpuPages(const MappedFile& file, const Metadata& meta, const Buffer& buffer, const CpuData& cpu,
             std::vector<Note>& damage);

    uint32_t page_size() const { return page_size_; }
    // Bytes of page data available (uncompressed).
    uint64_t size() const { return size_; }
    // The page starting at stream position `pos` (a multiple of the page size); false past the end or when
    // its chunk cannot be decompressed (then `damage` says why).
    bool page_at(uint64_t pos, Page& out, std::vector<Note>& damage);

    // Where reading can go on after the page at `pos` could not be read (the next page or chunk).
    uint64_t resume_after(uint64_t pos) const;

private:
    struct Chunk {
        uint64_t file_offset;  // of the compressed bytes
        uint32_t compressed_size;
        uint32_t size;
        uint64_t position;  // stream position of its first byte
    };
    void index_chunks(std::vector<Note>& damage);

    const MappedFile& file_;
    CpuData cpu_;
    uint32_t page_size_;
    uint64_t size_ = 0;
    std::unique_ptr<Decompressor> decompressor_;
    std::vector<Chunk> chunks_;
    std::vector<uint8_t> chunk_data_;
    size_t loaded_chunk_ = SIZE_MAX;
    uint64_t released_ = 0;  // stream position up to which mapped pages were handed back
    bool big_endian_;
};

}  // namespace traceshark::tracecmd::detail
