// MS-XCA 2.3/2.4 Plain LZ77: 32-bit flag words (MSB first; 1 = match), literals, and matches of a u16
// (offset-1) << 3 | min(length-3, 7) with longer lengths in a shared nibble, a byte, a u16 or a u32.
#include "traceshark/etl/xca_lz77.hpp"

#include <algorithm>
#include <array>

namespace traceshark::etl::lz77 {
namespace {

std::string at(size_t pos, const std::string& what)
{
    return "LZ77 input byte " + std::to_string(pos) + ": " + what;
}

}  // namespace

DecompressResult decompress(std::span<const uint8_t> in, std::span<uint8_t> out)
{
    DecompressResult r;
    size_t ip = 0, op = 0;
    uint32_t flags = 0;
    int flag_count = 0;
    size_t nibble_pos = SIZE_MAX;  // the byte whose high nibble the next long match uses
    auto fail = [&](const std::string& what) {
        r.produced = op;
        r.consumed = ip;
        r.problem = at(ip, what);
        return r;
    };
    while (op < out.size()) {
        if (flag_count == 0) {
            if (in.size() - ip < 4)
                return fail("stream ends after " + std::to_string(op) + " of " + std::to_string(out.size()) +
                            " output bytes");
            flags = static_cast<uint32_t>(in[ip]) | static_cast<uint32_t>(in[ip + 1]) << 8 |
                    static_cast<uint32_t>(in[ip + 2]) << 16 | static_cast<uint32_t>(in[ip + 3]) << 24;
            ip += 4;
            flag_count = 32;
        }
        --flag_count;
        if (!(flags & (1u << flag_count))) {
            if (ip == in.size())
                return fail("stream ends after " + std::to_string(op) + " of " + std::to_string(out.size()) +
                            " output bytes");
            out[op++] = in[ip++];
            continue;
        }
        if (in.size() - ip < 2)
            return fail("stream ends after " + std::to_string(op) + " of " + std::to_string(out.size()) +
                        " output bytes");
        const uint32_t match = static_cast<uint32_t>(in[ip] | in[ip + 1] << 8);
        ip += 2;
        size_t length = match & 7;
        const size_t distance = (match >> 3) + 1;
        if (length == 7) {
            if (nibble_pos == SIZE_MAX) {
                if (ip == in.size()) return fail("stream ends inside a match length");
                length = in[ip] & 0x0F;
                nibble_pos = ip++;
            } else {
                length = in[nibble_pos] >> 4;
                nibble_pos = SIZE_MAX;
            }
            if (length == 15) {
                if (ip == in.size()) return fail("stream ends inside a match length");
                length = in[ip++];
                if (length == 255) {
                    if (in.size() - ip < 2) return fail("stream ends inside a match length");
                    length = static_cast<size_t>(in[ip] | in[ip + 1] << 8);
                    ip += 2;
                    if (length == 0) {
                        if (in.size() - ip < 4) return fail("stream ends inside a match length");
                        length = static_cast<size_t>(in[ip]) | static_cast<size_t>(in[ip + 1]) << 8 |
                                 static_cast<size_t>(in[ip + 2]) << 16 | static_cast<size_t>(in[ip + 3]) << 24;
                        ip += 4;
                    }
                    if (length < 15 + 7) return fail("match length below its encoding's minimum");
                    length -= 15 + 7;
                }
                length += 15;
            }
            length += 7;
        }
        length += 3;
        if (distance > op) return fail("match refers " + std::to_string(distance) + " bytes back at output " +
                                       std::to_string(op));
        if (length > out.size() - op)
            return fail("decompresses to more than the expected " + std::to_string(out.size()) + " bytes");
        for (size_t i = 0; i < length; ++i, ++op) out[op] = out[op - distance];
    }
    r.produced = op;
    r.consumed = ip;
    // The stream must end here: nothing left, or only the flag word a full group leaves for the end marker.
    const size_t rest = in.size() - ip;
    if (rest != 0 && !(flag_count == 0 && rest == 4))
        r.problem = at(ip, "stream goes on for " + std::to_string(rest) + " bytes: decompresses to more than the expected " +
                               std::to_string(out.size()) + " bytes");
    return r;
}

std::vector<uint8_t> compress(std::span<const uint8_t> data)
{
    std::vector<uint8_t> out;
    out.reserve(data.size() + data.size() / 8 + 8);
    constexpr size_t kHashBits = 14;
    constexpr size_t kMaxDistance = 8192;  // 13 bits of offset
    std::vector<int64_t> head(size_t{1} << kHashBits, -1);
    size_t flag_pos = 0;
    uint32_t flags = 0;
    int flag_count = 0;
    size_t nibble_pos = SIZE_MAX;
    auto start_flags = [&] {
        flag_pos = out.size();
        out.insert(out.end(), 4, 0);
        flags = 0;
        flag_count = 0;
    };
    auto put_flag = [&](bool is_match) {
        if (flag_count == 32) {
            for (int i = 0; i < 4; ++i) out[flag_pos + static_cast<size_t>(i)] = static_cast<uint8_t>(flags >> (8 * i));
            start_flags();
        }
        flags = flags << 1 | (is_match ? 1u : 0u);
        ++flag_count;
    };
    auto hash = [&](size_t i) {
        const uint32_t v = static_cast<uint32_t>(data[i]) | static_cast<uint32_t>(data[i + 1]) << 8 |
                           static_cast<uint32_t>(data[i + 2]) << 16;
        return (v * 2654435761u) >> (32 - kHashBits);
    };
    start_flags();
    size_t i = 0;
    while (i < data.size()) {
        size_t best_len = 0, best_dist = 0;
        if (data.size() - i >= 3) {
            const uint32_t h = hash(i);
            const int64_t cand = head[h];
            head[h] = static_cast<int64_t>(i);
            if (cand >= 0 && i - static_cast<size_t>(cand) <= kMaxDistance) {
                const size_t c = static_cast<size_t>(cand);
                size_t len = 0;
                while (i + len < data.size() && data[c + len] == data[i + len] && len < 0xFFFF + 3) ++len;
                if (len >= 3) {
                    best_len = len;
                    best_dist = i - c;
                }
            }
        }
        if (best_len < 3) {
            put_flag(false);
            out.push_back(data[i++]);
            continue;
        }
        put_flag(true);
        size_t l = best_len - 3;
        const uint32_t token = static_cast<uint32_t>((best_dist - 1) << 3 | std::min<size_t>(l, 7));
        out.push_back(static_cast<uint8_t>(token));
        out.push_back(static_cast<uint8_t>(token >> 8));
        if (l >= 7) {
            l -= 7;
            const uint8_t nib = static_cast<uint8_t>(std::min<size_t>(l, 15));
            if (nibble_pos == SIZE_MAX) {
                nibble_pos = out.size();
                out.push_back(nib);
            } else {
                out[nibble_pos] = static_cast<uint8_t>(out[nibble_pos] | nib << 4);
                nibble_pos = SIZE_MAX;
            }
            if (l >= 15) {
                l -= 15;
                if (l < 255) {
                    out.push_back(static_cast<uint8_t>(l));
                } else {
                    out.push_back(255);
                    const size_t full = l + 15 + 7;  // < 2^16 since best_len <= 0xFFFF + 3
                    out.push_back(static_cast<uint8_t>(full));
                    out.push_back(static_cast<uint8_t>(full >> 8));
                }
            }
        }
        for (size_t k = 1; k < best_len && i + k + 3 <= data.size(); ++k) head[hash(i + k)] = static_cast<int64_t>(i + k);
        i += best_len;
    }
    // Unused flag bits are 1: a decoder that does not know the size stops at a match flag at the input's end.
    const int unused = 32 - flag_count;
    const uint32_t final_flags = unused == 32 ? 0xFFFFFFFFu
                                              : (flags << unused) | ((unused ? (1u << unused) : 0u) - (unused ? 1u : 0u));
    for (int k = 0; k < 4; ++k) out[flag_pos + static_cast<size_t>(k)] = static_cast<uint8_t>(final_flags >> (8 * k));
    return out;
}

}  // namespace traceshark::etl::lz77
