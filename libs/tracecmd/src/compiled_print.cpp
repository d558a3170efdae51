#include "compiled_print.hpp"

#include <traceevent/event-parse.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace traceshark::tracecmd::detail {

// An integer expression: a record field, a constant, a cast, an operator.
struct CompiledPrint::Num {
    enum Kind { Const, Field, Mask, Op, Ternary, DynLen } kind = Const;
    enum Opcode { Not, Ne, BitNot, LOr, BOr, LAnd, BAnd, Lt, Shl, Le, Gt, Shr, Ge, Eq, Sub, Add, Div, Mod, Mul };
    uint64_t value = 0;  // Const: the value; Mask: what a cast keeps
    uint32_t offset = 0, size = 0;
    bool relative = false;  // DynLen of a __rel_loc field
    Opcode op = Add;
    int a = -1, b = -1, c = -1;  // operands (indexes into nums_)
};

// What a %s conversion prints.
struct CompiledPrint::Str {
    enum Kind { Text, Array, DynString, Flags, Symbol, Ternary, Empty } kind = Empty;
    std::string text;                 // Text; Flags: the delimiter
    bool has_delim = false;
    uint32_t offset = 0, size = 0;    // Array (size 0 = the rest of the record), DynString: the field
    bool relative = false;
    int num = -1;                     // Flags, Symbol, Ternary: the value tested
    int a = -1, b = -1;               // Ternary: the two strings (indexes into strs_)
    std::vector<std::pair<long long, std::string>> table;  // Flags, Symbol
};

// A piece of the output: literal text or one conversion of the format.
struct CompiledPrint::Piece {
    enum Kind { Literal, Int, String, Pointer, Function } kind = Literal;
    std::string text;  // Literal: the text; otherwise the printf conversion as libtraceevent passes it on
    int ls = 0;        // length modifier: -2 hh, -1 h, 0 none, 1 l/z, 2 ll/L
    char conv = 0;
    bool simple = false;  // Int: only '-'/'0' flags and a width (formatted here, not by snprintf)
    bool left = false, zero = false;
    int width = 0;
    bool with_offset = false;  // Function: %pS/%pF print "+0x<offset>"
    int arg = -1;              // Int, Pointer, Function: nums_; String: strs_
};

CompiledPrint::CompiledPrint() = default;
CompiledPrint::~CompiledPrint() = default;

namespace {

// libtraceevent's value for a __print_flags/__print_symbolic entry (eval_flag): a number, one of the few
// names it knows, or -1.
long long flag_value(const char* text)
{
    if (std::isdigit(static_cast<unsigned char>(text[0]))) return static_cast<long long>(std::strtoull(text, nullptr, 0));
    static const struct { const char* name; long long value; } known[] = {
        {"HI_SOFTIRQ", 0},     {"TIMER_SOFTIRQ", 1},     {"NET_TX_SOFTIRQ", 2},   {"NET_RX_SOFTIRQ", 3},
        {"BLOCK_SOFTIRQ", 4},  {"IRQ_POLL_SOFTIRQ", 5},  {"TASKLET_SOFTIRQ", 6},  {"SCHED_SOFTIRQ", 7},
        {"HRTIMER_SOFTIRQ", 8}, {"RCU_SOFTIRQ", 9},      {"HRTIMER_NORESTART", 0}, {"HRTIMER_RESTART", 1},
    };
    for (const auto& k : known)
        if (std::strcmp(k.name, text) == 0) return k.value;
    return -1;
}

// What a cast to `type` keeps of a value (eval_type_str): the named width for the C and kernel integer
// types it recognises, everything otherwise. Signed types are masked as well: libtraceevent never extends.
uint64_t cast_mask(std::string_view type)
{
    if (type.size() < 2 || type.back() == '*' || type.substr(0, 6) == "struct") return ~0ull;
    if (type == "u8" || type == "s8") return 0xff;
    if (type == "u16" || type == "s16") return 0xffff;
    if (type == "u32" || type == "s32") return 0xffffffff;
    if (type.substr(0, 9) == "unsigned ") type.remove_prefix(9);
    if (type == "char") return 0xff;
    if (type == "short") return 0xffff;
    if (type == "int") return 0xffffffff;
    return ~0ull;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"  // the event's own conversion, as libtraceevent uses it
template <typename T>
void append_printf(std::string& out, const char* format, T value)
{
    char buf[128];
    const int n = std::snprintf(buf, sizeof buf, format, value);
    if (n < 0) return;
    if (static_cast<size_t>(n) < sizeof buf) {
        out.append(buf, static_cast<size_t>(n));
        return;
    }
    const size_t at = out.size();
    out.resize(at + static_cast<size_t>(n) + 1);
    std::snprintf(out.data() + at, static_cast<size_t>(n) + 1, format, value);
    out.resize(at + static_cast<size_t>(n));
}
#pragma GCC diagnostic pop

void append_hex(std::string& out, uint64_t v, bool upper = false)
{
    char buf[16];
    int i = 16;
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        buf[--i] = digits[v & 15];
        v >>= 4;
    } while (v);
    out.append(buf + i, static_cast<size_t>(16 - i));
}

}  // namespace

// Builds a CompiledPrint from an event's parsed print format; fails (returns -1 / false) on anything whose
// output it does not reproduce.
class PrintCompiler {
public:
    PrintCompiler(tep_event* event, CompiledPrint& out) : event_(event), out_(out) {}

    bool run()
    {
        const char* format = event_->print_fmt.format;
        if (!format) return false;
        tep_print_arg* arg = event_->print_fmt.args;
        std::string literal;
        while (*format) {
            if (*format == '%' && format[1] != '%') {
                if (!conversion(format, arg, literal)) return false;
            } else {
                // parse_arg_string: backslash escapes and "%%"
                if (*format == '\\') {
                    ++format;
                    switch (*format) {
                    case 'n': literal += '\n'; break;
                    case 't': literal += '\t'; break;
                    case 'r': literal += '\r'; break;
                    case '\0': return false;  // libtraceevent would read past the end
                    default: literal += *format; break;
                    }
                    ++format;
                } else if (*format == '%') {
                    literal += '%';
                    format += 2;
                } else {
                    literal += *format++;
                }
            }
        }
        flush(literal);
        return true;
    }

private:
    using Piece = CompiledPrint::Piece;
    using Num = CompiledPrint::Num;
    using Str = CompiledPrint::Str;

    void flush(std::string& literal)
    {
        if (literal.empty()) return;
        Piece p;
        p.kind = Piece::Literal;
        p.text = std::move(literal);
        literal.clear();
        out_.pieces_.push_back(std::move(p));
    }

    // One "%..." of the format (parse_arg_format), consuming its argument.
    bool conversion(const char*& format, tep_print_arg*& arg, std::string& literal)
    {
        const char* start = format++;
        int ls = 0;
        bool star = false, odd = false;  // odd: something only printf itself should interpret
        for (; *format; ++format) {
            switch (*format) {
            case 'h': --ls; continue;
            case 'l': ++ls; continue;
            case 'L': ls = 2; continue;
            case 'z': case 'Z': ls = 1; continue;
            case '#': case '.': case '+': odd = true; continue;
            case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8':
            case '9': continue;
            case '*': star = true; continue;
            default: break;
            }
            break;
        }
        if (!*format) return false;  // the format ends inside a conversion
        const char c = *format++;
        if (c == 'p' || c == 'c' || c == 'd' || c == 'u' || c == 'i' || c == 'x' || c == 'X' || c == 'o' || c == 's') {
            if (!arg || star) return false;
        } else {
            // libtraceevent prints an unknown conversion character between '>' and '<'.
            literal += '>';
            literal += c;
            literal += '<';
            return true;
        }
        flush(literal);
        Piece p;
        p.conv = c;
        p.ls = ls;
        if (c == 'p') {
            switch (*format) {
            case 'F': case 'S': p.with_offset = true; [[fallthrough]];
            case 'f': case 's': p.kind = Piece::Function; ++format; break;
            case 'M': case 'm': case 'I': case 'i': case 'U': case 'h': return false;
            default: p.kind = Piece::Pointer; break;
            }
            if (arg->type == TEP_PRINT_BSTRING) return false;
            if ((p.arg = num(arg)) < 0) return false;
        } else if (c == 's') {
            p.kind = Piece::String;
            p.text.assign(start, format);
            for (const char* q = start + 1; q + 1 < format; ++q)
                if (!std::strchr("-.0123456789", *q)) return false;  // e.g. "%ls"
            if ((p.arg = str(arg)) < 0) return false;
        } else {
            if (ls < -2 || ls > 2) return false;
            p.kind = Piece::Int;
            p.text.assign(start, format);
            if (p.text.size() > 30) return false;
            if ((p.arg = num(arg)) < 0) return false;
            // "%[-0][width][length]conv" is formatted here; anything else by snprintf, as libtraceevent does.
            const char* q = start + 1;
            for (; *q == '-' || *q == '0'; ++q) (*q == '-' ? p.left : p.zero) = true;
            for (; std::isdigit(static_cast<unsigned char>(*q)); ++q) p.width = p.width * 10 + (*q - '0');
            while (std::strchr("hlLzZ", *q)) ++q;
            p.simple = !odd && q + 1 == format && ls >= 0 && c != 'c' && c != 'o' && p.width < 64;
        }
        arg = arg->next;
        out_.pieces_.push_back(std::move(p));
        return true;
    }

    int add(Num n)
    {
        out_.nums_.push_back(n);
        return static_cast<int>(out_.nums_.size() - 1);
    }
    int add(Str s)
    {
        out_.strs_.push_back(std::move(s));
        return static_cast<int>(out_.strs_.size() - 1);
    }

    tep_format_field* field_of(tep_format_field* known, const char* name)
    {
        return known ? known : (name ? tep_find_any_field(event_, name) : nullptr);
    }

    // An integer argument (eval_num_arg).
    int num(tep_print_arg* arg)
    {
        if (!arg) return -1;
        Num n;
        switch (arg->type) {
        case TEP_PRINT_NULL: n.kind = Num::Const; return add(n);
        case TEP_PRINT_ATOM: {
            const char* text = arg->atom.atom;
            n.value = std::strtoull(text, nullptr, 0);
            // A zero that is not written as a number is a kernel symbol's address, looked up by libtraceevent.
            if (!n.value && !std::isdigit(static_cast<unsigned char>(text[0]))) return -1;
            return add(n);
        }
        case TEP_PRINT_FIELD: {
            tep_format_field* f = field_of(arg->field.field, arg->field.name);
            if (!f || (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8)) return -1;
            n.kind = Num::Field;
            n.offset = static_cast<uint32_t>(f->offset);
            n.size = static_cast<uint32_t>(f->size);
            return add(n);
        }
        case TEP_PRINT_TYPE: {
            const int item = num(arg->typecast.item);
            if (item < 0 || !arg->typecast.type) return -1;
            n.kind = Num::Mask;
            n.value = cast_mask(arg->typecast.type);
            n.a = item;
            return add(n);
        }
        case TEP_PRINT_DYNAMIC_ARRAY_LEN: {
            tep_format_field* f = arg->dynarray.field;
            // (libtraceevent cannot take the length of a __rel_loc field: it writes through a null offset)
            if (!f || (f->size != 2 && f->size != 4) || (f->flags & TEP_FIELD_IS_RELATIVE)) return -1;
            n.kind = Num::DynLen;
            n.offset = static_cast<uint32_t>(f->offset);
            n.size = static_cast<uint32_t>(f->size);
            n.relative = f->flags & TEP_FIELD_IS_RELATIVE;
            return add(n);
        }
        case TEP_PRINT_OP: return op(arg);
        default: return -1;
        }
    }

    int op(tep_print_arg* arg)
    {
        const char* o = arg->op.op;
        if (!o) return -1;
        Num n;
        if (std::strcmp(o, "[") == 0) return -1;
        if (std::strcmp(o, "?") == 0) {
            tep_print_arg* branches = arg->op.right;
            if (!branches || branches->type != TEP_PRINT_OP) return -1;
            n.kind = Num::Ternary;
            if ((n.a = num(arg->op.left)) < 0 || (n.b = num(branches->op.left)) < 0 ||
                (n.c = num(branches->op.right)) < 0)
                return -1;
            return add(n);
        }
        n.kind = Num::Op;
        switch (o[0]) {
        case '!': if (!o[1]) n.op = Num::Not; else if (o[1] == '=') n.op = Num::Ne; else return -1; break;
        case '~': n.op = Num::BitNot; break;
        case '|': n.op = o[1] ? Num::LOr : Num::BOr; break;
        case '&': n.op = o[1] ? Num::LAnd : Num::BAnd; break;
        case '<':
            if (!o[1]) n.op = Num::Lt; else if (o[1] == '<') n.op = Num::Shl; else if (o[1] == '=') n.op = Num::Le;
            else return -1;
            break;
        case '>':
            if (!o[1]) n.op = Num::Gt; else if (o[1] == '>') n.op = Num::Shr; else if (o[1] == '=') n.op = Num::Ge;
            else return -1;
            break;
        case '=': if (o[1] != '=') return -1; n.op = Num::Eq; break;
        case '-': n.op = Num::Sub; break;
        case '+': n.op = Num::Add; break;
        case '/': n.op = Num::Div; break;
        case '%': n.op = Num::Mod; break;
        case '*': n.op = Num::Mul; break;
        default: return -1;
        }
        // libtraceevent evaluates both sides of every operator, the left one of a unary operator included.
        if ((n.a = num(arg->op.left)) < 0 || (n.b = num(arg->op.right)) < 0) return -1;
        return add(n);
    }

    // A string argument (print_str_arg).
    int str(tep_print_arg* arg)
    {
        if (!arg) return -1;
        Str s;
        switch (arg->type) {
        case TEP_PRINT_NULL:
        case TEP_PRINT_TYPE: return add(std::move(s));  // prints nothing
        case TEP_PRINT_ATOM:
            if (!arg->atom.atom) return -1;
            s.kind = Str::Text;
            s.text = arg->atom.atom;
            return add(std::move(s));
        case TEP_PRINT_BSTRING:
            if (!arg->string.string) return -1;
            s.kind = Str::Text;
            s.text = arg->string.string;
            return add(std::move(s));
        case TEP_PRINT_FIELD: {
            tep_format_field* f = field_of(arg->field.field, arg->field.name);
            // A long-sized scalar is taken for a pointer to a printk format: not reproduced here.
            if (!f || (!(f->flags & TEP_FIELD_IS_ARRAY) && f->size == tep_get_long_size(event_->tep))) return -1;
            s.kind = Str::Array;
            s.offset = static_cast<uint32_t>(f->offset);
            s.size = static_cast<uint32_t>(f->size);
            return add(std::move(s));
        }
        case TEP_PRINT_STRING: {
            tep_format_field* f = field_of(arg->string.field, arg->string.string);
            if (!f) return add(std::move(s));  // libtraceevent prints nothing
            if (f->size != 2 && f->size != 4) return -1;
            s.kind = Str::DynString;
            s.offset = static_cast<uint32_t>(f->offset);
            s.size = static_cast<uint32_t>(f->size);
            s.relative = f->flags & TEP_FIELD_IS_RELATIVE;
            return add(std::move(s));
        }
        case TEP_PRINT_FLAGS:
        case TEP_PRINT_SYMBOL: {
            const bool flags = arg->type == TEP_PRINT_FLAGS;
            s.kind = flags ? Str::Flags : Str::Symbol;
            if ((s.num = num(flags ? arg->flags.field : arg->symbol.field)) < 0) return -1;
            if (flags && arg->flags.delim) {
                s.has_delim = true;
                s.text = arg->flags.delim;
            }
            for (tep_print_flag_sym* f = flags ? arg->flags.flags : arg->symbol.symbols; f; f = f->next) {
                if (!f->value) return -1;
                const long long v = flag_value(f->value);
                if (!f->str && (!flags || v != 0)) return -1;  // an entry that could print a null name
                s.table.emplace_back(v, f->str ? f->str : "");
            }
            return add(std::move(s));
        }
        case TEP_PRINT_OP: {
            if (!arg->op.op || arg->op.op[0] != '?') return add(std::move(s));  // prints nothing
            tep_print_arg* branches = arg->op.right;
            if (!branches || branches->type != TEP_PRINT_OP) return -1;
            s.kind = Str::Ternary;
            if ((s.num = num(arg->op.left)) < 0) return -1;
            if ((s.a = str(branches->op.left)) < 0 || (s.b = str(branches->op.right)) < 0) return -1;
            return add(std::move(s));
        }
        default: return -1;
        }
    }

    tep_event* event_;
    CompiledPrint& out_;
};

std::unique_ptr<CompiledPrint> CompiledPrint::compile(tep_event* event)
{
    constexpr int kNeedsReference = TEP_EVENT_FL_FAILED | TEP_EVENT_FL_ISBPRINT | TEP_EVENT_FL_PRINTRAW;
    if (!event || (event->flags & kNeedsReference)) return nullptr;
    auto compiled = std::make_unique<CompiledPrint>();
    compiled->tep_ = event->tep;
    compiled->swap_ = tep_is_file_bigendian(event->tep) != tep_is_local_bigendian(event->tep);
    if (!PrintCompiler(event, *compiled).run()) return nullptr;
    return compiled;
}

namespace {

struct Evaluator {
    const std::vector<CompiledPrint::Num>& nums;
    const uint8_t* data;
    uint32_t size;
    bool swap;
    bool ok = true;

    uint64_t read(uint32_t offset, uint32_t width) const
    {
        switch (width) {
        case 1: return data[offset];
        case 2: { uint16_t v; std::memcpy(&v, data + offset, 2); return swap ? __builtin_bswap16(v) : v; }
        case 4: { uint32_t v; std::memcpy(&v, data + offset, 4); return swap ? __builtin_bswap32(v) : v; }
        default: { uint64_t v; std::memcpy(&v, data + offset, 8); return swap ? __builtin_bswap64(v) : v; }
        }
    }

    // dynamic_offset_field: where a __data_loc/__rel_loc field's bytes are, clamped as libtraceevent clamps.
    void dynamic(uint32_t offset, uint32_t width, bool relative, uint32_t& where, uint32_t& len) const
    {
        if (uint64_t{offset} + width > size) {
            where = len = 0;
            return;
        }
        const uint64_t v = read(offset, width);
        const uint32_t o = static_cast<uint32_t>(v & 0xffff);
        const uint32_t l = width == 2 ? size - o : static_cast<uint32_t>((v >> 16) & 0xffff);
        where = o > size ? 0 : o;
        len = static_cast<uint32_t>(o + l) > size ? 0 : l;  // 32-bit, wrapping as libtraceevent's does
        if (relative) where += offset + width;
    }

    uint64_t eval(int i)
    {
        const CompiledPrint::Num& n = nums[static_cast<size_t>(i)];
        using N = CompiledPrint::Num;
        switch (n.kind) {
        case N::Const: return n.value;
        case N::Field:
            if (uint64_t{n.offset} + n.size > size) {  // libtraceevent warns and uses 0: let it
                ok = false;
                return 0;
            }
            return read(n.offset, n.size);
        case N::Mask: return eval(n.a) & n.value;
        case N::Ternary: return eval(n.a) ? eval(n.b) : eval(n.c);
        case N::DynLen: {
            uint32_t where, len;
            dynamic(n.offset, n.size, n.relative, where, len);
            return len;
        }
        case N::Op: break;
        }
        const uint64_t l = eval(n.a), r = eval(n.b);
        switch (n.op) {
        case N::Not: return !r;
        case N::Ne: return l != r;
        case N::BitNot: return ~r;
        case N::LOr: return l || r;
        case N::BOr: return l | r;
        case N::LAnd: return l && r;
        case N::BAnd: return l & r;
        case N::Lt: return l < r;
        case N::Shl: return l << (r & 63);  // what the reference's shift does on this machine
        case N::Le: return l <= r;
        case N::Gt: return l > r;
        case N::Shr: return l >> (r & 63);
        case N::Ge: return l >= r;
        case N::Eq: return l == r;
        case N::Sub: return l - r;
        case N::Add: return l + r;
        case N::Div: if (!r) ok = false; return r ? l / r : 0;
        case N::Mod: if (!r) ok = false; return r ? l % r : 0;
        case N::Mul: return l * r;
        }
        return 0;
    }
};

void append_string(std::string& out, const std::string& format, const char* s, size_t n)
{
    if (format.size() == 2) {  // "%s"
        out.append(s, n);
        return;
    }
    const std::string copy(s, n);
    append_printf(out, format.c_str(), copy.c_str());
}

// An integer the way printf prints it for "%[-0][width]{d,i,u,x,X}" with the argument cast libtraceevent
// applies for the length modifier.
void append_int(std::string& out, const CompiledPrint::Piece& p, uint64_t raw)
{
    char buf[24];
    int i = sizeof buf;
    bool negative = false;
    uint64_t v = raw;
    if (p.conv == 'd' || p.conv == 'i') {
        const long long sv = p.ls == 0 ? static_cast<long long>(static_cast<int>(raw)) : static_cast<long long>(raw);
        negative = sv < 0;
        v = negative ? 0 - static_cast<uint64_t>(sv) : static_cast<uint64_t>(sv);
    } else if (p.ls == 0) {
        v = static_cast<uint32_t>(raw);
    }
    if (p.conv == 'x' || p.conv == 'X') {
        const char* digits = p.conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        do { buf[--i] = digits[v & 15]; v >>= 4; } while (v);
    } else {
        do { buf[--i] = static_cast<char>('0' + v % 10); v /= 10; } while (v);
    }
    const int digits = static_cast<int>(sizeof buf) - i;
    const int len = digits + (negative ? 1 : 0);
    const int pad = p.width > len ? p.width - len : 0;
    if (p.left) {
        if (negative) out += '-';
        out.append(buf + i, static_cast<size_t>(digits));
        out.append(static_cast<size_t>(pad), ' ');
    } else if (p.zero) {
        if (negative) out += '-';
        out.append(static_cast<size_t>(pad), '0');
        out.append(buf + i, static_cast<size_t>(digits));
    } else {
        out.append(static_cast<size_t>(pad), ' ');
        if (negative) out += '-';
        out.append(buf + i, static_cast<size_t>(digits));
    }
}

void append_int_printf(std::string& out, const CompiledPrint::Piece& p, uint64_t v)
{
    const char* f = p.text.c_str();
    switch (p.ls) {
    case -2: append_printf(out, f, static_cast<char>(v)); break;
    case -1: append_printf(out, f, static_cast<short>(v)); break;
    case 0: append_printf(out, f, static_cast<int>(v)); break;
    case 1: append_printf(out, f, static_cast<long>(v)); break;
    default: append_printf(out, f, static_cast<long long>(v)); break;
    }
}

}  // namespace

const CompiledPrint::Symbol& CompiledPrint::symbol(uint64_t addr) const
{
    Symbol& s = symbols_[(addr ^ (addr >> 6) ^ (addr >> 12)) & 63];
    if (!s.valid || s.addr != addr) {
        s.addr = addr;
        s.name = tep_find_function(tep_, addr);
        s.start = s.name ? tep_find_function_address(tep_, addr) : 0;
        s.valid = true;
    }
    return s;
}

bool CompiledPrint::render(const uint8_t* data, uint32_t size, std::string& out) const
{
    const size_t start = out.size();
    Evaluator ev{nums_, data, size, swap_};
    // print_str_arg for one string argument; false when the reference would read outside the record.
    auto put_str = [&](auto& self, int index, const std::string& format) -> bool {
        const Str& s = strs_[static_cast<size_t>(index)];
        switch (s.kind) {
        case Str::Empty: return true;
        case Str::Text: append_string(out, format, s.text.data(), s.text.size()); return true;
        case Str::Array: {
            if (s.offset > size) return false;
            const uint32_t len = s.size ? s.size : size - s.offset;
            if (uint64_t{s.offset} + len > size) return false;
            const char* p = reinterpret_cast<const char*>(data + s.offset);
            append_string(out, format, p, strnlen(p, len));
            return true;
        }
        case Str::DynString: {
            uint32_t where, len;
            ev.dynamic(s.offset, s.size, s.relative, where, len);
            if (!len) return true;
            if (where >= size) return false;
            const char* p = reinterpret_cast<const char*>(data + where);
            const void* nul = std::memchr(p, 0, size - where);
            if (!nul) return false;  // printf would run past the record
            append_string(out, format, p, static_cast<size_t>(static_cast<const char*>(nul) - p));
            return true;
        }
        case Str::Flags: {
            auto val = static_cast<long long>(ev.eval(s.num));
            bool printed = false;
            for (const auto& [fval, name] : s.table) {
                if (!val && fval < 0) {
                    append_string(out, format, name.data(), name.size());
                    break;
                }
                if (fval > 0 && (val & fval) == fval) {
                    if (printed && s.has_delim) out += s.text;
                    append_string(out, format, name.data(), name.size());
                    printed = true;
                    val &= ~fval;
                }
            }
            if (val) {
                if (printed && s.has_delim) out += s.text;
                out += "0x";
                append_hex(out, static_cast<uint64_t>(val));
            }
            return true;
        }
        case Str::Symbol: {
            const auto val = static_cast<long long>(ev.eval(s.num));
            for (const auto& [fval, name] : s.table) {
                if (val == fval) {
                    append_string(out, format, name.data(), name.size());
                    return true;
                }
            }
            out += "0x";
            append_hex(out, static_cast<uint64_t>(val));
            return true;
        }
        case Str::Ternary: return self(self, ev.eval(s.num) ? s.a : s.b, format);
        }
        return true;
    };
    for (const Piece& p : pieces_) {
        switch (p.kind) {
        case Piece::Literal: out += p.text; break;
        case Piece::Int: {
            const uint64_t v = ev.eval(p.arg);
            if (p.simple) append_int(out, p, v);
            else append_int_printf(out, p, v);
            break;
        }
        case Piece::String:
            if (!put_str(put_str, p.arg, p.text)) ev.ok = false;
            break;
        case Piece::Pointer: {
            const uint64_t v = ev.eval(p.arg);
            if (!v) {
                out += "(nil)";
            } else {
                out += "0x";
                append_hex(out, v);
            }
            break;
        }
        case Piece::Function: {
            const uint64_t v = ev.eval(p.arg);
            const Symbol& sym = symbol(v);
            if (sym.name) {
                out += sym.name;
                if (p.with_offset) {
                    out += "+0x";
                    append_hex(out, v - sym.start);
                }
            } else {
                out += "0x";
                append_hex(out, v);
            }
            break;
        }
        }
        if (!ev.ok) break;
    }
    if (!ev.ok) out.resize(start);
    return ev.ok;
}

}  // namespace traceshark::tracecmd::detail
