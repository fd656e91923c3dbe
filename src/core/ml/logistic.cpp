#include "core/ml/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/linalg.hpp"
#include "core/ml/training_order.hpp"
#include "core/radix_sort.hpp"

namespace ecom::ml {

namespace {

// The logistic function without overflow.
double sigmoid(double eta) {
    if (eta >= 0) return 1 / (1 + std::exp(-eta));
    const double e = std::exp(eta);
    return e / (1 + e);
}

// Validates the shape and penalty (labels and features are checked while they are copied); throws InvalidArgument.
void check_logistic_input(std::size_t rows, int dim, double l2) {
    if (rows == 0 || dim <= 0)
        throw InvalidArgument("logistic regression needs at least one row with at least one feature",
                              "Aggregate (label, features) rows with non-empty float8[] features.");
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

// The labels as numbers, read in place (a whole array or a map of one).
using Labels = Eigen::Ref<const Eigen::ArrayXd>;

// A block of per-row terms, on the stack.
using Block = Eigen::Array<double, Eigen::Dynamic, 1, Eigen::ColMajor, block_rows, 1>;

// Rows in the sample whose fit starts Newton on a large training set, and the fewest rows for which a
// sample is drawn (below that, Newton starts at zero).
constexpr std::size_t start_sample_rows = 20000;
constexpr std::size_t start_sample_min_rows = 100000;

// The training rows gathered from their parts in their canonical order: the features column by column
// (n x dim, column-major), so that each Newton step reads contiguous blocks, and the labels as numbers.
// The first sample_rows rows are the sample whose fit starts Newton (none when the rows are too few).
struct FeatureColumns {
    Eigen::MatrixXd x;
    std::vector<double> y;
    std::size_t sample_rows = 0;
};

// A part in canonical order being merged: its rows, the next one to take and that row's key.
struct SortedRun {
    const std::uint8_t* labels;
    const double* features;
    std::size_t rows;
    std::size_t next = 0;
    std::uint64_t key = 0;
};

// The next row's key of a run that has one.
void load_key(SortedRun& run, int dim) {
    if (run.next < run.rows)
        run.key = training_key(run.features + run.next * static_cast<std::size_t>(dim), dim, run.labels[run.next]);
}

// Merges the parts, each in canonical order (the others are sorted here first), into the columns, transposing
// the features, and checks labels and features. The sample is the rows whose key (hash) is below a threshold:
// a prefix of the canonical order. Throws InvalidArgument on a label other than 0 or 1, one class only, or a
// NaN or infinite feature.
FeatureColumns feature_columns(const std::vector<TrainingRows>& parts, std::size_t rows, int dim) {
    const auto width = static_cast<std::size_t>(dim);
    std::vector<std::vector<std::uint8_t>> sorted_labels;
    std::vector<std::vector<double>> sorted_features;
    std::vector<SortedRun> runs;
    for (const TrainingRows& part : parts) {
        for (std::size_t r = 0; r < part.rows; ++r) check_label(part.labels[r]);
        if (part.in_canonical_order) {
            runs.push_back({part.labels, part.features, part.rows});
            continue;
        }
        sorted_labels.emplace_back(part.rows);
        sorted_features.emplace_back(part.rows * width);
        sort_training_rows(part.labels, part.features, part.rows, dim, sorted_labels.back().data(),
                           sorted_features.back().data());
        runs.push_back({sorted_labels.back().data(), sorted_features.back().data(), part.rows});
    }
    for (SortedRun& run : runs) load_key(run, dim);
    const auto threshold = rows >= start_sample_min_rows
                               ? static_cast<std::uint64_t>(std::ldexp(
                                     static_cast<double>(start_sample_rows) / static_cast<double>(rows), 64))
                               : 0;
    FeatureColumns columns;
    columns.x.resize(static_cast<Eigen::Index>(rows), dim);
    columns.y.resize(rows);
    double* x = columns.x.data();
    bool finite = true;
    std::size_t ones = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        SortedRun* first = nullptr;
        for (SortedRun& run : runs)
            if (run.next < run.rows &&
                (first == nullptr || training_before(run.key, run.features + run.next * width, first->key,
                                                     first->features + first->next * width, dim)))
                first = &run;
        const double* row = first->features + first->next * width;
        for (int j = 0; j < dim; ++j) {
            x[static_cast<std::size_t>(j) * rows + i] = row[j];
            finite &= std::isfinite(row[j]);
        }
        columns.y[i] = first->labels[first->next];
        ones += first->labels[first->next];
        columns.sample_rows += first->key < threshold;
        ++first->next;
        load_key(*first, dim);
    }
    if (ones == 0 || ones == rows)
        throw InvalidArgument("labels must include both 0 and 1",
                              "A model needs examples of both outcomes; check the label definition.");
    if (!finite)
        throw InvalidArgument("logistic regression features must be finite numbers",
                              "Remove or impute rows with NaN or infinite features.");
    return columns;
}

// The terms of one Newton step in one pass over the rows, a block at a time: log-likelihood, gradient
// and the lower triangle of the information matrix (vectorised exponentials and products).
NewtonTerms newton_terms(const Eigen::MatrixXd& x, const Labels& y, const Eigen::VectorXd& beta, double l2) {
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
        // log(1 + e) as -log(1 / (1 + e)) rather than log1p(e), off by at most 1e-16 per row.
        // The logarithms summed as the logarithm of the block's product: each factor 1 / (1 + e) lies in
        // [1/2, 1], so the product of 256 stays above 2^-256 (no underflow); one log per block, not per row.
        const Block e = (-eta.abs()).exp();
        const Block inverse = (1 + e).inverse();
        terms.log_likelihood += (label * eta - eta.max(0.0)).sum() + std::log(inverse.prod());
        // p is inverse when eta >= 0 and e * inverse when eta < 0: the factor 1 or e comes from max and min,
        // which vectorise (Eigen's select does not). For 0 <= eta < 1e-300, e is 1 and so is the factor.
        const Block factor = e.max((eta.max(0.0) * 1e300).min(1.0));
        const Block residual = label - factor * inverse;
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

// The outcome of Newton's method: the estimate, the terms there, and how the iterations ended.
struct NewtonRun {
    Eigen::VectorXd beta;
    NewtonTerms terms;
    int iterations = 0;
    bool converged = false;
    bool singular_at_start = false;  // the information matrix at the start has no Cholesky factor
    std::string status = "not converged after " + std::to_string(logistic_max_iter) + " iterations";
};

// Newton's method with step halving from beta, until the largest relative step is below 1e-10.
NewtonRun newton(const Eigen::MatrixXd& x, const Labels& y, const Eigen::VectorXd& start, double l2) {
    NewtonRun run;
    run.beta = start;
    run.terms = newton_terms(x, y, run.beta, l2);
    for (int iteration = 0; iteration < logistic_max_iter; ++iteration) {
        poll_interrupts();
        const Eigen::LLT<Eigen::MatrixXd> factor(run.terms.information);
        if (factor.info() != Eigen::Success) {
            run.singular_at_start = iteration == 0;
            run.status = "not converged: singular information matrix";
            break;
        }
        Eigen::VectorXd step = factor.solve(run.terms.gradient);
        // Step halving keeps the penalized log-likelihood from decreasing.
        NewtonTerms next = newton_terms(x, y, run.beta + step, l2);
        for (int halving = 0;
             halving < 30 && !(next.objective >= run.terms.objective - 1e-12 * std::abs(run.terms.objective));
             ++halving) {
            step *= 0.5;
            next = newton_terms(x, y, run.beta + step, l2);
        }
        run.beta += step;
        run.terms = std::move(next);
        run.iterations = iteration + 1;
        if (l2 == 0 && run.terms.max_residual < 1e-8) {
            run.status = "perfect separation";
            break;
        }
        const double relative_step = (step.array().abs() / (1 + run.beta.array().abs())).maxCoeff();
        if (relative_step < 1e-10) {
            run.converged = true;
            run.status = "converged";
            break;
        }
    }
    return run;
}

// Where Newton starts on all rows: the fit of the sample when there is one and it converged (its penalty
// scaled to its share of the rows), else zero. From there the full fit needs about one step fewer, and
// its answer is the same up to rounding, since each ends with a step below 1e-10.
Eigen::VectorXd starting_point(const FeatureColumns& columns, const Labels& y, double l2) {
    const Eigen::Index p = columns.x.cols() + 1, m = static_cast<Eigen::Index>(columns.sample_rows);
    if (m == 0) return Eigen::VectorXd::Zero(p);
    const Eigen::MatrixXd x = columns.x.topRows(m);
    const double share = static_cast<double>(m) / static_cast<double>(columns.x.rows());
    const NewtonRun run = newton(x, y.head(m), Eigen::VectorXd::Zero(p), l2 * share);
    return run.converged ? run.beta : Eigen::VectorXd::Zero(p);
}

// The linear predictor b0 + x'b of one feature vector (coefficients[0] is the intercept b0).
double linear_predictor(const double* coefficients, const double* features, int dim) {
    double eta = coefficients[0];
    for (int j = 0; j < dim; ++j) eta += coefficients[j + 1] * features[j];
    return eta;
}

// The linear predictor of every row of the columns, summed feature by feature as linear_predictor does.
std::vector<double> linear_predictors(const Eigen::MatrixXd& x, const Eigen::VectorXd& beta) {
    std::vector<double> eta(static_cast<std::size_t>(x.rows()), beta[0]);
    Eigen::Map<Eigen::ArrayXd> scores(eta.data(), x.rows());
    for (Eigen::Index j = 0; j < x.cols(); ++j) scores += beta[j + 1] * x.col(j).array();
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
    large_vector<std::uint64_t> scratch;
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

LogisticModel fit_logistic(const std::vector<TrainingRows>& parts, int dim, double l2) {
    LogisticModel model;
    for (const TrainingRows& part : parts) model.rows += part.rows;
    check_logistic_input(model.rows, dim, l2);
    model.l2 = l2;
    const FeatureColumns columns = feature_columns(parts, model.rows, dim);
    const Eigen::Map<const Eigen::ArrayXd> y(columns.y.data(), static_cast<Eigen::Index>(model.rows));
    NewtonRun run = newton(columns.x, y, starting_point(columns, y, l2), l2);
    if (run.singular_at_start)
        throw InvalidArgument("the features are collinear (the information matrix is singular)",
                              "Drop redundant or constant features, or pass l2 > 0.");
    model.iterations = run.iterations;
    model.converged = run.converged;
    model.status = run.status;
    model.coefficients.assign(run.beta.data(), run.beta.data() + run.beta.size());
    model.log_likelihood = run.terms.log_likelihood;
    const Eigen::LLT<Eigen::MatrixXd> factor(run.terms.information);
    model.std_errors.assign(static_cast<std::size_t>(dim) + 1, std::nan(""));
    if (factor.info() == Eigen::Success) {
        const Eigen::MatrixXd covariance = factor.solve(Eigen::MatrixXd::Identity(dim + 1, dim + 1));
        for (int j = 0; j <= dim; ++j) model.std_errors[j] = std::sqrt(covariance(j, j));
    }
    model.auc = roc_auc(columns.y, linear_predictors(columns.x, run.beta));
    return model;
}

}  // namespace ecom::ml
