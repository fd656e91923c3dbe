// Allocation-free number formatting and COPY escaping.
#include "core/demo/text.hpp"

namespace ecom::demo {

void append_padded(std::string& out, std::uint64_t value, int width) {
    char digits[24];
    int length = 0;
    do {
        digits[length++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (length < width) digits[length++] = '0';
    while (length > 0) out += digits[--length];
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
    for (const char c : value) {
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
