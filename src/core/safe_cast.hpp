// Strict validators for the text forms the ETL accepts, so a value is cast only when the cast cannot fail:
// a bad value becomes NULL (and a quarantine rule) instead of an error that aborts the whole run.
#pragma once
#include <string_view>

namespace ecom::safe_cast {

// Optional blanks, optional sign, digits with an optional decimal point ("12", "-3.50", ".5", "7."), blanks;
// at most 1000 digits.
bool is_decimal(std::string_view text) noexcept;

// Optional blanks, optional sign, 1 to 9 digits, blanks: always fits a 32-bit integer.
bool is_int32(std::string_view text) noexcept;

// Optional blanks, YYYY-MM-DD (year 1000-9999, a day that exists in the Gregorian calendar), blanks.
bool is_iso_date(std::string_view text) noexcept;

// An ISO date, optionally followed by [ T]HH:MM[:SS[.f{1,6}]] (00:00:00-23:59:59), then optionally blanks and
// a UTC offset Z, +HH, +HHMM or +HH:MM (hours 00-23), then blanks.
bool is_iso_timestamp(std::string_view text) noexcept;

}  // namespace ecom::safe_cast
