// Regular series from unordered (time, value) points: ordering, step inference, gap policies, errors.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/regular_series.hpp"

namespace {

// Labels times as "t<number>" in error messages.
std::string label(std::int64_t t) { return "t" + std::to_string(t); }

// The InvalidArgument message of regularize(), or "" when it succeeds.
std::string error_of(std::vector<std::pair<std::int64_t, double>> points, std::int64_t step, ecom::GapPolicy policy) {
    try {
        ecom::regularize(std::move(points), step, policy, label);
    } catch (const ecom::InvalidArgument& e) {
        EXPECT_FALSE(e.hint().empty());
        return e.what();
    }
    return "";
}

}  // namespace

TEST(RegularSeries, SortsAndInfersTheStep) {
    const ecom::RegularSeries s = ecom::regularize({{21, 3.0}, {7, 1.0}, {14, 2.0}}, 0, ecom::GapPolicy::Error, label);
    EXPECT_EQ(s.start, 7);
    EXPECT_EQ(s.step, 7);
    EXPECT_EQ(s.values, (std::vector<double>{1.0, 2.0, 3.0}));
    EXPECT_EQ(s.filled, (std::vector<bool>{false, false, false}));
}

TEST(RegularSeries, InterpolatesMissingStepsWhenAsked) {
    const ecom::RegularSeries s =
        ecom::regularize({{0, 10.0}, {1, 11.0}, {5, 3.0}, {6, 4.0}}, 0, ecom::GapPolicy::Interpolate, label);
    EXPECT_EQ(s.step, 1);
    EXPECT_EQ(s.values, (std::vector<double>{10.0, 11.0, 9.0, 7.0, 5.0, 3.0, 4.0}));
    EXPECT_EQ(s.filled, (std::vector<bool>{false, false, true, true, true, false, false}));
}

TEST(RegularSeries, RejectsWhatCannotBeARegularSeries) {
    using ecom::GapPolicy;
    EXPECT_EQ(error_of({}, 0, GapPolicy::Error), "series has no observations");
    EXPECT_EQ(error_of({{0, 1.0}, {1, 2.0}, {3, 4.0}}, 0, GapPolicy::Error),
              "series has a gap: no value between t1 and t3");
    EXPECT_EQ(error_of({{0, 1.0}, {2, 2.0}, {2, 4.0}}, 0, GapPolicy::Interpolate), "two values at t2");
    EXPECT_EQ(error_of({{0, 1.0}, {2, 2.0}, {5, 4.0}}, 0, GapPolicy::Interpolate),
              "times t2 and t5 are not a whole number of steps apart");
    EXPECT_EQ(error_of({{0, 1.0}, {2, 2.0}, {5, 4.0}, {6, 1.0}}, 2, GapPolicy::Interpolate),
              "times t2 and t5 are not a whole number of steps apart");
    EXPECT_EQ(error_of({{0, 1.0}, {1, std::numeric_limits<double>::quiet_NaN()}}, 0, GapPolicy::Error),
              "value at t1 is not finite");
    EXPECT_EQ(error_of({{0, 1.0}, {1000000000, 2.0}}, 1, GapPolicy::Interpolate),
              "series from t0 to t1000000000 has more than 100000000 steps");
    EXPECT_THROW(ecom::parse_gap_policy("zero"), ecom::InvalidArgument);
    EXPECT_EQ(ecom::parse_gap_policy("interpolate"), GapPolicy::Interpolate);
}
