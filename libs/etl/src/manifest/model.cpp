// Look-ups in a parsed provider, and the in/out type names.
#include <array>
#include <utility>

#include "traceshark/etl/manifest.hpp"

namespace traceshark::etl::manifest {
namespace {

std::string_view drop_prefix(std::string_view name)
{
    const size_t colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

}  // namespace

ManifestError::ManifestError(std::string file, uint64_t line, const std::string& what)
    : std::runtime_error(file + (line ? ":" + std::to_string(line) : std::string()) + ": " + what),
      file_(std::move(file)),
      line_(line)
{
}

bool parse_in_type(std::string_view name, InType& out)
{
    static constexpr std::array<std::pair<std::string_view, InType>, 25> kNames{{
        {"UnicodeString", InType::UnicodeString}, {"AnsiString", InType::AnsiString}, {"Int8", InType::Int8},
        {"UInt8", InType::UInt8}, {"Int16", InType::Int16}, {"UInt16", InType::UInt16}, {"Int32", InType::Int32},
        {"UInt32", InType::UInt32}, {"Int64", InType::Int64}, {"UInt64", InType::UInt64}, {"Float", InType::Float},
        {"Double", InType::Double}, {"Boolean", InType::Boolean}, {"Binary", InType::Binary},
        {"GUID", InType::Guid}, {"Pointer", InType::Pointer}, {"FILETIME", InType::FileTime},
        {"SYSTEMTIME", InType::SystemTime}, {"SID", InType::Sid}, {"HexInt32", InType::HexInt32},
        {"HexInt64", InType::HexInt64}, {"CountedString", InType::CountedString},
        {"CountedAnsiString", InType::CountedAnsiString}, {"CountedBinary", InType::CountedBinary},
        {"Null", InType::Null},
    }};
    const std::string_view n = drop_prefix(name);
    for (const auto& [text, type] : kNames)
        if (n == text) {
            out = type;
            return true;
        }
    return false;
}

OutType parse_out_type(std::string_view name)
{
    static constexpr std::array<std::pair<std::string_view, OutType>, 20> kNames{{
        {"string", OutType::String}, {"xml", OutType::Xml}, {"Xml", OutType::Xml}, {"Json", OutType::Json},
        {"Utf8", OutType::Utf8}, {"HexInt8", OutType::HexInt}, {"HexInt16", OutType::HexInt},
        {"HexInt32", OutType::HexInt}, {"HexInt64", OutType::HexInt}, {"hexBinary", OutType::HexBinary},
        {"boolean", OutType::Boolean}, {"IPv4", OutType::IPv4}, {"IPv6", OutType::IPv6}, {"Port", OutType::Port},
        {"SocketAddress", OutType::SocketAddress}, {"PID", OutType::Pid}, {"TID", OutType::Tid},
        {"Win32Error", OutType::Win32Error}, {"NTSTATUS", OutType::NtStatus}, {"HResult", OutType::HResult},
    }};
    if (name.empty()) return OutType::Default;
    const std::string_view n = drop_prefix(name);
    for (const auto& [text, type] : kNames)
        if (n == text) return type;
    if (n == "dateTime" || n == "DateTimeCultureInsensitive") return OutType::DateTime;
    if (n == "GUID") return OutType::Guid;
    return OutType::Other;
}

const Task* Provider::find_task(uint64_t value) const
{
    for (const Task& t : tasks)
        if (t.value == value) return &t;
    return nullptr;
}

const Named* Provider::find_opcode(uint16_t task, uint64_t value) const
{
    if (const Task* t = find_task(task))
        for (const Named& o : t->opcodes)
            if (o.value == value) return &o;
    for (const Named& o : opcodes)
        if (o.value == value) return &o;
    return standard_opcode(value);
}

const Named* Provider::find_level(uint64_t value) const
{
    for (const Named& l : levels)
        if (l.value == value) return &l;
    return standard_level(value);
}

const Event* Provider::find_event(uint16_t id, uint8_t version) const
{
    for (const Event& e : events)
        if (e.id == id && e.version == version) return &e;
    return nullptr;
}

bool Provider::has_event_id(uint16_t id) const
{
    for (const Event& e : events)
        if (e.id == id) return true;
    return false;
}

}  // namespace traceshark::etl::manifest
