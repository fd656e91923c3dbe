#include "core/ml/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/linalg.hpp"

namespace ecom::ml {

namespace {

// log(1 + exp(eta)) without overflow.
double log1p_exp(double eta) { return eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta)); }

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

// The terms of one Newton step.
NewtonTerms newton_terms(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& beta, double l2) {
    const Eigen::VectorXd eta = x * beta;
    const Eigen::Index n = x.rows();
    Eigen::VectorXd residual(n), root_weight(n);
    NewtonTerms terms;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double p = sigmoid(eta[i]);
        residual[i] = y[i] - p;
        root_weight[i] = std::sqrt(p * (1 - p));
        terms.log_likelihood += y[i] * eta[i] - log1p_exp(eta[i]);
        terms.max_residual = std::max(terms.max_residual, std::abs(residual[i]));
    }
    const Eigen::MatrixXd weighted = root_weight.asDiagonal() * x;
    terms.information = Eigen::MatrixXd::Zero(x.cols(), x.cols());
    terms.information.selfadjointView<Eigen::Lower>().rankUpdate(weighted.transpose());
    terms.information = terms.information.selfadjointView<Eigen::Lower>();
    terms.gradient = x.transpose() * residual;
    const double slopes_squared = beta.tail(beta.size() - 1).squaredNorm();
    terms.objective = terms.log_likelihood - 0.5 * l2 * slopes_squared;
    for (Eigen::Index j = 1; j < beta.size(); ++j) {
        terms.gradient[j] -= l2 * beta[j];
        terms.information(j, j) += l2;
    }
    return terms;
}

}  // namespace

double logistic_predict(const std::vector<double>& coefficients, const double* features, int dim) {
    double eta = coefficients[0];
    for (int j = 0; j < dim; ++j) eta += coefficients[static_cast<std::size_t>(j) + 1] * features[j];
    return sigmoid(eta);
}

double roc_auc(const std::vector<double>& labels, const std::vector<double>& scores) {
    const std::size_t n = scores.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    double positive_rank_sum = 0, positives = 0;
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start;
        while (end < n && scores[order[end]] == scores[order[start]]) ++end;
        const double mid_rank = 0.5 * static_cast<double>(start + 1 + end);
        for (std::size_t i = start; i < end; ++i)
            if (labels[order[i]] == 1) {
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
    const auto n = static_cast<Eigen::Index>(labels.size());
    const int dim = features.dim;
    Eigen::MatrixXd x(n, dim + 1);
    for (Eigen::Index i = 0; i < n; ++i) {
        x(i, 0) = 1;
        for (int j = 0; j < dim; ++j) x(i, j + 1) = features.row(static_cast<std::size_t>(i))[j];
    }
    const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(labels.data(), n);
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(dim + 1);
    LogisticModel model;
    model.rows = labels.size();
    model.l2 = l2;
    model.status = "not converged after " + std::to_string(logistic_max_iter) + " iterations";
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
    std::vector<double> scores(labels.size());
    const Eigen::VectorXd eta = x * beta;
    for (Eigen::Index i = 0; i < n; ++i) scores[i] = eta[i];
    model.auc = roc_auc(labels, scores);
    return model;
}

}  // namespace ecom::ml
