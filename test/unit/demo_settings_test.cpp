// Argument validation, calendar arithmetic and COPY text formatting of the demo-data generator.
#include "core/demo/calendar.hpp"
#include "core/demo/settings.hpp"
#include "core/demo/text.hpp"
#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

using namespace ecom::demo;

namespace {

Arguments valid_arguments() {
    Arguments arguments;
    arguments.customers = 100;
    arguments.days = 30;
    arguments.start_day = days_from_civil(2024, 1, 1);
    arguments.seed = 1;
    arguments.dirty_fraction = 0.0;
    return arguments;
}

// Expects validate() to throw InvalidArgument whose hint names `argument`.
void expect_rejected(const std::function<void(Arguments&)>& change, const std::string& argument) {
    Arguments arguments = valid_arguments();
    change(arguments);
    try {
        validate(arguments);
        FAIL() << "accepted a bad " << argument;
    } catch (const ecom::InvalidArgument& error) {
        EXPECT_NE(error.hint().find(argument), std::string::npos) << error.hint();
        EXPECT_NE(std::string(error.what()).find(argument), std::string::npos) << error.what();
    }
}

}  // namespace

TEST(DemoSettings, AcceptsValidArguments) {
    const Settings settings = validate(valid_arguments());
    EXPECT_EQ(settings.customers, 100u);
    EXPECT_EQ(settings.end() - settings.start(), 30 * seconds_per_day);
}

TEST(DemoSettings, RejectsNullsNamingTheArgument) {
    expect_rejected([](Arguments& a) { a.customers.reset(); }, "customers");
    expect_rejected([](Arguments& a) { a.days.reset(); }, "days");
    expect_rejected([](Arguments& a) { a.start_day.reset(); }, "start_date");
    expect_rejected([](Arguments& a) { a.seed.reset(); }, "seed");
    expect_rejected([](Arguments& a) { a.dirty_fraction.reset(); }, "dirty_fraction");
}

TEST(DemoSettings, RejectsOutOfRangeValuesNamingTheArgument) {
    expect_rejected([](Arguments& a) { a.customers = -1; }, "customers");
    expect_rejected([](Arguments& a) { a.customers = 0; }, "customers");
    expect_rejected([](Arguments& a) { a.customers = max_customers + 1; }, "customers");
    expect_rejected([](Arguments& a) { a.days = 0; }, "days");
    expect_rejected([](Arguments& a) { a.days = -5; }, "days");
    expect_rejected([](Arguments& a) { a.days = max_days + 1; }, "days");
    expect_rejected([](Arguments& a) { a.start_day = std::numeric_limits<std::int32_t>::max(); }, "start_date");
    expect_rejected([](Arguments& a) { a.start_day = days_from_civil(1899, 12, 31); }, "start_date");
    expect_rejected([](Arguments& a) { a.dirty_fraction = -0.01; }, "dirty_fraction");
    expect_rejected([](Arguments& a) { a.dirty_fraction = 1.5; }, "dirty_fraction");
    expect_rejected([](Arguments& a) { a.dirty_fraction = std::nan(""); }, "dirty_fraction");
}

TEST(DemoCalendar, ConvertsCivilDatesBothWays) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    for (std::int64_t day = days_from_civil(1899, 1, 1); day < days_from_civil(2201, 1, 1); day += 17) {
        const CivilDate date = civil_from_days(day);
        EXPECT_EQ(days_from_civil(date.year, date.month, date.day), day);
    }
    EXPECT_EQ(weekday(days_from_civil(2024, 11, 29)), 5);  // a Friday
}

TEST(DemoCalendar, FindsBlackFriday) {
    EXPECT_EQ(black_friday(2023), days_from_civil(2023, 11, 24));
    EXPECT_EQ(black_friday(2024), days_from_civil(2024, 11, 29));
    EXPECT_EQ(black_friday(2025), days_from_civil(2025, 11, 28));
}

TEST(DemoCalendar, FormatsDatesAndTimestamps) {
    std::string text;
    append_timestamp(text, days_from_civil(2024, 2, 29) * seconds_per_day + 13 * 3600 + 5 * 60 + 9);
    EXPECT_EQ(text, "2024-02-29 13:05:09+00");
    text.clear();
    append_timestamp(text, -1);
    EXPECT_EQ(text, "1969-12-31 23:59:59+00");
    text.clear();
    append_date(text, days_from_civil(1900, 1, 1));
    EXPECT_EQ(text, "1900-01-01");
}

TEST(DemoText, FormatsNumbers) {
    std::string text;
    append_money(text, 1234);
    text += ' ';
    append_money(text, -5);
    text += ' ';
    append_money(text, 0);
    text += ' ';
    append_int(text, std::numeric_limits<std::int64_t>::min());
    text += ' ';
    append_padded(text, 42, 5);
    EXPECT_EQ(text, "12.34 -0.05 0.00 -9223372036854775808 00042");
}

TEST(DemoText, EscapesForCopyTextFormat) {
    std::string text;
    append_copy_escaped(text, "a\\b\tc\nd\re \\N");
    EXPECT_EQ(text, "a\\\\b\\tc\\nd\\re \\\\N");
}
