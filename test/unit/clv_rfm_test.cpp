// The calibration summary helper: hand-made cases, CDNOW against the published summary, bad input.
#include <gtest/gtest.h>

#include <cmath>

#include "clv_test_data.hpp"
#include "core/clv/rfm.hpp"
#include "core/errors.hpp"

namespace ecom::clv {
namespace {

TEST(ClvRfm, CountsRepeatDaysNotOrders) {
    // First day 100 (two orders), repeat days 107 (two orders) and 114; day 130 is after calibration.
    const auto s = summarize_purchases({{107, 5}, {100, 10}, {114, 20}, {100, 1}, {107, 15}, {130, 99}}, 121);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->x, 2);
    EXPECT_DOUBLE_EQ(s->t_x, 2.0);
    EXPECT_DOUBLE_EQ(s->T, 3.0);
    EXPECT_DOUBLE_EQ(s->mean_spend, 20.0);  // (5 + 15 + 20) / 2 repeat days
}

TEST(ClvRfm, OneTimeBuyerAndUnit) {
    const auto s = summarize_purchases({{10, 3}, {10, 4}}, 40, 1);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->x, 0);
    EXPECT_EQ(s->t_x, 0);
    EXPECT_EQ(s->T, 30);
    EXPECT_EQ(s->mean_spend, 0);
}

TEST(ClvRfm, NotYetAcquired) {
    EXPECT_FALSE(summarize_purchases({{50, 1}}, 49).has_value());
    EXPECT_FALSE(summarize_purchases({}, 49).has_value());
}

TEST(ClvRfm, RejectsBadInput) {
    EXPECT_THROW(summarize_purchases({{1, -5}}, 10), InvalidArgument);
    EXPECT_THROW(summarize_purchases({{1, NAN}}, 10), InvalidArgument);
    EXPECT_THROW(summarize_purchases({{1, 5}}, 10, 0), InvalidArgument);
    EXPECT_THROW(summarize_purchases({{1, 5}}, 10, NAN), InvalidArgument);
}

TEST(ClvRfm, DayNumbersOfTheTestHelper) {
    EXPECT_EQ(testing::day_number(19970930) - testing::day_number(19970101), 272);
    EXPECT_EQ(testing::day_number(20000301) - testing::day_number(20000228), 2);  // leap year
    EXPECT_EQ(testing::day_number(19000301) - testing::day_number(19000228), 1);  // not a leap year
}

TEST(ClvRfm, ReproducesThePublishedCdnowSummary) {
    const auto published = testing::read_cdnow_summary();
    const auto purchases = testing::read_cdnow_sample();
    if (published.empty() || purchases.empty())
        GTEST_SKIP() << "CDNOW reference data not found under " << testing::cdnow_dir();
    ASSERT_EQ(purchases.size(), published.size());
    const std::int64_t calibration_end = testing::day_number(19970930);
    for (const auto& row : published) {
        const auto it = purchases.find(row.id);
        ASSERT_NE(it, purchases.end()) << "customer " << row.id;
        const auto s = summarize_purchases(it->second, calibration_end);
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->x, row.x) << "customer " << row.id;
        // The published file rounds to 2 decimals.
        EXPECT_NEAR(s->t_x, row.t_x, 0.005 + 1e-9) << "customer " << row.id;
        EXPECT_NEAR(s->T, row.T, 0.005 + 1e-9) << "customer " << row.id;
        EXPECT_NEAR(s->mean_spend, row.zbar, 0.005 + 1e-9) << "customer " << row.id;
    }
}

}  // namespace
}  // namespace ecom::clv
