// Strict validators of numbers, dates and timestamps in text (see safe_cast.hpp).
#include "core/safe_cast.hpp"

#include <cstddef>

namespace ecom::safe_cast {

namespace {

// More digits than any amount needs; far below numeric's own limits, so the cast can never fail.
constexpr int max_decimal_digits = 1000;

// A cursor over the text with the small parsing steps the validators share.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}
    // Skips spaces, tabs and line breaks.
    void skip_blanks() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    // Consumes `c` when it is next.
    bool accept(char c) {
        if (pos_ < text_.size() && text_[pos_] == c) { ++pos_; return true; }
        return false;
    }
    // Consumes up to `max` digits; returns how many and their value.
    int digits(int max, int& value) {
        int count = 0;
        value = 0;
        while (count < max && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
            value = value * 10 + (text_[pos_] - '0');
            ++pos_;
            ++count;
        }
        return count;
    }
    // Consumes exactly `n` digits into value; false (and nothing reliable consumed) otherwise.
    bool fixed(int n, int& value) { return digits(n, value) == n; }
    // Whether the next character is a digit.
    bool at_digit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }
    // Whether the whole text has been consumed.
    bool done() const { return pos_ == text_.size(); }
    // The next character, or NUL at the end.
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// Days in a month of the Gregorian calendar.
int days_in_month(int year, int month) {
    if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

// Consumes YYYY-MM-DD with a real calendar day.
bool date_part(Cursor& in) {
    int year, month, day;
    if (!in.fixed(4, year) || year < 1000 || !in.accept('-') || !in.fixed(2, month) || !in.accept('-') ||
        !in.fixed(2, day))
        return false;
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Consumes HH:MM[:SS[.f{1,6}]].
bool time_part(Cursor& in) {
    int hour, minute, second, fraction;
    if (!in.fixed(2, hour) || hour > 23 || !in.accept(':') || !in.fixed(2, minute) || minute > 59) return false;
    if (!in.accept(':')) return true;
    if (!in.fixed(2, second) || second > 59) return false;
    if (!in.accept('.')) return true;
    return in.digits(6, fraction) >= 1 && !in.at_digit();
}

// Consumes Z or +HH[[:]MM] / -HH[[:]MM] when present.
bool offset_part(Cursor& in) {
    if (in.accept('Z')) return true;
    if (!in.accept('+') && !in.accept('-')) return true;
    int hour, minute;
    if (!in.fixed(2, hour) || hour > 23) return false;
    const bool colon = in.accept(':');
    if (!in.at_digit()) return !colon;
    return in.fixed(2, minute) && minute <= 59;
}

}  // namespace

// Sign, digits, optional point and digits, within blanks (see the header).
bool is_decimal(std::string_view text) noexcept {
    Cursor in(text);
    int ignored;
    in.skip_blanks();
    if (!in.accept('-')) in.accept('+');
    // digits(9) is called repeatedly: any number of digits is fine for numeric.
    int before = 0;
    while (in.at_digit()) before += in.digits(9, ignored);
    int after = 0;
    if (in.accept('.'))
        while (in.at_digit()) after += in.digits(9, ignored);
    in.skip_blanks();
    return in.done() && before + after > 0 && before + after <= max_decimal_digits;
}

// Sign and 1-9 digits within blanks.
bool is_int32(std::string_view text) noexcept {
    Cursor in(text);
    int ignored;
    in.skip_blanks();
    if (!in.accept('-')) in.accept('+');
    if (in.digits(9, ignored) == 0 || in.at_digit()) return false;
    in.skip_blanks();
    return in.done();
}

// A calendar date within blanks.
bool is_iso_date(std::string_view text) noexcept {
    Cursor in(text);
    in.skip_blanks();
    if (!date_part(in)) return false;
    in.skip_blanks();
    return in.done();
}

// A date, an optional time after a space or T, an optional offset, within blanks.
bool is_iso_timestamp(std::string_view text) noexcept {
    Cursor in(text);
    in.skip_blanks();
    if (!date_part(in)) return false;
    if ((in.peek() == ' ' || in.peek() == 'T')) {
        Cursor probe = in;
        probe.accept(' ') || probe.accept('T');
        if (probe.at_digit()) {
            in = probe;
            if (!time_part(in)) return false;
        }
    }
    in.skip_blanks();
    if (!offset_part(in)) return false;
    in.skip_blanks();
    return in.done();
}

}  // namespace ecom::safe_cast
