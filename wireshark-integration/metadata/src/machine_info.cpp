#include "traceshark/wsmeta/machine_info.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace traceshark::wsmeta {
namespace {

constexpr std::string_view kDescPrefix = "traceshark1;";
constexpr std::string_view kMetaPrefix = "traceshark-meta:";

// Values are percent-encoded where they would break the ";key=value" syntax or the string option.
std::string escape(std::string_view v)
{
    std::string out;
    for (unsigned char c : v) {
        if (c == '%' || c == ';' || c == '=' || c < 0x20 || c == 0x7f) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string unescape(std::string_view v)
{
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size() && hexval(v[i + 1]) >= 0 && hexval(v[i + 2]) >= 0) {
            out += static_cast<char>(hexval(v[i + 1]) * 16 + hexval(v[i + 2]));
            i += 2;
        } else {
            out += v[i];
        }
    }
    return out;
}

template <typename T>
std::optional<T> to_number(std::string_view s)
{
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        const size_t at = s.find(sep, start);
        out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
    }
    return out;
}

}  // namespace

std::string key_hex(uint64_t key)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(key));
    return buf;
}

std::optional<uint64_t> parse_key_hex(std::string_view s)
{
    if (s.size() != 16) return std::nullopt;
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

void KeyHasher::add(std::string_view bytes)
{
    // Length first, so that ("ab","c") and ("a","bc") differ.
    uint64_t n = bytes.size();
    for (int i = 0; i < 8; ++i) {
        h_ ^= (n >> (8 * i)) & 0xff;
        h_ *= 0x100000001b3ull;
    }
    for (unsigned char c : bytes) {
        h_ ^= c;
        h_ *= 0x100000001b3ull;
    }
}

std::string record_interface_name(const MachineInfo& m)
{
    return (m.host.empty() ? std::string("unknown-host") : m.host) + "/" + (m.buffer.empty() ? std::string("top") : m.buffer);
}

std::string record_interface_description(const MachineInfo& m)
{
    std::string d(kDescPrefix);
    d += "key=" + key_hex(m.key);
    d += ";host=" + escape(m.host);
    d += ";release=" + escape(m.release);
    if (!m.version.empty()) d += ";version=" + escape(m.version);
    d += ";arch=" + escape(m.arch);
    d += ";cpus=" + std::to_string(m.cpus);
    d += ";clock=" + escape(m.clock);
    d += ";buffer=" + escape(m.buffer.empty() ? "top" : m.buffer);
    return d;
}

std::optional<MachineInfo> parse_record_interface_description(std::string_view desc)
{
    if (!desc.starts_with(kDescPrefix)) return std::nullopt;
    MachineInfo m;
    bool have_key = false;
    for (std::string_view field : split(desc.substr(kDescPrefix.size()), ';')) {
        const size_t eq = field.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view k = field.substr(0, eq);
        const std::string v = unescape(field.substr(eq + 1));
        if (k == "key") {
            auto key = parse_key_hex(v);
            if (!key) return std::nullopt;
            m.key = *key;
            have_key = true;
        } else if (k == "host") m.host = v;
        else if (k == "release") m.release = v;
        else if (k == "version") m.version = v;
        else if (k == "arch") m.arch = v;
        else if (k == "clock") m.clock = v;
        else if (k == "buffer") m.buffer = v;
        else if (k == "cpus") m.cpus = to_number<int>(v).value_or(0);
    }
    if (!have_key) return std::nullopt;
    return m;
}

std::vector<MetaChunk> encode_metadata(uint64_t key, std::string_view kind, std::string_view blob, size_t max_chunk)
{
    max_chunk = std::clamp<size_t>(max_chunk, 4, kMaxOptionString);
    const std::string text = base64_encode(zlib_compress(blob));
    const size_t n = std::max<size_t>(1, (text.size() + max_chunk - 1) / max_chunk);
    std::vector<MetaChunk> out;
    for (size_t i = 0; i < n; ++i) {
        MetaChunk c;
        c.name = std::string(kMetaPrefix) + key_hex(key) + ":" + std::string(kind) + ":" + std::to_string(i + 1) + "/" +
                 std::to_string(n);
        c.description = text.substr(i * max_chunk, max_chunk);
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<MetaChunkName> parse_meta_chunk_name(std::string_view name)
{
    if (!name.starts_with(kMetaPrefix)) return std::nullopt;
    const auto f = split(name.substr(kMetaPrefix.size()), ':');
    if (f.size() != 3 || f[1].empty()) return std::nullopt;
    MetaChunkName c;
    auto key = parse_key_hex(f[0]);
    const size_t slash = f[2].find('/');
    if (!key || slash == std::string_view::npos) return std::nullopt;
    auto i = to_number<uint32_t>(f[2].substr(0, slash));
    auto n = to_number<uint32_t>(f[2].substr(slash + 1));
    if (!i || !n || *i < 1 || *i > *n || *n > 100000) return std::nullopt;
    c.key = *key;
    c.kind = std::string(f[1]);
    c.index = *i;
    c.count = *n;
    return c;
}

bool MetaAssembler::add(std::string_view name, std::string_view description)
{
    auto c = parse_meta_chunk_name(name);
    if (!c) return false;
    Entry& e = entries_[{c->key, c->kind}];
    if (e.count == 0) {
        e.count = c->count;
        e.parts.resize(c->count);
    } else if (e.count != c->count) {
        return false;
    }
    auto& part = e.parts[c->index - 1];
    if (!part) part = std::string(description);
    return true;
}

std::optional<std::string> MetaAssembler::blob(uint64_t key, std::string_view kind, std::string* error) const
{
    auto fail = [&](std::string why) -> std::optional<std::string> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    auto it = entries_.find({key, std::string(kind)});
    if (it == entries_.end()) return fail("no " + std::string(kind) + " metadata for machine " + key_hex(key));
    std::string text;
    for (size_t i = 0; i < it->second.parts.size(); ++i) {
        if (!it->second.parts[i])
            return fail(std::string(kind) + " metadata chunk " + std::to_string(i + 1) + "/" +
                        std::to_string(it->second.count) + " is missing");
        text += *it->second.parts[i];
    }
    auto z = base64_decode(text);
    if (!z) return fail(std::string(kind) + " metadata is not valid base64");
    auto raw = zlib_decompress(*z);
    if (!raw) return fail(std::string(kind) + " metadata does not decompress");
    return raw;
}

std::vector<uint64_t> MetaAssembler::keys() const
{
    std::vector<uint64_t> out;
    for (const auto& [k, e] : entries_)
        if (out.empty() || out.back() != k.first) out.push_back(k.first);
    return out;
}

std::string encode_parts(const std::vector<Part>& parts)
{
    std::string out;
    for (const Part& p : parts) {
        out += p.name;
        out += '\n';
        out += std::to_string(p.data.size());
        out += '\n';
        out += p.data;
    }
    return out;
}

std::optional<std::vector<Part>> decode_parts(std::string_view blob)
{
    std::vector<Part> out;
    while (!blob.empty()) {
        const size_t nl1 = blob.find('\n');
        if (nl1 == std::string_view::npos) return std::nullopt;
        const size_t nl2 = blob.find('\n', nl1 + 1);
        if (nl2 == std::string_view::npos) return std::nullopt;
        auto len = to_number<size_t>(blob.substr(nl1 + 1, nl2 - nl1 - 1));
        if (!len || *len > blob.size() - nl2 - 1) return std::nullopt;
        out.push_back({std::string(blob.substr(0, nl1)), std::string(blob.substr(nl2 + 1, *len))});
        blob.remove_prefix(nl2 + 1 + *len);
    }
    return out;
}

std::string FormatParams::encode() const
{
    return "big_endian=" + std::to_string(big_endian ? 1 : 0) + "\nuser_long_size=" + std::to_string(user_long_size) +
           "\nkernel_long_size=" + std::to_string(kernel_long_size) + "\npage_size=" + std::to_string(page_size) +
           "\ncpus=" + std::to_string(cpus) + "\nclock_in_ns=" + std::to_string(clock_in_ns ? 1 : 0) +
           "\nfile_version=" + std::to_string(file_version) + "\n";
}

FormatParams FormatParams::decode(std::string_view text)
{
    FormatParams p;
    for (std::string_view line : split(text, '\n')) {
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view k = line.substr(0, eq);
        const auto v = to_number<long long>(line.substr(eq + 1));
        if (!v) continue;
        if (k == "big_endian") p.big_endian = *v != 0;
        else if (k == "user_long_size") p.user_long_size = static_cast<int>(*v);
        else if (k == "kernel_long_size") p.kernel_long_size = static_cast<int>(*v);
        else if (k == "page_size") p.page_size = static_cast<uint32_t>(*v);
        else if (k == "cpus") p.cpus = static_cast<int>(*v);
        else if (k == "clock_in_ns") p.clock_in_ns = *v != 0;
        else if (k == "file_version") p.file_version = static_cast<int>(*v);
    }
    return p;
}

std::string base64_encode(std::string_view bytes)
{
    static constexpr char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = uint32_t{static_cast<uint8_t>(bytes[i])} << 16 | uint32_t{static_cast<uint8_t>(bytes[i + 1])} << 8 |
                           static_cast<uint8_t>(bytes[i + 2]);
        out += tbl[v >> 18];
        out += tbl[(v >> 12) & 63];
        out += tbl[(v >> 6) & 63];
        out += tbl[v & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest) {
        uint32_t v = uint32_t{static_cast<uint8_t>(bytes[i])} << 16;
        if (rest == 2) v |= uint32_t{static_cast<uint8_t>(bytes[i + 1])} << 8;
        out += tbl[v >> 18];
        out += tbl[(v >> 12) & 63];
        out += rest == 2 ? tbl[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text)
{
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (text.size() % 4) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        int v[4];
        int pad = 0;
        for (int j = 0; j < 4; ++j) {
            const char c = text[i + static_cast<size_t>(j)];
            if (c == '=' && last && j >= 2) {
                v[j] = 0;
                ++pad;
            } else {
                if (pad) return std::nullopt;
                v[j] = val(c);
                if (v[j] < 0) return std::nullopt;
            }
        }
        const uint32_t w = static_cast<uint32_t>(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
        out += static_cast<char>(w >> 16);
        if (pad < 2) out += static_cast<char>((w >> 8) & 0xff);
        if (pad < 1) out += static_cast<char>(w & 0xff);
    }
    return out;
}

// Every open of a trace.dat compresses its metadata again (kallsyms alone is ~5 MB): level 1 takes 0.03 s where
// level 9 takes 0.45 s, for a blob about 25% larger.
std::string zlib_compress(std::string_view bytes)
{
    uLongf len = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(len, '\0');
    const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(bytes.data()),
                             static_cast<uLong>(bytes.size()), Z_BEST_SPEED);
    if (rc != Z_OK) throw std::runtime_error("zlib compress2 failed");
    out.resize(len);
    return out;
}

std::optional<std::string> zlib_decompress(std::string_view bytes, size_t max_size)
{
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return std::nullopt;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    std::string out;
    int rc = Z_OK;
    while (rc == Z_OK) {
        const size_t have = out.size();
        const size_t grow = std::max<size_t>(bytes.size() * 2, 64 * 1024);
        if (have >= max_size) break;
        out.resize(std::min(have + grow, max_size));
        z.next_out = reinterpret_cast<Bytef*>(out.data() + have);
        z.avail_out = static_cast<uInt>(out.size() - have);
        rc = inflate(&z, Z_NO_FLUSH);
        out.resize(out.size() - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
        if (rc == Z_BUF_ERROR) rc = Z_OK;
    }
    const bool ok = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace traceshark::wsmeta
