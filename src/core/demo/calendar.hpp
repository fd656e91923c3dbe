// Civil calendar arithmetic and the text forms of dates and timestamps written to staging (UTC).
#pragma once
#include <cstdint>
#include <limits>
#include <string>

namespace ecom::demo {

constexpr std::int64_t seconds_per_day = 86400;
constexpr std::int64_t seconds_per_hour = 3600;
// A time that never comes (an order never paid) and one that never ends (a SKU never discontinued).
constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t forever = std::numeric_limits<std::int64_t>::max();

// A proleptic Gregorian date.
struct CivilDate {
    int year;
    int month;  // 1..12
    int day;    // 1..31
};

// Days since 1970-01-01 of a civil date.
std::int64_t days_from_civil(int year, int month, int day);

// The civil date of a day number (days since 1970-01-01).
CivilDate civil_from_days(std::int64_t days);

// Day of the week of a day number: 0 = Sunday ... 6 = Saturday.
int weekday(std::int64_t days);

// The day number of Black Friday (the day after the fourth Thursday of November) of a year.
std::int64_t black_friday(int year);

// The day number containing a timestamp (seconds since the epoch), rounding down.
inline std::int64_t day_of(std::int64_t seconds) {
    return seconds >= 0 ? seconds / seconds_per_day : -((-seconds + seconds_per_day - 1) / seconds_per_day);
}

// Appends a date as YYYY-MM-DD.
void append_date(std::string& out, std::int64_t days);

// Appends a timestamp as YYYY-MM-DD HH:MM:SS+00 (an unambiguous timestamptz literal).
void append_timestamp(std::string& out, std::int64_t seconds);

}  // namespace ecom::demo
