// Unit tests of the strict text validators (src/core/safe_cast).
#include "core/safe_cast.hpp"

#include <gtest/gtest.h>

using namespace ecom::safe_cast;

TEST(SafeCast, Decimals) {
    for (const char* ok : {"0", "12", "-3.50", "+7", ".5", "7.", "  42  ", "123456789012345678901234567890.25"})
        EXPECT_TRUE(is_decimal(ok)) << ok;
    for (const char* bad : {"", " ", ".", "-", "1e5", "1,5", "abc", "1.2.3", "NaN", "12 3", "--1"})
        EXPECT_FALSE(is_decimal(bad)) << bad;
}

TEST(SafeCast, Int32) {
    for (const char* ok : {"0", "-5", "+17", " 999999999 "}) EXPECT_TRUE(is_int32(ok)) << ok;
    for (const char* bad : {"", "1234567890", "1.0", "one", "2147483648", "- 1"}) EXPECT_FALSE(is_int32(bad)) << bad;
}

TEST(SafeCast, Dates) {
    for (const char* ok : {"2024-02-29", "2000-02-29", " 2023-12-31 ", "1000-01-01"}) EXPECT_TRUE(is_iso_date(ok)) << ok;
    for (const char* bad : {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "0999-01-01",
                            "2024-1-01", "2024/01/01", "yesterday", "2024-01-01 10:00", ""})
        EXPECT_FALSE(is_iso_date(bad)) << bad;
}

TEST(SafeCast, Timestamps) {
    for (const char* ok : {"2024-01-01", "2024-01-01 10:00", "2024-01-01T10:00:59", "2024-01-01 23:59:59.123456",
                           "2024-01-01 10:00Z", "2024-01-01 10:00:00+02", "2024-01-01 10:00:00 -05:30",
                           "2024-01-01T10:00:00+0530", " 2010-12-01 08:26:00 "})
        EXPECT_TRUE(is_iso_timestamp(ok)) << ok;
    for (const char* bad : {"2024-02-30", "2024-01-01 24:00", "2024-01-01 10:60", "2024-01-01 10:00:60",
                            "2024-01-01 10", "2024-01-01 10:00:00.1234567", "2024-01-01 10:00+2", "2024-01-01 10:00+24",
                            "2024-01-01 10:00:00+05:", "2024-01-01X", "now", "", "2024-01-01 10:00 PST"})
        EXPECT_FALSE(is_iso_timestamp(bad)) << bad;
}
