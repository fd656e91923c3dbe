// Appending numbers to text and escaping values for PostgreSQL's COPY text format.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ecom::demo {

// Appends a signed decimal integer.
void append_int(std::string& out, std::int64_t value);

// Appends a non-negative integer zero-padded to at least `width` digits.
void append_padded(std::string& out, std::uint64_t value, int width);

// Appends an amount of cents as a decimal with two places (-12.05, 0.99).
void append_money(std::string& out, std::int64_t cents);

// Appends a value escaped for COPY text format (backslash, tab, newline, carriage return).
void append_copy_escaped(std::string& out, std::string_view value);

}  // namespace ecom::demo
