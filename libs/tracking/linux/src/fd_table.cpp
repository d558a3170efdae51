#include "traceshark/tracking/linux/fd_table.hpp"

#include <algorithm>

namespace traceshark::tracking {

const FdTable::Entry* FdTable::find(int fd) const
{
    auto it = fds_.find(fd);
    return it == fds_.end() ? nullptr : &it->second;
}

bool FdTable::drop_ref(uint64_t handle)
{
    auto it = refs_.find(handle);
    if (it == refs_.end() || --it->second > 0) return false;
    refs_.erase(it);
    return true;
}

std::optional<uint64_t> FdTable::install(int fd, uint64_t handle, bool cloexec)
{
    add_ref(handle);
    std::optional<uint64_t> replaced;
    if (auto it = fds_.find(fd); it != fds_.end() && drop_ref(it->second.handle)) replaced = it->second.handle;
    fds_[fd] = Entry{handle, cloexec};
    return replaced;
}

std::optional<FdTable::Closed> FdTable::close(int fd)
{
    auto it = fds_.find(fd);
    if (it == fds_.end()) return std::nullopt;
    const uint64_t handle = it->second.handle;
    fds_.erase(it);
    return Closed{handle, !drop_ref(handle)};
}

void FdTable::set_cloexec(int fd, bool on)
{
    if (auto it = fds_.find(fd); it != fds_.end()) it->second.cloexec = on;
}

std::vector<uint64_t> FdTable::close_range(int first, int last)
{
    std::vector<uint64_t> gone;
    for (auto it = fds_.lower_bound(first); it != fds_.end() && it->first <= last;) {
        if (drop_ref(it->second.handle)) gone.push_back(it->second.handle);
        it = fds_.erase(it);
    }
    return gone;
}

void FdTable::set_cloexec_range(int first, int last)
{
    for (auto it = fds_.lower_bound(first); it != fds_.end() && it->first <= last; ++it) it->second.cloexec = true;
}

std::vector<uint64_t> FdTable::close_on_exec()
{
    std::vector<uint64_t> gone;
    for (auto it = fds_.begin(); it != fds_.end();) {
        if (!it->second.cloexec) {
            ++it;
            continue;
        }
        if (drop_ref(it->second.handle)) gone.push_back(it->second.handle);
        it = fds_.erase(it);
    }
    return gone;
}

std::vector<uint64_t> FdTable::handles() const
{
    std::vector<uint64_t> all;
    all.reserve(refs_.size());
    for (const auto& [handle, n] : refs_) all.push_back(handle);
    std::sort(all.begin(), all.end());
    return all;
}

}  // namespace traceshark::tracking
