// KernelTraceControl/ImageID: the fixed layouts TraceEvent's SymbolTraceEventParser reads (ImageBase and, in
// ImageID, ImageSize are pointer-sized; the PDB names are UTF-8; FileVersion is ten UTF-16 strings). BuildTime is
// not in the payload: PerfView derives it from TimeDateStamp (seconds since 1970), and so do we.
#include "../decode/cursor.hpp"
#include "../decode/values.hpp"
#include "traceshark/etl/kernel_trace_control.hpp"

namespace traceshark::etl {
namespace {

using detail::Cursor;

constexpr uint64_t kFileTimeOf1970 = 116444736000000000ull;  // 100 ns ticks from 1601 to 1970

Value build_time(uint32_t time_date_stamp)
{
    return Value::make_uint(kFileTimeOf1970 + uint64_t{time_date_stamp} * 10'000'000u, 8, ValueKind::FileTime);
}

// A NUL-terminated UTF-8 string (the rest of the payload when the NUL is missing).
std::string utf8z(Cursor& c)
{
    std::string s;
    while (c.remaining() > 0) {
        const uint8_t b = c.u8();
        if (b == 0) break;
        s.push_back(static_cast<char>(b));
    }
    return s;
}

class ImageIdDecoder final : public PayloadDecoder {
public:
    bool decode(const EventRecord& r, DecodedEvent& out) override
    {
        if (r.is_event_header() || r.is_kernel() || r.provider != kernel_trace_control::image_id_class()) return false;
        out.provider = kernel_trace_control::kProviderName;
        out.task = "ImageID";
        const uint8_t P = r.pointer_size == 4 ? 4 : 8;
        Cursor c(r.payload);
        auto add = [&](const char* name, Value v) { out.fields.push_back({name, std::move(v)}); };
        switch (r.descriptor.opcode) {
        case 0: {  // ImageID ("Info": PerfView shows the task alone)
            out.opcode.clear();
            add("ImageBase", Value::make_uint(c.uint(P), P, ValueKind::HexInt));
            add("ImageSize", Value::make_uint(c.uint(P), P));
            add("ProcessID", Value::make_uint(c.u32(), 4));
            const uint32_t stamp = c.u32();
            add("TimeDateStamp", Value::make_uint(stamp, 4));
            add("BuildTime", build_time(stamp));
            add("OriginalFileName", Value::make_string(c.utf16z()));
            break;
        }
        case 32: out.opcode = "None"; break;
        case 36: case 37: {  // DbgID_RSDS, DbgID_ILRSDS: a ProcessID (u32) after ImageBase, not shown
            out.opcode = r.descriptor.opcode == 36 ? "DbgID_RSDS" : "DbgID_ILRSDS";
            add("ImageBase", Value::make_uint(c.uint(P), P, ValueKind::HexInt));
            c.u32();
            add("GuidSig", detail::make_guid(c.guid()));
            add("Age", Value::make_uint(c.u32(), 4));
            add("PDBFileName", Value::make_string(utf8z(c)));
            break;
        }
        case 38: {  // DbgPPDB (portable PDB): TimeDateStamp, then the PDB format's major and minor versions
            out.opcode = "DbgPPDB";
            add("ImageBase", Value::make_uint(c.uint(P), P, ValueKind::HexInt));
            c.u32();  // ProcessID
            add("TimeDateStamp", Value::make_uint(c.u32(), 4));
            add("MajorVersion", Value::make_uint(c.u16(), 2));
            add("MinorVersion", Value::make_uint(c.u16(), 2));
            break;
        }
        case 40:  // DbgDeterm: the image was built deterministically; only its base is shown
            out.opcode = "DbgDeterm";
            add("ImageBase", Value::make_uint(c.uint(P), P, ValueKind::HexInt));
            break;
        case 64: {
            out.opcode = "FileVersion";
            add("ImageSize", Value::make_uint(c.u32(), 4));
            const uint32_t stamp = c.u32();
            add("TimeDateStamp", Value::make_uint(stamp, 4));
            add("BuildTime", build_time(stamp));
            for (const char* name : {"OrigFileName", "FileDescription", "FileVersion", "BinFileVersion", "VerLanguage",
                                     "ProductName", "CompanyName", "ProductVersion", "FileId", "ProgramId"})
                add(name, Value::make_string(c.utf16z()));
            break;
        }
        default: out.task = "ImageID"; out.opcode = "Opcode(" + std::to_string(r.descriptor.opcode) + ")"; return true;
        }
        if (c.failed) out.problem = "payload of " + std::to_string(r.payload.size()) + " bytes is too short for " +
                                    out.name();
        out.decoded = true;
        return true;
    }
};

}  // namespace

namespace kernel_trace_control {
Guid image_id_class() { return *Guid::parse("b3e675d7-2554-4f18-830b-2762732560de"); }
Guid metadata_class() { return *Guid::parse("bbccf6c1-6cd1-48c4-80ff-839482e37671"); }
}  // namespace kernel_trace_control

std::unique_ptr<PayloadDecoder> make_image_id_decoder() { return std::make_unique<ImageIdDecoder>(); }

}  // namespace traceshark::etl
