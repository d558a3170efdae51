#include "cpu_pages.hpp"

#include <algorithm>
#include <string>

#include "traceshark/tracecmd/byte_order.hpp"
#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd::detail {
namespace {
// A chunk never legitimately holds more than a few dozen pages; refuse absurd sizes instead of allocating.
constexpr uint32_t kMaxChunkBytes = 64u << 20;
}  // namespace

CpuPages::CpuPages(const MappedFile& file, const Metadata& meta, const Buffer& buffer, const CpuData& cpu,
                   std::vector<Note>& damage)
    : file_(file), cpu_(cpu), page_size_(buffer.page_size), big_endian_(meta.big_endian)
{
    const uint64_t end = cpu.offset + cpu.size;
    if (cpu.offset > file.size() || end < cpu.offset || end > file.size()) {
        damage.push_back({std::min(cpu.offset, file.size()),
                          "buffer '" + buffer.name + "' CPU " + std::to_string(cpu.cpu) + ": data [" +
                              hex(cpu.offset) + ", " + hex(end) + ") runs past the end of the file (" + std::to_string(file.size()) +
                              " bytes): file truncated"});
        cpu_.size = cpu.offset > file.size() ? 0 : file.size() - cpu.offset;
    }
    if (buffer.compressed) {
        decompressor_ = Decompressor::create(meta.compression, cpu.offset);
        index_chunks(damage);
    } else {
        size_ = cpu_.size;
    }
}

void CpuPages::index_chunks(std::vector<Note>& damage)
{
    // trace-cmd records the size of the chunks without the leading 4-byte chunk count.
    const auto data = file_.clipped(cpu_.offset, cpu_.size + 4);
    const std::string where = "CPU " + std::to_string(cpu_.cpu) + " compressed data: ";
    if (data.size() < 4) {
        if (cpu_.size) damage.push_back({cpu_.offset, where + "chunk count cut short"});
        return;
    }
    const uint32_t count = load<uint32_t>(data.data(), big_endian_);
    uint64_t pos = 4;
    uint64_t stream_pos = 0;
    for (uint32_t i = 0; i < count; ++i) {
        if (data.size() - pos < 8) {
            damage.push_back({cpu_.offset + pos, where + "chunk " + std::to_string(i) + " of " + std::to_string(count) +
                                                     ": header cut short (file truncated?)"});
            break;
        }
        const uint32_t csize = load<uint32_t>(data.data() + pos, big_endian_);
        const uint32_t usize = load<uint32_t>(data.data() + pos + 4, big_endian_);
        if (usize > kMaxChunkBytes || usize == 0) {
            damage.push_back({cpu_.offset + pos, where + "chunk " + std::to_string(i) + " claims " + std::to_string(usize) +
                                                     " uncompressed bytes"});
            break;
        }
        if (csize > data.size() - pos - 8) {
            damage.push_back({cpu_.offset + pos, where + "chunk " + std::to_string(i) + " of " + std::to_string(csize) +
                                                     " bytes runs past the end of the data (file truncated?)"});
            break;
        }
        chunks_.push_back({cpu_.offset + pos + 8, csize, usize, stream_pos});
        stream_pos += usize;
        pos += 8 + uint64_t{csize};
    }
    size_ = stream_pos;  // the chunks before a damaged one are read
}

uint64_t CpuPages::resume_after(uint64_t pos) const
{
    if (!decompressor_) return pos - pos % page_size_ + page_size_;
    auto it = std::upper_bound(chunks_.begin(), chunks_.end(), pos, [](uint64_t p, const Chunk& c) { return p < c.position; });
    return it == chunks_.end() ? size_ : it->position;
}

bool CpuPages::page_at(uint64_t pos, Page& out, std::vector<Note>& damage)
{
    if (pos >= size_) return false;
    if (!decompressor_) {
        // Reading moves forward: give back what lies well behind (a window, so that neighbours stay cheap;
        // 1 MiB per CPU keeps a report's resident size below trace-cmd report's, which reads pages into buffers).
        constexpr uint64_t kKeep = 1u << 20;
        if (pos > released_ + 2 * kKeep) {
            file_.release(cpu_.offset + released_, pos - kKeep - released_);
            released_ = pos - kKeep;
        }
        out.bytes = file_.clipped(cpu_.offset + pos, std::min<uint64_t>(page_size_, size_ - pos));
        out.file_offset = cpu_.offset + pos;
        out.compressed = false;
        return !out.bytes.empty();
    }
    size_t idx = loaded_chunk_;
    if (idx == SIZE_MAX || pos < chunks_[idx].position || pos >= chunks_[idx].position + chunks_[idx].size) {
        auto it = std::upper_bound(chunks_.begin(), chunks_.end(), pos,
                                   [](uint64_t p, const Chunk& c) { return p < c.position; });
        idx = static_cast<size_t>(it - chunks_.begin()) - 1;
        const Chunk& c = chunks_[idx];
        chunk_data_.resize(c.size);
        loaded_chunk_ = SIZE_MAX;
        const std::string err = decompressor_->decompress(file_.clipped(c.file_offset, c.compressed_size), chunk_data_);
        if (!err.empty()) {
            damage.push_back({c.file_offset, "CPU " + std::to_string(cpu_.cpu) + ": compressed chunk: " + err});
            return false;
        }
        loaded_chunk_ = idx;
    }
    const Chunk& c = chunks_[idx];
    const uint64_t in_chunk = pos - c.position;
    const uint64_t len = std::min<uint64_t>(page_size_, c.size - in_chunk);
    out.bytes = std::span<const uint8_t>(chunk_data_.data() + in_chunk, static_cast<size_t>(len));
    out.file_offset = c.file_offset;
    out.compressed = true;
    return true;
}

}  // namespace traceshark::tracecmd::detail
