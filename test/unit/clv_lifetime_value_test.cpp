// Discounted CLV from expected purchases and expected spend; the samplers behind the simulations.
#include <gtest/gtest.h>

#include <cmath>

#include "core/clv/bgnbd.hpp"
#include "core/clv/lifetime_value.hpp"
#include "core/clv/random.hpp"
#include "core/errors.hpp"

namespace ecom::clv {
namespace {

TEST(ClvLifetimeValue, DiscountsMonthByMonth) {
    // Two purchases a month at 10 each over 3 months, 1% a month: 20 (1/1.01 + 1/1.01^2 + 1/1.01^3).
    ClvHorizon horizon;
    horizon.months = 3;
    horizon.units_per_month = 1;
    const double value = discounted_clv([](double t) { return 2 * t; }, 10, horizon);
    EXPECT_NEAR(value, 20 * (1 / 1.01 + 1 / std::pow(1.01, 2) + 1 / std::pow(1.01, 3)), 1e-12);
    horizon.monthly_discount = 0;
    EXPECT_NEAR(discounted_clv([](double t) { return 2 * t; }, 10, horizon), 60, 1e-12);
}

TEST(ClvLifetimeValue, UndiscountedEqualsExpectedPurchasesTimesSpend) {
    const BgNbdParams p{0.2425945, 4.4136019, 0.7929199, 2.4258881};
    ClvHorizon horizon;
    horizon.monthly_discount = 0;
    const auto expected = [&](double t) { return bgnbd_conditional_expected_purchases(p, t, 2, 30.43, 38.86); };
    EXPECT_NEAR(discounted_clv(expected, 35, horizon), 35 * expected(12 * horizon.units_per_month), 1e-10);
    horizon.monthly_discount = 0.01;
    EXPECT_LT(discounted_clv(expected, 35, horizon), 35 * expected(12 * horizon.units_per_month));
}

TEST(ClvLifetimeValue, RejectsBadInput) {
    const auto linear = [](double t) { return t; };
    ClvHorizon horizon;
    EXPECT_THROW(discounted_clv(linear, -1, horizon), InvalidArgument);
    EXPECT_THROW(discounted_clv(linear, NAN, horizon), InvalidArgument);
    horizon.months = 0;
    EXPECT_THROW(discounted_clv(linear, 1, horizon), InvalidArgument);
    horizon = {};
    horizon.monthly_discount = -0.5;
    EXPECT_THROW(discounted_clv(linear, 1, horizon), InvalidArgument);
    horizon = {};
    horizon.units_per_month = 0;
    EXPECT_THROW(discounted_clv(linear, 1, horizon), InvalidArgument);
}

TEST(ClvRandom, IsDeterministicAndHasTheRightMoments) {
    Random a(42), b(42);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next(), b.next());
    Random rng(1);
    const int n = 200000;
    for (double shape : {0.3, 1.0, 4.5}) {
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; ++i) {
            const double g = rng.gamma(shape);
            sum += g;
            sum2 += g * g;
        }
        const double mean = sum / n, var = sum2 / n - mean * mean;
        EXPECT_NEAR(mean, shape, 5 * std::sqrt(shape / n)) << "shape " << shape;
        EXPECT_NEAR(var, shape, 0.05 * shape) << "shape " << shape;
    }
    double beta_sum = 0;
    for (int i = 0; i < n; ++i) beta_sum += rng.beta(2, 6);
    EXPECT_NEAR(beta_sum / n, 0.25, 0.002);
    EXPECT_THROW(rng.gamma(0), InvalidArgument);
}

}  // namespace
}  // namespace ecom::clv
