#include "decompressor.hpp"

#include <zlib.h>
#include <zstd.h>

#include "traceshark/tracecmd/error.hpp"

namespace traceshark::tracecmd::detail {
namespace {

class ZstdDecompressor final : public Decompressor {
public:
    ZstdDecompressor() : ctx_(ZSTD_createDCtx()) {}
    ~ZstdDecompressor() override { ZSTD_freeDCtx(ctx_); }
    ZstdDecompressor(const ZstdDecompressor&) = delete;
    ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

    std::string decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override
    {
        // Writers before April 2022 stored the compressBound size, leaving junk after the frame:
        // decode exactly the first frame.
        const size_t frame = ZSTD_findFrameCompressedSize(in.data(), in.size());
        if (ZSTD_isError(frame)) return std::string("zstd: ") + ZSTD_getErrorName(frame);
        const size_t n = ZSTD_decompressDCtx(ctx_, out.data(), out.size(), in.data(), frame);
        if (ZSTD_isError(n)) return std::string("zstd: ") + ZSTD_getErrorName(n);
        if (n != out.size())
            return "zstd: frame decodes to " + std::to_string(n) + " bytes, header says " +
                   std::to_string(out.size());
        return {};
    }

private:
    ZSTD_DCtx* ctx_;
};

class ZlibDecompressor final : public Decompressor {
public:
    std::string decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override
    {
        uLongf produced = static_cast<uLongf>(out.size());
        const int rc = ::uncompress(out.data(), &produced, in.data(), static_cast<uLong>(in.size()));
        if (rc != Z_OK) return std::string("zlib: ") + zError(rc);
        if (produced != out.size())
            return "zlib: stream decodes to " + std::to_string(produced) + " bytes, header says " +
                   std::to_string(out.size());
        return {};
    }
};

}  // namespace

std::unique_ptr<Decompressor> Decompressor::create(std::string_view name, uint64_t offset)
{
    if (name == "none") return nullptr;
    if (name == "zstd") return std::make_unique<ZstdDecompressor>();
    if (name == "zlib") return std::make_unique<ZlibDecompressor>();
    throw UnsupportedError(offset, "unsupported compression algorithm '" + std::string(name) + "'");
}

}  // namespace traceshark::tracecmd::detail
