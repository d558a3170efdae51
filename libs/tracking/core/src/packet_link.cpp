#include "traceshark/tracking/packet_link.hpp"

#include <algorithm>
#include <cstdio>

namespace traceshark::tracking {

std::string endpoint_text(std::span<const uint8_t> a, uint16_t port)
{
    char buf[64];
    const bool mapped = a.size() == 16 && a[10] == 0xff && a[11] == 0xff &&
                        std::all_of(a.begin(), a.begin() + 10, [](uint8_t b) { return b == 0; });
    if (a.size() == 4 || mapped) {
        const uint8_t* v4 = a.data() + (mapped ? 12 : 0);
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u:%u", v4[0], v4[1], v4[2], v4[3], port);
        return buf;
    }
    if (a.size() != 16) return {};
    uint16_t w[8];
    for (int i = 0; i < 8; ++i) w[i] = static_cast<uint16_t>(a[2 * i] << 8 | a[2 * i + 1]);
    // RFC 5952: the longest run (2 or more) of zero groups, the first of equals, becomes "::".
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (w[i] != 0) { ++i; continue; }
        int j = i;
        while (j < 8 && w[j] == 0) ++j;
        if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
        i = j;
    }
    std::string s = "[";
    for (int i = 0; i < 8; ++i) {
        if (i == best) {
            s += "::";
            i += best_len - 1;
            continue;
        }
        if (i && s.back() != ':') s += ':';
        std::snprintf(buf, sizeof buf, "%x", w[i]);
        s += buf;
    }
    return s + "]:" + std::to_string(port);
}

void PacketLinker::add(uint32_t id, const std::string& protocol, const std::string& local, const std::string& remote,
                       Timestamp start, Timestamp end)
{
    by_key_[std::make_tuple(protocol, local, remote)].push_back(Life{id, start, end});
}

std::optional<uint32_t> PacketLinker::find(const std::string& protocol, const std::string& source,
                                           const std::string& destination, Timestamp ts) const
{
    const std::vector<Life>* ends[2] = {nullptr, nullptr};  // the sender's end, the receiver's
    if (auto it = by_key_.find(std::make_tuple(protocol, source, destination)); it != by_key_.end()) ends[0] = &it->second;
    if (auto it = by_key_.find(std::make_tuple(protocol, destination, source)); it != by_key_.end()) ends[1] = &it->second;
    for (const auto* lives : ends) {
        if (!lives) continue;
        const Life* best = nullptr;  // the lifetime contains the packet: the latest started
        for (const Life& l : *lives)
            if (l.start <= ts && ts <= l.end &&
                (!best || l.start > best->start || (l.start == best->start && l.end < best->end)))
                best = &l;
        if (!best) {  // else the one that ended latest before it
            for (const Life& l : *lives)
                if (l.end < ts && (!best || l.end > best->end)) best = &l;
        }
        if (best) return best->id;
    }
    return std::nullopt;
}

std::optional<uint32_t> PacketLinker::link(const std::string& protocol, const std::string& source,
                                           const std::string& destination, Timestamp ts)
{
    if (auto id = find(protocol, source, destination, ts)) return id;
    auto id = find(protocol, "", destination, ts);
    if (!id) return std::nullopt;
    if (source.empty()) return id;
    std::optional<Life> learned;
    for (const Life& l : by_key_[std::make_tuple(protocol, std::string(), destination)])
        if (l.id == *id) learned = l;
    if (learned) by_key_[std::make_tuple(protocol, source, destination)].push_back(*learned);
    return id;
}

}  // namespace traceshark::tracking
