// Gamma-Gamma: the published CDNOW fit, expected spend, parameter recovery, bad input.
#include <gtest/gtest.h>

#include <cmath>

#include "clv_test_data.hpp"
#include "core/clv/gamma_gamma.hpp"
#include "core/clv/simulate.hpp"
#include "core/errors.hpp"

namespace ecom::clv {
namespace {

TEST(ClvGammaGamma, FitsCdnowAsPublished) {
    // The published values come from unrounded mean spends: fit those built from the transactions.
    const auto rows = testing::cdnow_exact_summaries();
    if (rows.empty()) GTEST_SKIP() << "CDNOW reference data not found under " << testing::cdnow_dir();
    std::vector<SpendGroup> spend;
    for (const auto& row : rows) spend.push_back({row.x, row.mean_spend, 1});
    const GammaGammaFit fit = fit_gamma_gamma(group_spend(spend));
    EXPECT_TRUE(fit.status.converged) << fit.status.message;
    EXPECT_EQ(fit.status.customers, 946);
    EXPECT_NEAR(fit.params.p, 6.25, 5e-3);
    EXPECT_NEAR(fit.params.q, 3.74, 5e-3);
    EXPECT_NEAR(fit.params.gamma, 15.44, 5e-3);
    EXPECT_NEAR(fit.status.log_likelihood, -4055.92, 5e-3);
}

TEST(ClvGammaGamma, FitsThePublishedCdnowSummary) {
    // zbar rounded to cents moves gamma to 15.448 (standard error 4.2).
    const auto rows = testing::read_cdnow_summary();
    if (rows.empty()) GTEST_SKIP() << "CDNOW reference data not found under " << testing::cdnow_dir();
    std::vector<SpendGroup> spend;
    for (const auto& row : rows) spend.push_back({row.x, row.zbar, 1});
    const GammaGammaFit fit = fit_gamma_gamma(group_spend(spend));
    EXPECT_TRUE(fit.status.converged) << fit.status.message;
    EXPECT_EQ(fit.status.customers, 946);
    EXPECT_NEAR(fit.params.p, 6.25, 5e-3);
    EXPECT_NEAR(fit.params.q, 3.74, 5e-3);
    EXPECT_NEAR(fit.params.gamma, 15.44, 1e-2);
    EXPECT_NEAR(fit.status.log_likelihood, -4055.92, 1e-2);
}

TEST(ClvGammaGamma, ExpectedSpendShrinksTowardsThePopulationMean) {
    const GammaGammaParams p{6.25, 3.74, 15.44};
    const double population = p.p * p.gamma / (p.q - 1);
    EXPECT_NEAR(gamma_gamma_expected_spend(p, 0, 0), population, 1e-12);
    const double one = gamma_gamma_expected_spend(p, 1, 100);
    const double many = gamma_gamma_expected_spend(p, 20, 100);
    EXPECT_GT(one, population);
    EXPECT_LT(one, many);
    EXPECT_LT(many, 100);
    EXPECT_NEAR(one, 6.25 * (15.44 + 100) / (6.25 + 3.74 - 1), 1e-12);
}

TEST(ClvGammaGamma, RecoversSimulatedParameters) {
    const GammaGammaParams truth{5.0, 4.0, 20.0};
    const auto customers = simulate_bgnbd({1.0, 4.0, 0.7, 3.0}, truth, 20000, 26, 52, 20240603);
    std::vector<SpendGroup> spend;
    for (const auto& c : customers) spend.push_back({c.x, c.mean_spend, 1});
    const GammaGammaFit fit = fit_gamma_gamma(group_spend(spend));
    ASSERT_TRUE(fit.status.converged) << fit.status.message;
    EXPECT_GT(fit.status.customers, 5000);
    EXPECT_NEAR(fit.params.p, truth.p, 3 * fit.std_errors.p);
    EXPECT_NEAR(fit.params.q, truth.q, 3 * fit.std_errors.q);
    EXPECT_NEAR(fit.params.gamma, truth.gamma, 3 * fit.std_errors.gamma);
}

TEST(ClvGammaGamma, RejectsBadInput) {
    EXPECT_THROW(group_spend({}), InvalidArgument);
    EXPECT_THROW(group_spend({{0, 0, 1}, {0, 0, 1}}), InvalidArgument);  // no repeat buyers
    EXPECT_THROW(group_spend({{2, -5, 1}}), InvalidArgument);            // negative spend
    EXPECT_THROW(group_spend({{2, 0, 1}}), InvalidArgument);             // a repeat buyer with no spend
    EXPECT_THROW(group_spend({{2, NAN, 1}}), InvalidArgument);
    EXPECT_THROW(group_spend({{-2, 3, 1}}), InvalidArgument);
    EXPECT_THROW(gamma_gamma_expected_spend({6, 3, -1}, 2, 10), InvalidArgument);
    EXPECT_THROW(gamma_gamma_expected_spend({6, 3, 15}, 2, -10), InvalidArgument);
    EXPECT_THROW(gamma_gamma_expected_spend({6, 0.9, 15}, 2, 10), OutOfRange);  // q <= 1: no mean
    EXPECT_EQ(group_spend({{0, 0, 1}, {2, 10, 1}}).size(), 1u);             // x = 0 rows are left out
}

}  // namespace
}  // namespace ecom::clv
