// Period detection on series with known periods, and on series that have none.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/period.hpp"

namespace {

// Deterministic standard normal draws (splitmix64 and Box-Muller), identical on every platform.
class Normal {
public:
    explicit Normal(std::uint64_t seed) : state_(seed) {}
    // The next draw.
    double operator()() {
        const double u1 = (static_cast<double>(next() >> 11) + 0.5) / 9007199254740992.0;
        const double u2 = static_cast<double>(next() >> 11) / 9007199254740992.0;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
private:
    // splitmix64 step.
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

// The "data" column of a CSV written by test/oracles/stl_cases.R.
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

// n points of level + slope * t + a repeating pattern + noise of the given standard deviation.
std::vector<double> seasonal_series(std::size_t n, const std::vector<double>& pattern, double slope, double sd,
                                    std::uint64_t seed) {
    Normal noise(seed);
    std::vector<double> y(n);
    for (std::size_t t = 0; t < n; ++t) y[t] = 100.0 + slope * t + pattern[t % pattern.size()] + sd * noise();
    return y;
}

}  // namespace

TEST(Period, FindsMonthlyCycleOfCo2) {
    const std::vector<double> co2 = oracle_data("co2_periodic");
    ASSERT_EQ(co2.size(), 468u);
    EXPECT_EQ(ecom::detect_period(co2), 12);
}

TEST(Period, FindsWeeklyCycleOfDailySales) {
    EXPECT_EQ(ecom::detect_period(oracle_data("daily_7")), 7);
    const std::vector<double> weekday{-3, -2, -1, 0, 1, 4, 1};
    for (std::uint64_t seed = 1; seed <= 20; ++seed)
        EXPECT_EQ(ecom::detect_period(seasonal_series(365, weekday, 0.2, 1.0, seed)), 7) << "seed " << seed;
}

TEST(Period, FindsOtherPeriods) {
    EXPECT_EQ(ecom::detect_period(seasonal_series(200, {0, 5, -2, -3}, -0.1, 0.5, 7)), 4);
    EXPECT_EQ(ecom::detect_period(seasonal_series(120, {2, -2}, 0.0, 0.5, 8)), 2);
    std::vector<double> pattern(24);
    for (int h = 0; h < 24; ++h) pattern[h] = 10.0 * std::sin(6.283185307179586 * h / 24.0);
    EXPECT_EQ(ecom::detect_period(seasonal_series(24 * 30, pattern, 0.01, 2.0, 9)), 24);
}

TEST(Period, RespectsMaxPeriodAndLength) {
    std::vector<double> pattern(24);
    for (int h = 0; h < 24; ++h) pattern[h] = 10.0 * std::sin(6.283185307179586 * h / 24.0);
    EXPECT_EQ(ecom::detect_period(seasonal_series(24 * 30, pattern, 0.0, 1.0, 10), 12), 0);
    // Detection needs three cycles: 72 points of a 24-point cycle, not 71.
    EXPECT_EQ(ecom::detect_period(seasonal_series(72, pattern, 0.0, 0.1, 11)), 24);
    EXPECT_EQ(ecom::detect_period(seasonal_series(71, pattern, 0.0, 0.1, 11)), 0);
    EXPECT_EQ(ecom::detect_period({1, 2, 3}), 0);
}

TEST(Period, FindsNoneInNoiseTrendsAndConstants) {
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        Normal noise(seed);
        std::vector<double> white(500), walk(500), trend(500);
        double level = 0.0;
        for (std::size_t t = 0; t < 500; ++t) {
            white[t] = noise();
            level += noise();
            walk[t] = level;
            trend[t] = 3.0 + 0.5 * t + noise();
        }
        EXPECT_EQ(ecom::detect_period(white), 0) << "white noise, seed " << seed;
        EXPECT_EQ(ecom::detect_period(walk), 0) << "random walk, seed " << seed;
        EXPECT_EQ(ecom::detect_period(trend), 0) << "linear trend, seed " << seed;
    }
    EXPECT_EQ(ecom::detect_period(std::vector<double>(100, 4.2)), 0);
    std::vector<double> line(100);
    for (std::size_t t = 0; t < 100; ++t) line[t] = 2.0 * t;
    EXPECT_EQ(ecom::detect_period(line), 0);
}

TEST(Period, RejectsNonFiniteValues) {
    std::vector<double> y(50, 1.0);
    y[3] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(ecom::detect_period(y), ecom::InvalidArgument);
}
