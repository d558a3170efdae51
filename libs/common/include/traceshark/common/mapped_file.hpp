// A read-only memory map of a whole input file. Pages are file-backed and evictable, so reading a large
// trace does not grow the process's anonymous memory.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace traceshark::common {

class MappedFile {
public:
    explicit MappedFile(const std::string& path);  // throws std::system_error
    explicit MappedFile(std::vector<uint8_t> bytes);  // an in-memory "file"
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    uint64_t size() const { return size_; }
    std::span<const uint8_t> all() const { return {data_, static_cast<size_t>(size_)}; }
    // The bytes [offset, offset+len) clipped to the end of the file.
    std::span<const uint8_t> clipped(uint64_t offset, uint64_t len) const;
    // Lets the kernel drop the mapped pages of [offset, offset+len) from this process (they are read again from
    // the page cache if touched later): streaming through a large file then does not grow the resident size.
    void release(uint64_t offset, uint64_t len) const;

private:
    const uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
    bool mapped_ = false;
    std::vector<uint8_t> owned_;
};

}  // namespace traceshark::common
