#include "core/ml/logistic.hpp"

#include <algorithm>
#include <cmath>

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
void check_logistic_input(const std::vector<double>& labels, const Points& features, double l2) {
    const std::size_t n = labels.size();
    if (n == 0 || features.dim <= 0 || features.size() != n)
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
    for (double v : features.values)
        if (!std::isfinite(v))
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

// Rows per block of the Newton sums: the block's design and weighted copies stay in cache.
constexpr Eigen::Index block_rows = 256;

// Rows [start, start + rows) of the design matrix [1, features] into the top rows of `design`.
void load_design_block(const Points& features, std::size_t start, Eigen::Index rows, Eigen::MatrixXd& design) {
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    design.topRows(rows).col(0).setOnes();
    design.topRows(rows).rightCols(features.dim) = Eigen::Map<const RowMajor>(features.row(start), rows, features.dim);
}

// The terms of one Newton step, summed block by block in row order (no n-sized temporaries; the
// block's exponentials, logarithms and products are vectorised).
NewtonTerms newton_terms(const Points& features, const std::vector<double>& y, const Eigen::VectorXd& beta, double l2) {
    const auto n = static_cast<Eigen::Index>(y.size());
    const Eigen::Index p = beta.size();
    NewtonTerms terms;
    terms.gradient = Eigen::VectorXd::Zero(p);
    terms.information = Eigen::MatrixXd::Zero(p, p);
    Eigen::MatrixXd design(block_rows, p), weighted(block_rows, p);
    Eigen::VectorXd eta_block(block_rows);
    Eigen::ArrayXd exp_block(block_rows), probability_block(block_rows), residual_block(block_rows);
    for (Eigen::Index start = 0; start < n; start += block_rows) {
        const Eigen::Index rows = std::min(block_rows, n - start);
        load_design_block(features, static_cast<std::size_t>(start), rows, design);
        const auto x = design.topRows(rows);
        eta_block.head(rows).noalias() = x * beta;
        const auto eta = eta_block.head(rows).array();
        const auto label = Eigen::Map<const Eigen::ArrayXd>(y.data() + start, rows);
        auto e = exp_block.head(rows);
        auto probability = probability_block.head(rows);
        auto residual = residual_block.head(rows);
        // p = 1 / (1 + exp(-eta)) and log(1 + exp(eta)) = max(eta, 0) + log(1 + exp(-|eta|)) without overflow;
        // log(1 + e) as -log(1 / (1 + e)) rather than log1p(e): vectorised, off by at most 1e-16 per row.
        e = (-eta.abs()).exp();
        probability = (1 + e).inverse();
        terms.log_likelihood += (label * eta - eta.max(0.0) + probability.log()).sum();
        probability = (eta >= 0).select(probability, e * probability);
        residual = label - probability;
        terms.max_residual = std::max(terms.max_residual, residual.abs().maxCoeff());
        weighted.topRows(rows) = (probability * (1 - probability)).matrix().asDiagonal() * x;
        for (Eigen::Index a = 0; a < p; ++a)
            for (Eigen::Index b = 0; b <= a; ++b) terms.information(a, b) += weighted.col(a).head(rows).dot(x.col(b));
        terms.gradient.noalias() += x.transpose() * residual.matrix();
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
std::vector<double> linear_predictors(const Points& features, const Eigen::VectorXd& beta) {
    std::vector<double> eta(features.size());
    for (std::size_t i = 0; i < eta.size(); ++i) eta[i] = linear_predictor(beta.data(), features.row(i), features.dim);
    return eta;
}

}  // namespace

double logistic_predict(const std::vector<double>& coefficients, const double* features, int dim) {
    return sigmoid(linear_predictor(coefficients.data(), features, dim));
}

double roc_auc(const std::vector<double>& labels, const std::vector<double>& scores) {
    const std::size_t n = scores.size();
    // Each score's key with its label in the index field (the rank loop then reads no other array).
    std::vector<KeyedIndex> ranked(n);
    for (std::size_t i = 0; i < n; ++i) ranked[i] = {orderable_key(scores[i] + 0.0), labels[i] == 1};  // -0 is +0
    std::vector<KeyedIndex> scratch;
    radix_sort(ranked.data(), n, scratch);
    double positive_rank_sum = 0, positives = 0;
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start;
        while (end < n && ranked[end].key == ranked[start].key) ++end;
        const double mid_rank = 0.5 * static_cast<double>(start + 1 + end);
        for (std::size_t i = start; i < end; ++i)
            if (ranked[i].index == 1) {
                positive_rank_sum += mid_rank;
                positives += 1;
            }
        start = end;
    }
    const double negatives = static_cast<double>(n) - positives;
    return (positive_rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

LogisticModel fit_logistic(const std::vector<double>& labels, const Points& features, double l2) {
    check_logistic_input(labels, features, l2);
    const int dim = features.dim;
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(dim + 1);
    LogisticModel model;
    model.rows = labels.size();
    model.l2 = l2;
    model.status = "not converged after " + std::to_string(logistic_max_iter) + " iterations";
    NewtonTerms terms = newton_terms(features, labels, beta, l2);
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
        NewtonTerms next = newton_terms(features, labels, beta + step, l2);
        for (int halving = 0; halving < 30 && !(next.objective >= terms.objective - 1e-12 * std::abs(terms.objective));
             ++halving) {
            step *= 0.5;
            next = newton_terms(features, labels, beta + step, l2);
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
    model.auc = roc_auc(labels, linear_predictors(features, beta));
    return model;
}

}  // namespace ecom::ml
