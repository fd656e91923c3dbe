// Civil-date conversions (the days-from-civil algorithm on 400-year eras) and fixed-width formatting.
#include "core/demo/calendar.hpp"

namespace ecom::demo {

namespace {

// Writes `value` as exactly `width` decimal digits at `out`.
void put_digits(char* out, std::int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// Floor division for a positive divisor.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = floor_div(days, 146097);
    const std::int64_t day_of_era = days - era * 146097;
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t mp = (5 * day_of_year + 2) / 153;
    const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

int weekday(std::int64_t days) {
    const std::int64_t shifted = (days + 4) % 7;  // 1970-01-01 was a Thursday
    return static_cast<int>(shifted < 0 ? shifted + 7 : shifted);
}

std::int64_t black_friday(int year) {
    const std::int64_t first = days_from_civil(year, 11, 1);
    const int first_thursday_offset = (4 - weekday(first) + 7) % 7;
    return first + first_thursday_offset + 21 + 1;
}

void append_date(std::string& out, std::int64_t days) {
    // Rows come grouped by customer, SKU or day, so the same day repeats: keep the last one formatted.
    thread_local struct {
        std::int64_t days;
        char text[10];
    } last = {never, {}};
    if (last.days != days) {
        const CivilDate date = civil_from_days(days);
        put_digits(last.text, date.year, 4);
        last.text[4] = '-';
        put_digits(last.text + 5, date.month, 2);
        last.text[7] = '-';
        put_digits(last.text + 8, date.day, 2);
        last.days = days;
    }
    out.append(last.text, sizeof last.text);
}

void append_timestamp(std::string& out, std::int64_t seconds) {
    const std::int64_t days = day_of(seconds);
    const std::int64_t in_day = seconds - days * seconds_per_day;
    append_date(out, days);
    char text[12];
    text[0] = ' ';
    put_digits(text + 1, in_day / 3600, 2);
    text[3] = ':';
    put_digits(text + 4, in_day / 60 % 60, 2);
    text[6] = ':';
    put_digits(text + 7, in_day % 60, 2);
    text[9] = '+';
    text[10] = '0';
    text[11] = '0';
    out.append(text, sizeof text);
}

}  // namespace ecom::demo
