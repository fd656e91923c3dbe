// Allocation-free number formatting and COPY escaping.
#include "core/demo/text.hpp"

namespace ecom::demo {

namespace {

// The bytes COPY text format escapes (a lookup: this scan runs over every generated value).
struct EscapeTable {
    bool flags[256];
};
constexpr EscapeTable escape_table = [] {
    EscapeTable table{};
    table.flags[static_cast<unsigned char>('\\')] = table.flags[static_cast<unsigned char>('\t')] = true;
    table.flags[static_cast<unsigned char>('\n')] = table.flags[static_cast<unsigned char>('\r')] = true;
    return table;
}();
constexpr const bool* needs_escape = escape_table.flags;

}  // namespace

void append_padded(std::string& out, std::uint64_t value, int width) {
    char digits[24];
    char* first = digits + sizeof digits;
    do {
        *--first = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (digits + sizeof digits - first < width && first > digits) *--first = '0';
    out.append(first, static_cast<std::size_t>(digits + sizeof digits - first));
}

void append_int(std::string& out, std::int64_t value) {
    if (value < 0) {
        out += '-';
        append_padded(out, 0 - static_cast<std::uint64_t>(value), 1);
    } else {
        append_padded(out, static_cast<std::uint64_t>(value), 1);
    }
}

void append_money(std::string& out, std::int64_t cents) {
    std::uint64_t magnitude = static_cast<std::uint64_t>(cents);
    if (cents < 0) {
        out += '-';
        magnitude = 0 - magnitude;
    }
    append_padded(out, magnitude / 100, 1);
    out += '.';
    append_padded(out, magnitude % 100, 2);
}

void append_copy_escaped(std::string& out, std::string_view value) {
    std::size_t plain = 0;
    while (plain < value.size() && !needs_escape[static_cast<unsigned char>(value[plain])]) ++plain;
    out.append(value.data(), plain);  // the usual case: nothing to escape
    for (const char c : value.substr(plain)) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
}

}  // namespace ecom::demo
