// Instrumentation manifests (the XML of `.man` files, of wevtutil/`Get-WinEvent` exports and of .NET EventSource
// ManifestData events): providers with their events, tasks, opcodes, levels, keywords, channels, value/bit maps and
// templates, every $(string.X) reference resolved from the localization string table. Parsed with expat; the model
// is our own. Names are kept as the manifest spells them; `message` fields hold the resolved display strings.
//
// Limits (ManifestError beyond them): 64 MiB of XML, element depth 64, struct nesting 8, 1024 data items per
// template (members included), 65 536 events / templates / map entries per provider, 4096 providers, 1 M strings.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "traceshark/etl/guid.hpp"

namespace traceshark::etl::manifest {

// A problem in a manifest: `file` (as given to the parser) and the 1-based XML `line` (0 if none applies).
class ManifestError : public std::runtime_error {
public:
    ManifestError(std::string file, uint64_t line, const std::string& what);
    const std::string& file() const { return file_; }
    uint64_t line() const { return line_; }

private:
    std::string file_;
    uint64_t line_;
};

// TDH's IN_TYPE values (also TraceLogging's InType numbering).
enum class InType : uint8_t {
    Null = 0, UnicodeString = 1, AnsiString = 2, Int8 = 3, UInt8 = 4, Int16 = 5, UInt16 = 6, Int32 = 7, UInt32 = 8,
    Int64 = 9, UInt64 = 10, Float = 11, Double = 12, Boolean = 13, Binary = 14, Guid = 15, Pointer = 16,
    FileTime = 17, SystemTime = 18, Sid = 19, HexInt32 = 20, HexInt64 = 21, CountedString = 22,
    CountedAnsiString = 23, Struct = 24, CountedBinary = 25,
};

// The output types that change how a value is represented (the others are kept as Default).
enum class OutType : uint8_t {
    Default, String, Xml, Json, Utf8, HexInt, HexBinary, Boolean, IPv4, IPv6, Port, SocketAddress, Pid, Tid,
    Win32Error, NtStatus, HResult, DateTime, Guid, Other,
};

// "win:UInt32" -> UInt32 (prefix optional); false if unknown.
bool parse_in_type(std::string_view name, InType& out);
OutType parse_out_type(std::string_view name);

// A `count` or `length` attribute: absent, a constant, or the name of an earlier integer data item.
struct SizeRef {
    enum class Kind : uint8_t { None, Constant, Field } kind = Kind::None;
    uint32_t constant = 0;
    std::string field;
    bool present() const { return kind != Kind::None; }
};

struct DataItem {
    std::string name;
    InType in_type = InType::Null;
    OutType out_type = OutType::Default;
    std::string map;       // the map name ("" if none)
    int32_t map_index = -1;  // into Provider::maps, resolved after parsing (-1: none or unknown)
    SizeRef count, length;
    std::vector<DataItem> members;  // in_type == Struct
    uint64_t line = 0;
};

struct Template {
    std::string tid;
    std::vector<DataItem> items;
};

struct MapEntry {
    uint64_t value = 0;
    std::string message;  // resolved, trimmed
};

struct Map {
    std::string name;
    bool bitmap = false;
    std::vector<MapEntry> entries;
};

// A task, opcode, level, keyword or channel: its numeric value, manifest name and resolved display message.
struct Named {
    uint64_t value = 0;
    std::string name;
    std::string message;
    // The name PerfView shows: the display message when there is one, else the name ("win:" prefix dropped).
    const std::string& display() const { return message.empty() ? name : message; }
};

struct Task : Named {
    std::vector<Named> opcodes;  // opcodes declared inside the task
};

struct Event {
    uint16_t id = 0;
    uint8_t version = 0;
    std::string symbol;
    uint16_t task = 0;
    uint8_t opcode = 0;
    uint8_t level = 0;
    uint8_t channel = 0;
    uint64_t keywords = 0;
    int32_t template_index = -1;  // into Provider::templates (-1: no payload template)
    std::string message;          // resolved message template ("" if none)
    uint64_t line = 0;
    // Attribute text, resolved to the numbers above after the provider is complete.
    std::string task_ref, opcode_ref, level_ref, channel_ref, keywords_ref, template_ref;
};

struct Provider {
    std::string name;
    Guid guid;
    std::string symbol;
    std::string message;
    std::vector<Event> events;
    std::vector<Template> templates;
    std::vector<Map> maps;
    std::vector<Task> tasks;
    std::vector<Named> opcodes;   // provider-wide opcodes
    std::vector<Named> levels;
    std::vector<Named> keywords;  // value = mask
    std::vector<Named> channels;

    const Task* find_task(uint64_t value) const;
    // The opcode of `task` (its own opcodes first), then provider-wide, then the standard win: opcodes.
    const Named* find_opcode(uint16_t task, uint64_t value) const;
    const Named* find_level(uint64_t value) const;
    const Event* find_event(uint16_t id, uint8_t version) const;
    bool has_event_id(uint16_t id) const;
};

struct Manifest {
    std::string source;  // file name or "ManifestData of <guid>"
    std::vector<Provider> providers;
};

// Standard names (winmeta.xml): levels win:LogAlways..win:Verbose, opcodes win:Info..win:Receive, channels,
// keywords. nullptr when `name` is not one of them.
const Named* standard_level(std::string_view name);
const Named* standard_opcode(std::string_view name);
const Named* standard_opcode(uint64_t value);
const Named* standard_level(uint64_t value);
const Named* standard_keyword(std::string_view name);
const Named* standard_channel(std::string_view name);

// Parses one manifest document. Throws ManifestError (naming `source` and the line) on malformed XML, a limit
// exceeded, or a reference that cannot be resolved where decoding needs it (unknown template, inType).
Manifest parse_manifest(std::string_view xml, const std::string& source);
// Reads and parses a file (ManifestError also when it cannot be read).
Manifest load_manifest_file(const std::string& path);

// Renders a message template: %1..%99 are the template's top-level items (`texts[i-1]`), "%n!fmt!" drops the
// printf format, %% is '%', %t a tab, %r a carriage return, %n a newline; a missing insertion renders empty.
std::string render_message(std::string_view message, const std::vector<std::string>& texts);

}  // namespace traceshark::etl::manifest
