#include "traceshark/wsmeta/guest_link.hpp"

#include <charconv>

#include "traceshark/wsmeta/machine_info.hpp"

// Parts: "trace_id" and "host_trace_id" (16 hex digits), and per guest a part "guest" whose data is
// "<trace id hex>\n<vcpu>:<tid> <vcpu>:<tid> ...\n<name>" (the name last: it may hold anything).
namespace traceshark::wsmeta {

namespace {

std::string hex(uint64_t v) { return key_hex(v); }

template <typename T>
std::optional<T> number(std::string_view s, int base = 10)
{
    T v{};
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<GuestOfHost> decode_guest(std::string_view s)
{
    const size_t nl1 = s.find('\n');
    const size_t nl2 = nl1 == std::string_view::npos ? nl1 : s.find('\n', nl1 + 1);
    if (nl2 == std::string_view::npos) return std::nullopt;
    GuestOfHost g;
    const auto id = number<uint64_t>(s.substr(0, nl1), 16);
    if (!id) return std::nullopt;
    g.trace_id = *id;
    std::string_view map = s.substr(nl1 + 1, nl2 - nl1 - 1);
    while (!map.empty()) {
        const size_t sp = map.find(' ');
        const std::string_view pair = map.substr(0, sp);
        const size_t colon = pair.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        const auto vcpu = number<int>(pair.substr(0, colon));
        const auto tid = number<int>(pair.substr(colon + 1));
        if (!vcpu || !tid) return std::nullopt;
        g.vcpu_to_host_tid.emplace_back(*vcpu, *tid);
        map = sp == std::string_view::npos ? std::string_view() : map.substr(sp + 1);
    }
    g.name = s.substr(nl2 + 1);
    return g;
}

}  // namespace

int GuestOfHost::host_tid(int vcpu) const
{
    for (const auto& [cpu, tid] : vcpu_to_host_tid)
        if (cpu == vcpu) return tid;
    return -1;
}

std::string encode_guest_link(const GuestLink& link)
{
    std::vector<Part> parts;
    if (link.trace_id) parts.push_back({"trace_id", hex(*link.trace_id)});
    if (link.host_trace_id) parts.push_back({"host_trace_id", hex(*link.host_trace_id)});
    for (const GuestOfHost& g : link.guests) {
        std::string d = hex(g.trace_id) + "\n";
        for (size_t i = 0; i < g.vcpu_to_host_tid.size(); ++i) {
            if (i) d += ' ';
            d += std::to_string(g.vcpu_to_host_tid[i].first) + ":" + std::to_string(g.vcpu_to_host_tid[i].second);
        }
        d += "\n" + g.name;
        parts.push_back({"guest", std::move(d)});
    }
    return encode_parts(parts);
}

std::optional<GuestLink> decode_guest_link(std::string_view blob)
{
    auto parts = decode_parts(blob);
    if (!parts) return std::nullopt;
    GuestLink link;
    for (const Part& p : *parts) {
        if (p.name == "trace_id" || p.name == "host_trace_id") {
            const auto v = number<uint64_t>(p.data, 16);
            if (!v) return std::nullopt;
            (p.name == "trace_id" ? link.trace_id : link.host_trace_id) = *v;
        } else if (p.name == "guest") {
            auto g = decode_guest(p.data);
            if (!g) return std::nullopt;
            link.guests.push_back(std::move(*g));
        }
    }
    return link;
}

}  // namespace traceshark::wsmeta
