// libFuzzer target: template decoding. A fixed manifest with every inType, counts and lengths from fields and
// constants, nested structs with counts, value and bit maps; the input picks the event (first byte: template
// and pointer size) and is its payload.
#include <cstdint>
#include <memory>
#include <vector>

#include "traceshark/etl/manifest_decoder.hpp"

using namespace traceshark::etl;

namespace {

const char* kManifest = R"XML(<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events">
<instrumentation><events><provider name="Fuzz" guid="{11111111-2222-3333-4444-555555555555}">
<maps><valueMap name="V"><map value="1" message="one"/></valueMap>
<bitMap name="B"><map value="1" message="a"/><map value="4" message="c"/></bitMap></maps>
<templates>
<template tid="scalars">
 <data name="a" inType="win:UnicodeString"/><data name="b" inType="win:AnsiString"/>
 <data name="c" inType="win:Int8"/><data name="d" inType="win:UInt8" map="V"/><data name="e" inType="win:Int16"/>
 <data name="f" inType="win:UInt16" outType="win:Port"/><data name="g" inType="win:Int32"/>
 <data name="h" inType="win:UInt32" map="B"/><data name="i" inType="win:Int64"/><data name="j" inType="win:UInt64"/>
 <data name="k" inType="win:Float"/><data name="l" inType="win:Double"/><data name="m" inType="win:Boolean"/>
 <data name="n" inType="win:GUID"/><data name="o" inType="win:Pointer"/><data name="p" inType="win:FILETIME"/>
 <data name="q" inType="win:SYSTEMTIME"/><data name="r" inType="win:SID"/><data name="s" inType="win:HexInt32"/>
 <data name="t" inType="win:HexInt64"/><data name="u" inType="win:CountedString"/>
 <data name="v" inType="win:CountedAnsiString"/><data name="w" inType="win:CountedBinary"/>
 <data name="x" inType="win:UInt32" outType="win:IPv4"/><data name="y" inType="win:Binary" outType="win:IPv6" length="16"/>
</template>
<template tid="counted">
 <data name="n" inType="win:UInt32"/><data name="len" inType="win:UInt16"/>
 <data name="arr" inType="win:UInt16" count="n"/><data name="str" inType="win:UnicodeString" length="len"/>
 <data name="astr" inType="win:AnsiString" length="len" count="2"/><data name="bin" inType="win:Binary" length="len"/>
 <struct name="outer" count="n"><data name="k" inType="win:UInt8"/>
  <struct name="inner" count="k"><data name="v" inType="win:UInt8" map="V"/><data name="s" inType="win:UnicodeString"/></struct>
 </struct>
 <struct name="empty" count="n"/><data name="nulls" inType="win:Null" count="n"/>
 <data name="rest" inType="win:Binary"/>
</template>
</templates>
<events><event value="1" template="scalars"/><event value="2" template="counted"/></events>
</provider></events></instrumentation></instrumentationManifest>)XML";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const auto decoder = std::make_unique<ManifestDecoder>(
        std::vector<manifest::Manifest>{manifest::parse_manifest(kManifest, "fuzz.man")});
    if (size < 1) return 0;
    EventRecord rec;
    rec.header_type = data[0] & 2 ? HeaderType::EventHeader32 : HeaderType::EventHeader64;
    rec.pointer_size = data[0] & 2 ? 4 : 8;
    rec.provider = *Guid::parse("11111111-2222-3333-4444-555555555555");
    rec.descriptor.id = static_cast<uint16_t>(1 + (data[0] & 1));
    rec.payload = std::span<const uint8_t>(data + 1, size - 1);
    DecodedEvent out;
    (void)decoder->decode(rec, out);
    return 0;
}
