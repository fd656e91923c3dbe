// k-means and logistic regression: known answers, determinism and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/clv/random.hpp"
#include "core/errors.hpp"
#include "core/ml/kmeans.hpp"
#include "core/ml/logistic.hpp"
#include "core/ml/training_order.hpp"

namespace {

using ecom::ml::Points;

// Fits logistic regression on 0/1 labels and row-major features passed as one part.
ecom::ml::LogisticModel fit_logistic(const std::vector<double>& labels, const double* features, int dim, double l2) {
    const std::vector<std::uint8_t> bytes(labels.begin(), labels.end());
    return ecom::ml::fit_logistic({{bytes.data(), features, bytes.size()}}, dim, l2);
}

// n points around each of the given 2-d centres, with normal noise of the given spread.
Points blobs(const std::vector<std::pair<double, double>>& centres, int n, double spread, std::uint64_t seed) {
    ecom::clv::Random random(seed);
    Points points;
    points.dim = 2;
    for (int i = 0; i < n; ++i)
        for (const auto& [cx, cy] : centres) {
            points.values.push_back(cx + spread * random.normal());
            points.values.push_back(cy + spread * random.normal());
        }
    return points;
}

TEST(KMeans, SilhouetteOfATinyExampleByHand) {
    Points points{{0, 1, 10, 11}, 1};
    const auto model = ecom::ml::fit_kmeans_best(points, 2, 2, 7, 300, nullptr);
    EXPECT_TRUE(model.converged);
    EXPECT_DOUBLE_EQ(model.inertia, 1.0);
    EXPECT_NEAR(model.silhouette, (9.5 / 10.5 + 8.5 / 9.5) / 2, 1e-15);
    EXPECT_EQ(model.sizes, (std::vector<std::int64_t>{2, 2}));
}

TEST(KMeans, RecoversSeparatedBlobsAndIsDeterministic) {
    const Points points = blobs({{0, 0}, {10, 0}, {0, 10}}, 200, 0.5, 3);
    const auto a = ecom::ml::fit_kmeans(points, 3, 42, 300);
    const auto b = ecom::ml::fit_kmeans(points, 3, 42, 300);
    EXPECT_EQ(a.centres, b.centres);
    EXPECT_EQ(a.inertia, b.inertia);
    for (auto size : a.sizes) EXPECT_EQ(size, 200);
    EXPECT_TRUE(std::isnan(a.silhouette));  // a single k is fitted without its silhouette
    EXPECT_EQ(a.silhouette_points, 0u);
    std::vector<double> scores;
    const auto best = ecom::ml::fit_kmeans_best(points, 2, 6, 1, 300, &scores);
    EXPECT_EQ(best.k, 3);
    ASSERT_EQ(scores.size(), 5u);
    EXPECT_EQ(scores[1], best.silhouette);
    EXPECT_GT(best.silhouette, 0.8);
}

// The mean silhouette by its definition (every pair measured from both ends): the reference for the fast one.
double naive_silhouette(const Points& points, const std::vector<double>& centres, int k) {
    const std::size_t n = points.size();
    std::vector<int> labels(n);
    std::vector<double> counts(static_cast<std::size_t>(k), 0);
    for (std::size_t i = 0; i < n; ++i) counts[labels[i] = ecom::ml::nearest_centre(points.row(i), centres, k, points.dim)] += 1;
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> sums(static_cast<std::size_t>(k), 0);
        for (std::size_t j = 0; j < n; ++j)
            sums[labels[j]] += std::hypot(points.row(i)[0] - points.row(j)[0], points.row(i)[1] - points.row(j)[1]);
        if (counts[labels[i]] <= 1) continue;
        const double a = sums[labels[i]] / (counts[labels[i]] - 1);
        double b = INFINITY;
        for (int c = 0; c < k; ++c)
            if (c != labels[i] && counts[c] > 0) b = std::min(b, sums[c] / counts[c]);
        total += (b - a) / std::max(a, b);
    }
    return total / static_cast<double>(n);
}

TEST(KMeans, SilhouetteMatchesItsDefinition) {
    const Points points = blobs({{0, 0}, {4, 0}, {0, 4}}, 150, 1.2, 21);
    for (int k : {2, 3, 5}) {
        const auto model = ecom::ml::fit_kmeans(points, k, 4, 300);
        EXPECT_NEAR(ecom::ml::silhouette(points, model, 4, nullptr), naive_silhouette(points, model.centres, k), 1e-12)
            << "k = " << k;
    }
}

TEST(KMeans, SilhouetteOnASampleWhenLarge) {
    const Points points = blobs({{0, 0}, {10, 0}}, 6000, 1.0, 5);
    const auto model = ecom::ml::fit_kmeans_best(points, 2, 2, 1, 300, nullptr);
    EXPECT_EQ(model.silhouette_points, ecom::ml::silhouette_sample);
    EXPECT_GT(model.silhouette, 0.7);
}

TEST(KMeans, LloydFromGivenCentresReachesAFixedPoint) {
    const Points points = blobs({{0, 0}, {3, 0}}, 100, 1.5, 9);
    const auto model = ecom::ml::lloyd(points, {0, 0, 1, 0}, 2, 300);
    ASSERT_TRUE(model.converged);
    const auto again = ecom::ml::lloyd(points, model.centres, 2, 300);
    EXPECT_EQ(again.iterations, 1);  // one update that moves nothing, then no label changes
    EXPECT_EQ(again.centres, model.centres);
    EXPECT_EQ(again.inertia, model.inertia);
}

TEST(KMeans, BadInput) {
    Points points{{0, 1, 2}, 1};
    EXPECT_THROW(ecom::ml::fit_kmeans(points, 1, 0, 300), ecom::InvalidArgument);
    EXPECT_THROW(ecom::ml::fit_kmeans(points, 4, 0, 300), ecom::InvalidArgument);
    EXPECT_THROW(ecom::ml::fit_kmeans(points, 2, 0, 0), ecom::InvalidArgument);
    Points with_nan{{0, std::nan(""), 2}, 1};
    EXPECT_THROW(ecom::ml::fit_kmeans(with_nan, 2, 0, 300), ecom::InvalidArgument);
    EXPECT_THROW(ecom::ml::fit_kmeans_best(points, 3, 2, 0, 300, nullptr), ecom::InvalidArgument);
}

TEST(Logistic, AucCountsTiesAsOneHalf) {
    EXPECT_DOUBLE_EQ(ecom::ml::roc_auc({0, 1, 0, 1}, {0.1, 0.9, 0.2, 0.8}), 1.0);
    EXPECT_DOUBLE_EQ(ecom::ml::roc_auc({0, 1}, {0.5, 0.5}), 0.5);
    EXPECT_DOUBLE_EQ(ecom::ml::roc_auc({0, 1, 1, 0}, {0.1, 0.2, 0.3, 0.4}), 0.5);
}

TEST(Logistic, RecoversSimulatedCoefficientsAndZeroesTheScore) {
    ecom::clv::Random random(11);
    Points x;
    x.dim = 2;
    std::vector<double> y;
    for (int i = 0; i < 20000; ++i) {
        const double a = random.normal(), b = random.normal();
        x.values.push_back(a);
        x.values.push_back(b);
        y.push_back(random.uniform() < 1 / (1 + std::exp(-(-0.5 + 1.0 * a - 2.0 * b))) ? 1 : 0);
    }
    const auto model = fit_logistic(y, x.values.data(), x.dim, 0);
    ASSERT_TRUE(model.converged) << model.status;
    EXPECT_NEAR(model.coefficients[0], -0.5, 4 * model.std_errors[0]);
    EXPECT_NEAR(model.coefficients[1], 1.0, 4 * model.std_errors[1]);
    EXPECT_NEAR(model.coefficients[2], -2.0, 4 * model.std_errors[2]);
    EXPECT_GT(model.auc, 0.8);
    double score = 0;
    for (std::size_t i = 0; i < y.size(); ++i) score += y[i] - ecom::ml::logistic_predict(model.coefficients, x.row(i), 2);
    EXPECT_NEAR(score, 0, 1e-8);
    const auto ridge = fit_logistic(y, x.values.data(), x.dim, 1000);
    EXPECT_LT(std::abs(ridge.coefficients[2]), std::abs(model.coefficients[2]));
}

// At 5000 rows Newton starts from zero; at 120000 from the fit of a sample, picked by the rows' content.
class LogisticRowOrder : public ::testing::TestWithParam<int> {};

TEST_P(LogisticRowOrder, DoesNotChangeTheFit) {
    ecom::clv::Random random(5);
    Points x, reversed;
    x.dim = reversed.dim = 3;
    std::vector<double> y;
    for (int i = 0; i < GetParam(); ++i) {
        const double a = random.normal(), b = random.uniform(), c = random.normal() * 10;
        x.values.insert(x.values.end(), {a, b, c});
        y.push_back(random.uniform() < 1 / (1 + std::exp(-(0.3 + a - b + 0.05 * c))) ? 1 : 0);
    }
    // The rows in another order, as a parallel plan may deliver them: the fit takes them in one canonical order.
    std::vector<double> reversed_y(y.rbegin(), y.rend());
    for (std::size_t i = y.size(); i-- > 0;) reversed.values.insert(reversed.values.end(), x.row(i), x.row(i) + 3);
    for (double l2 : {0.0, 10.0}) {
        const auto forward = fit_logistic(y, x.values.data(), x.dim, l2);
        const auto backward = fit_logistic(reversed_y, reversed.values.data(), reversed.dim, l2);
        EXPECT_EQ(forward.iterations, backward.iterations);
        EXPECT_EQ(forward.coefficients, backward.coefficients) << "l2 " << l2;
        EXPECT_EQ(forward.std_errors, backward.std_errors) << "l2 " << l2;
        EXPECT_EQ(forward.log_likelihood, backward.log_likelihood);
        EXPECT_EQ(forward.auc, backward.auc);
    }
}

INSTANTIATE_TEST_SUITE_P(Logistic, LogisticRowOrder, ::testing::Values(5000, 120000));

TEST(Logistic, PartsAreOneRunOfRows) {
    ecom::clv::Random random(3);
    std::vector<double> x;
    std::vector<std::uint8_t> y;
    for (int i = 0; i < 3000; ++i) {
        const double a = random.normal(), b = random.normal();
        x.insert(x.end(), {a, b});
        y.push_back(random.uniform() < 1 / (1 + std::exp(-(0.2 + a - 0.5 * b))) ? 1 : 0);
    }
    const auto whole = ecom::ml::fit_logistic({{y.data(), x.data(), 3000}}, 2, 0);
    const auto split = ecom::ml::fit_logistic(
        {{y.data(), x.data(), 1000}, {y.data() + 1000, x.data() + 2000, 0}, {y.data() + 1000, x.data() + 2000, 2000}}, 2, 0);
    EXPECT_EQ(whole.coefficients, split.coefficients);
    EXPECT_EQ(whole.std_errors, split.std_errors);
    EXPECT_EQ(whole.log_likelihood, split.log_likelihood);
    EXPECT_EQ(whole.auc, split.auc);
    EXPECT_EQ(split.rows, 3000u);
    // A part sorted beforehand, as a parallel worker sends it, merged with one the fit sorts itself.
    std::vector<std::uint8_t> sorted_y(2000);
    std::vector<double> sorted_x(4000);
    ecom::ml::sort_training_rows(y.data() + 1000, x.data() + 2000, 2000, 2, sorted_y.data(), sorted_x.data());
    const auto merged = ecom::ml::fit_logistic({{sorted_y.data(), sorted_x.data(), 2000, true}, {y.data(), x.data(), 1000}}, 2, 0);
    EXPECT_EQ(whole.coefficients, merged.coefficients);
    EXPECT_EQ(whole.std_errors, merged.std_errors);
    EXPECT_EQ(whole.log_likelihood, merged.log_likelihood);
    EXPECT_EQ(whole.auc, merged.auc);
}

TEST(Logistic, SeparationIsReportedNotConverged) {
    Points x{{1, 2, 3, 4}, 1};
    const auto model = fit_logistic({0, 0, 1, 1}, x.values.data(), x.dim, 0);
    EXPECT_FALSE(model.converged);
    EXPECT_EQ(model.status, "perfect separation");
    const auto ridge = fit_logistic({0, 0, 1, 1}, x.values.data(), x.dim, 1);
    EXPECT_TRUE(ridge.converged);
}

TEST(Logistic, BadInput) {
    Points x{{1, 2, 3, 4}, 1};
    EXPECT_THROW(fit_logistic({0, 2, 1, 0}, x.values.data(), x.dim, 0), ecom::InvalidArgument);
    EXPECT_THROW(fit_logistic({1, 1, 1, 1}, x.values.data(), x.dim, 0), ecom::InvalidArgument);
    EXPECT_THROW(fit_logistic({0, 1, 1, 0}, x.values.data(), x.dim, -1), ecom::InvalidArgument);
    Points collinear{{1, 2, 2, 4, 3, 6, 4, 8}, 2};
    EXPECT_THROW(fit_logistic({0, 1, 1, 0}, collinear.values.data(), collinear.dim, 0), ecom::InvalidArgument);
    Points with_nan{{1, std::nan(""), 3, 4}, 1};
    EXPECT_THROW(fit_logistic({0, 1, 1, 0}, with_nan.values.data(), with_nan.dim, 0), ecom::InvalidArgument);
}

}  // namespace
