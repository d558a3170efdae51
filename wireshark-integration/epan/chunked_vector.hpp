// A vector that grows by fixed-size chunks: appending never moves what it holds, so its memory is the elements
// (plus one partly filled chunk), never the 2x that std::vector's reallocation holds while it copies. For the
// per-event tables process tracking keeps over a whole capture (millions of entries). No Wireshark headers.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace traceshark::epan {

template <typename T, size_t ChunkElements = 65536>
class ChunkedVector {
public:
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const T& operator[](size_t i) const { return chunks_[i / ChunkElements][i % ChunkElements]; }
    T& operator[](size_t i) { return chunks_[i / ChunkElements][i % ChunkElements]; }
    const T& back() const { return (*this)[size_ - 1]; }
    void push_back(const T& v)
    {
        if (size_ % ChunkElements == 0) chunks_.push_back(std::make_unique<T[]>(ChunkElements));
        chunks_.back()[size_ % ChunkElements] = v;
        ++size_;
    }

private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    size_t size_ = 0;
};

}  // namespace traceshark::epan
