// Tukey fences and anomaly scores, including scores on the remainder of a robust STL fit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "core/anomaly.hpp"
#include "core/errors.hpp"
#include "core/stl.hpp"

namespace {

// The "data" column (second field) of a CSV written by test/oracles/stl_cases.R.
std::vector<double> oracle_data(const std::string& name) {
    std::ifstream in(std::string(ECOM_SOURCE_DIR) + "/test/data/stl/" + name + ".csv");
    std::vector<double> data;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::stringstream row(line);
        std::string index, value;
        std::getline(row, index, ',');
        std::getline(row, value, ',');
        data.push_back(std::stod(value));
    }
    return data;
}

}  // namespace

TEST(Anomaly, QuartilesAreRsDefaultQuantiles) {
    // R: quantile(c(1:9, 100), c(.25, .75)) = 3.25, 7.75; quantile(c(-3.5, .25, 2, 2, 7.125, 1, 0)) = .125, 2
    const ecom::TukeyFences a = ecom::tukey_fences({1, 2, 3, 4, 5, 6, 7, 8, 9, 100}, 1.5);
    EXPECT_DOUBLE_EQ(a.q1, 3.25);
    EXPECT_DOUBLE_EQ(a.q3, 7.75);
    EXPECT_DOUBLE_EQ(a.upper, 7.75 + 1.5 * 4.5);
    const ecom::TukeyFences b = ecom::tukey_fences({-3.5, 0.25, 2, 2, 7.125, 1, 0}, 3);
    EXPECT_DOUBLE_EQ(b.q1, 0.125);
    EXPECT_DOUBLE_EQ(b.q3, 2.0);
    EXPECT_DOUBLE_EQ(b.lower, 0.125 - 3 * 1.875);
}

TEST(Anomaly, ScoreIsDistanceBeyondTheFenceInIqrUnits) {
    const std::vector<double> scores = ecom::tukey_scores({1, 2, 3, 4, 5, 6, 7, 8, 9, 100, -20}, 1.5);
    // Q1 = 2.5, Q3 = 7.5, IQR = 5, fences -5 and 15.
    EXPECT_DOUBLE_EQ(scores[9], (100.0 - 15.0) / 5.0);
    EXPECT_DOUBLE_EQ(scores[10], (-5.0 - -20.0) / 5.0);
    for (int i = 0; i < 9; ++i) EXPECT_EQ(scores[i], 0.0);
}

TEST(Anomaly, ZeroIqrGivesInfiniteScoreOffTheFence) {
    const std::vector<double> scores = ecom::tukey_scores({5, 5, 5, 5, 5, 5, 9}, 1.5);
    EXPECT_EQ(scores[0], 0.0);
    EXPECT_EQ(scores[6], std::numeric_limits<double>::infinity());
}

TEST(Anomaly, RejectsBadInput) {
    EXPECT_THROW(ecom::tukey_scores({}, 1.5), ecom::InvalidArgument);
    EXPECT_THROW(ecom::tukey_scores({1, 2, 3}, -1), ecom::InvalidArgument);
    EXPECT_THROW(ecom::tukey_scores({1, 2, 3}, std::numeric_limits<double>::quiet_NaN()), ecom::InvalidArgument);
    EXPECT_THROW(ecom::tukey_scores({1, std::numeric_limits<double>::infinity(), 3}, 1.5), ecom::InvalidArgument);
}

TEST(Anomaly, RobustStlRemainderFindsInjectedOutliers) {
    // The daily oracle series has gross outliers added at days 50, 333 and 600 (+40, -35, +60).
    const std::vector<double> y = oracle_data("daily_7");
    ASSERT_EQ(y.size(), 730u);
    ecom::StlOptions o;
    o.period = 7;
    o.s_periodic = true;
    o.robust = true;
    const std::vector<double> scores = ecom::tukey_scores(ecom::stl(y, o).remainder, 3.0);
    std::vector<std::size_t> order(y.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    std::vector<std::size_t> top(order.begin(), order.begin() + 3);
    std::sort(top.begin(), top.end());
    EXPECT_EQ(top, (std::vector<std::size_t>{49, 332, 599}));
    EXPECT_EQ(scores[order[3]], 0.0) << "only the injected outliers lie beyond the k = 3 fences";
}
