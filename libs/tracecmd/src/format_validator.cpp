#include "format_validator.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace traceshark::tracecmd {
namespace {

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool digits(std::string_view& s)
{
    size_t n = 0;
    while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
    s.remove_prefix(n);
    return n > 0;
}

bool eat(std::string_view& s, std::string_view prefix)
{
    if (!s.starts_with(prefix)) return false;
    s.remove_prefix(prefix.size());
    return true;
}

// "\tfield:TYPE NAME[N];\toffset:O;\tsize:S;\tsigned:X;" (signed: is missing on old kernels). Adds NAME.
// libtraceevent's tokenizer reads a byte outside printable ASCII as the end of the text and then uses a null
// token: such bytes may only appear inside string literals.
bool plain(char c) { return (c >= 0x20 && c <= 0x7e) || c == '\t'; }

bool field_line(std::string_view line, std::set<std::string_view>& names)
{
    for (char c : line)
        if (!plain(c)) return false;
    if (!eat(line, "\tfield:")) return false;
    const size_t semi = line.find(';');
    if (semi == std::string_view::npos || semi == 0) return false;
    std::string_view decl = line.substr(0, semi);
    int square = 0, round = 0;
    for (char c : decl) {
        if (c == '[') ++square;
        else if (c == ']' && --square < 0) return false;
        else if (c == '(') ++round;
        else if (c == ')' && --round < 0) return false;
        else if (c == '"' || c == '\'' || c == '\\') return false;
    }
    if (square || round) return false;
    while (!decl.empty() && decl.back() == ' ') decl.remove_suffix(1);
    if (!decl.empty() && decl.back() == ']') decl = decl.substr(0, decl.rfind('['));
    size_t end = decl.size();
    while (end > 0 && decl[end - 1] == ' ') --end;
    size_t start = end;
    while (start > 0 && is_ident(decl[start - 1])) --start;
    if (start == end || start == 0) return false;  // a type and a name are both needed
    names.insert(decl.substr(start, end - start));
    line.remove_prefix(semi + 1);
    if (!eat(line, "\toffset:") || !digits(line) || !eat(line, ";")) return false;
    if (!eat(line, "\tsize:") || !digits(line) || !eat(line, ";")) return false;
    if (eat(line, "\tsigned:") && (!digits(line) || !eat(line, ";"))) return false;
    return line.empty();
}

// The print fmt: one string literal, then arguments with balanced brackets and closed literals, naming only
// declared fields after "REC->".
std::string print_problem(std::string_view fmt, const std::set<std::string_view>& names)
{
    if (!eat(fmt, "\"")) return "print fmt does not start with a string";
    bool in_string = true;
    int depth = 0;
    char last_open[64];
    for (size_t i = 0; i < fmt.size(); ++i) {
        const char c = fmt[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (!plain(c) && c != '\n') return "print fmt has a byte outside printable ASCII outside its strings";
        if (c == '"') {
            in_string = true;
        } else if (c == '\'') {
            const size_t close = fmt.find('\'', i + 1);
            if (close == std::string_view::npos || close > i + 3) return "unterminated character constant in print fmt";
            i = close;
        } else if (c == '(' || c == '[' || c == '{') {
            if (depth == static_cast<int>(sizeof last_open)) return "print fmt nests too deeply";
            last_open[depth++] = c;
        } else if (c == ')' || c == ']' || c == '}') {
            const char open = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (depth == 0 || last_open[depth - 1] != open) return "unbalanced brackets in print fmt";
            --depth;
        } else if (c == '/' || c == '%') {
            // libtraceevent divides without checking (at parse time for constants, at print time for fields): a
            // zero divisor is SIGFPE. Kernels divide only by non-zero constants and sizeof() (checked on every
            // format of the fixtures and the corpus).
            size_t j = i + 1;
            while (j < fmt.size() && (fmt[j] == ' ' || fmt[j] == '(')) ++j;
            const std::string_view rhs = fmt.substr(j);
            if (rhs.starts_with("sizeof")) continue;
            if (j == fmt.size() || !std::isdigit(static_cast<unsigned char>(fmt[j])))
                return "print fmt divides by something other than a constant";
            const std::string digits_text(rhs.substr(0, std::min<size_t>(rhs.size(), 24)));
            if (std::strtoull(digits_text.c_str(), nullptr, 0) == 0) return "print fmt divides by zero";
        } else if (fmt.substr(i).starts_with("REC->")) {
            size_t end = i + 5;
            while (end < fmt.size() && is_ident(fmt[end])) ++end;
            const std::string_view name = fmt.substr(i + 5, end - i - 5);
            if (!names.count(name)) return "print fmt uses undeclared field '" + std::string(name) + "'";
            i = end - 1;
        }
    }
    if (in_string) return "unterminated string in print fmt";
    if (depth) return "unbalanced brackets in print fmt";
    return {};
}

}  // namespace

FormatCheck check_format(std::string_view text)
{
    FormatCheck r;
    auto refuse = [&](std::string why) {
        r.fields_ok = r.print_ok = false;
        r.problem = std::move(why);
        return r;
    };
    if (text.find('\0') != std::string_view::npos) return refuse("format contains a NUL byte");
    std::string_view rest = text;
    if (!eat(rest, "name: ")) return refuse("format does not start with \"name: \"");
    for (char c : text.substr(0, text.find("\nformat:\n")))
        if (!plain(c) && c != '\n') return refuse("format header has a byte outside printable ASCII");
    const size_t format_at = rest.find("\nformat:\n");
    if (format_at == std::string_view::npos) return refuse("no \"format:\" line");
    rest.remove_prefix(format_at + 9);
    const size_t print_at = rest.find("\nprint fmt: ");
    std::string_view fields = print_at == std::string_view::npos ? rest : rest.substr(0, print_at + 1);
    std::set<std::string_view> names;
    while (!fields.empty()) {
        const size_t nl = fields.find('\n');
        const std::string_view line = fields.substr(0, nl);
        fields.remove_prefix(nl == std::string_view::npos ? fields.size() : nl + 1);
        if (line.empty()) continue;
        if (!field_line(line, names)) return refuse("malformed field line \"" + std::string(line.substr(0, 80)) + "\"");
    }
    if (print_at == std::string_view::npos) return r;
    std::string_view fmt = rest.substr(print_at + 12);
    while (!fmt.empty() && (fmt.back() == '\n' || fmt.back() == ' ')) fmt.remove_suffix(1);
    r.problem = print_problem(fmt, names);
    r.print_ok = r.problem.empty();
    return r;
}

}  // namespace traceshark::tracecmd
