// Unit tests of the sparkline drawing.
#include "core/errors.hpp"
#include "core/sparkline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

TEST(Sparkline, ScalesBetweenMinimumAndMaximum) {
    EXPECT_EQ(ecom::sparkline({1, 2, 3, 4, 5, 6, 7, 8}), "▁▂▃▄▅▆▇█");
    EXPECT_EQ(ecom::sparkline({-10, 10}), "▁█");
    EXPECT_EQ(ecom::sparkline({0, 100, 50}), "▁█▅");
}

TEST(Sparkline, DrawsGapsConstantsAndEmptySeries) {
    EXPECT_EQ(ecom::sparkline({1, std::nan(""), 3}), "▁ █");
    EXPECT_EQ(ecom::sparkline({5, 5, 5}), "▄▄▄");
    EXPECT_EQ(ecom::sparkline({}), "");
}

TEST(Sparkline, RefusesInfiniteValues) {
    EXPECT_THROW(ecom::sparkline({1, std::numeric_limits<double>::infinity()}), ecom::InvalidArgument);
}
