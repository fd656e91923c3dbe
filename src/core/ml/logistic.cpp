#include "core/ml/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/linalg.hpp"
#include "core/radix_sort.hpp"

namespace ecom::ml {

namespace {

// The logistic function without overflow.
double sigmoid(double eta) {
    if (eta >= 0) return 1 / (1 + std::exp(-eta));
    const double e = std::exp(eta);
    return e / (1 + e);
}

// Validates labels, features and penalty; throws InvalidArgument.
void check_logistic_input(const std::vector<double>& labels, const double* features, int dim, double l2) {
    const std::size_t n = labels.size();
    if (n == 0 || dim <= 0)
        throw InvalidArgument("logistic regression needs at least one row with at least one feature",
                              "Aggregate (label, features) rows with non-empty float8[] features.");
    std::size_t ones = 0;
    for (double y : labels) {
        if (y != 0 && y != 1)
            throw InvalidArgument("labels must be 0 or 1", "Encode the outcome as 0/1 (or boolean).");
        ones += y == 1;
    }
    if (ones == 0 || ones == n)
        throw InvalidArgument("labels must include both 0 and 1",
                              "A model needs examples of both outcomes; check the label definition.");
    for (std::size_t i = 0; i < n * static_cast<std::size_t>(dim); ++i)
        if (!std::isfinite(features[i]))
            throw InvalidArgument("logistic regression features must be finite numbers",
                                  "Remove or impute rows with NaN or infinite features.");
    if (!(l2 >= 0) || !std::isfinite(l2))
        throw InvalidArgument("l2 must be a finite number >= 0", "Pass 0 for no penalty.");
}

// Penalized log-likelihood, gradient and information matrix at beta.
struct NewtonTerms {
    double log_likelihood = 0;  // unpenalized
    double objective = 0;       // penalized
    Eigen::VectorXd gradient;
    Eigen::MatrixXd information;
    double max_residual = 0;    // max |y - p|: near 0 means the classes are separated
};

// Rows per block of the Newton sums: the block's temporaries stay in the L1 cache.
constexpr Eigen::Index block_rows = 256;

// A block of per-row terms, on the stack.
using Block = Eigen::Array<double, Eigen::Dynamic, 1, Eigen::ColMajor, block_rows, 1>;

// The features column by column (n x dim, column-major), so that each Newton step reads contiguous blocks.
Eigen::MatrixXd feature_columns(const double* features, std::size_t rows, int dim) {
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    return Eigen::Map<const RowMajor>(features, static_cast<Eigen::Index>(rows), dim);
}

// The terms of one Newton step in one pass over the rows, a block at a time: log-likelihood, gradient
// and the lower triangle of the information matrix (vectorised exponentials, logarithms and products).
NewtonTerms newton_terms(const Eigen::MatrixXd& x, const Eigen::ArrayXd& y, const Eigen::VectorXd& beta, double l2) {
    const Eigen::Index n = x.rows(), dim = x.cols(), p = dim + 1;
    NewtonTerms terms;
    terms.gradient = Eigen::VectorXd::Zero(p);
    terms.information = Eigen::MatrixXd::Zero(p, p);
    Eigen::ArrayXXd weighted(block_rows, dim);
    for (Eigen::Index start = 0; start < n; start += block_rows) {
        const Eigen::Index rows = std::min(block_rows, n - start);
        Block eta = Block::Constant(rows, beta[0]);
        for (Eigen::Index j = 0; j < dim; ++j) eta += beta[j + 1] * x.col(j).segment(start, rows).array();
        const auto label = y.segment(start, rows);
        // p = 1 / (1 + exp(-eta)) and log(1 + exp(eta)) = max(eta, 0) + log(1 + exp(-|eta|)) without overflow;
        // log(1 + e) as -log(1 / (1 + e)) rather than log1p(e): vectorised, off by at most 1e-16 per row.
        const Block e = (-eta.abs()).exp();
        const Block inverse = (1 + e).inverse();
        terms.log_likelihood += (label * eta - eta.max(0.0) + inverse.log()).sum();
        const Block residual = label - (eta >= 0).select(inverse, e * inverse);
        const Block weight = e * inverse * inverse;  // p (1 - p) for either sign of eta
        terms.max_residual = std::max(terms.max_residual, residual.abs().maxCoeff());
        terms.gradient[0] += residual.sum();
        terms.information(0, 0) += weight.sum();
        for (Eigen::Index j = 0; j < dim; ++j) {
            const auto xj = x.col(j).segment(start, rows).array();
            auto wj = weighted.col(j).head(rows);
            wj = weight * xj;
            terms.gradient[j + 1] += (residual * xj).sum();
            terms.information(j + 1, 0) += wj.sum();
            for (Eigen::Index k = 0; k <= j; ++k)
                terms.information(j + 1, k + 1) += (wj * x.col(k).segment(start, rows).array()).sum();
        }
    }
    terms.information = terms.information.selfadjointView<Eigen::Lower>();
    const double slopes_squared = beta.tail(p - 1).squaredNorm();
    terms.objective = terms.log_likelihood - 0.5 * l2 * slopes_squared;
    for (Eigen::Index j = 1; j < p; ++j) {
        terms.gradient[j] -= l2 * beta[j];
        terms.information(j, j) += l2;
    }
    return terms;
}

// The linear predictor b0 + x'b of one feature vector (coefficients[0] is the intercept b0).
double linear_predictor(const double* coefficients, const double* features, int dim) {
    double eta = coefficients[0];
    for (int j = 0; j < dim; ++j) eta += coefficients[j + 1] * features[j];
    return eta;
}

// The linear predictor of every row.
std::vector<double> linear_predictors(const double* features, std::size_t rows, int dim, const Eigen::VectorXd& beta) {
    std::vector<double> eta(rows);
    for (std::size_t i = 0; i < rows; ++i) eta[i] = linear_predictor(beta.data(), features + i * static_cast<std::size_t>(dim), dim);
    return eta;
}

}  // namespace

double logistic_predict(const std::vector<double>& coefficients, const double* features, int dim) {
    return sigmoid(linear_predictor(coefficients.data(), features, dim));
}

double roc_auc(const std::vector<double>& labels, const std::vector<double>& scores) {
    // The sort keys of the positives' and of the negatives' scores, each sorted (8-byte items).
    std::vector<std::uint64_t> positive, negative;
    positive.reserve(scores.size());  // pages are only touched as they fill
    negative.reserve(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        (labels[i] == 1 ? positive : negative).push_back(orderable_key(scores[i] + 0.0));  // -0 is +0
    std::vector<std::uint64_t> scratch;
    radix_sort(positive.data(), positive.size(), scratch);
    radix_sort(negative.data(), negative.size(), scratch);
    // Mann-Whitney U: for each run of equal positive scores, the negatives below it plus half the equal
    // ones. Every term is a multiple of 1/2 far below 2^53, so U is exact.
    double u = 0;
    std::size_t below = 0;
    for (std::size_t start = 0; start < positive.size();) {
        std::size_t end = start;
        while (end < positive.size() && positive[end] == positive[start]) ++end;
        while (below < negative.size() && negative[below] < positive[start]) ++below;
        std::size_t equal = below;
        while (equal < negative.size() && negative[equal] == positive[start]) ++equal;
        u += static_cast<double>(end - start) * (static_cast<double>(below) + 0.5 * static_cast<double>(equal - below));
        start = end;
    }
    return u / (static_cast<double>(positive.size()) * static_cast<double>(negative.size()));
}

LogisticModel fit_logistic(const std::vector<double>& labels, const double* features, int dim, double l2) {
    check_logistic_input(labels, features, dim, l2);
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(dim + 1);
    LogisticModel model;
    model.rows = labels.size();
    model.l2 = l2;
    model.status = "not converged after " + std::to_string(logistic_max_iter) + " iterations";
    const Eigen::MatrixXd x = feature_columns(features, labels.size(), dim);
    const Eigen::ArrayXd y = Eigen::Map<const Eigen::ArrayXd>(labels.data(), static_cast<Eigen::Index>(labels.size()));
    NewtonTerms terms = newton_terms(x, y, beta, l2);
    for (int iteration = 0; iteration < logistic_max_iter; ++iteration) {
        poll_interrupts();
        const Eigen::LLT<Eigen::MatrixXd> factor(terms.information);
        if (factor.info() != Eigen::Success) {
            if (iteration == 0)
                throw InvalidArgument("the features are collinear (the information matrix is singular)",
                                      "Drop redundant or constant features, or pass l2 > 0.");
            model.status = "not converged: singular information matrix";
            break;
        }
        Eigen::VectorXd step = factor.solve(terms.gradient);
        // Step halving keeps the penalized log-likelihood from decreasing.
        NewtonTerms next = newton_terms(x, y, beta + step, l2);
        for (int halving = 0; halving < 30 && !(next.objective >= terms.objective - 1e-12 * std::abs(terms.objective));
             ++halving) {
            step *= 0.5;
            next = newton_terms(x, y, beta + step, l2);
        }
        beta += step;
        terms = std::move(next);
        model.iterations = iteration + 1;
        if (l2 == 0 && terms.max_residual < 1e-8) {
            model.status = "perfect separation";
            break;
        }
        const double relative_step = (step.array().abs() / (1 + beta.array().abs())).maxCoeff();
        if (relative_step < 1e-10) {
            model.converged = true;
            model.status = "converged";
            break;
        }
    }
    model.coefficients.assign(beta.data(), beta.data() + beta.size());
    model.log_likelihood = terms.log_likelihood;
    const Eigen::LLT<Eigen::MatrixXd> factor(terms.information);
    model.std_errors.assign(static_cast<std::size_t>(dim) + 1, std::nan(""));
    if (factor.info() == Eigen::Success) {
        const Eigen::MatrixXd covariance = factor.solve(Eigen::MatrixXd::Identity(dim + 1, dim + 1));
        for (int j = 0; j <= dim; ++j) model.std_errors[j] = std::sqrt(covariance(j, j));
    }
    model.auc = roc_auc(labels, linear_predictors(features, labels.size(), dim, beta));
    return model;
}

}  // namespace ecom::ml
