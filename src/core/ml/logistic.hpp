// Logistic regression by Newton's method (IRLS) with an optional L2 penalty on the slopes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace ecom::ml {

// A fitted logistic regression: coefficients[0] is the intercept, then one slope per feature.
struct LogisticModel {
    std::vector<double> coefficients;
    std::vector<double> std_errors;  // sqrt of the diagonal of the inverse (penalized) information matrix
    double log_likelihood = 0;       // unpenalized log-likelihood at the estimate
    double auc = 0;                  // area under the ROC curve on the training rows (ties count one half)
    int iterations = 0;
    bool converged = false;
    std::string status;              // "converged", "perfect separation" or "not converged after N iterations"
    std::size_t rows = 0;
    double l2 = 0;
};

// Newton iterations allowed before the fit is reported as not converged.
constexpr int logistic_max_iter = 100;

// A run of training rows, read in place: `rows` labels (0 or 1) and rows x dim features, row-major.
struct TrainingRows {
    const std::uint8_t* labels;
    const double* features;
    std::size_t rows;
    bool in_canonical_order = false;  // sorted by ecom::ml::sort_training_rows (core/ml/training_order.hpp)
};

// Fits P(y = 1) = 1 / (1 + exp(-(b0 + x'b))) by maximizing the log-likelihood minus l2/2 * |b|^2 (the
// intercept is not penalized) over the rows of every part, taken in their canonical order (parts not flagged
// as sorted are sorted first), so the answer does not depend on how the rows were split or ordered. Bad input (no rows, labels not 0/1,
// one class only, NaN, l2 < 0, collinear features without penalty) throws InvalidArgument.
LogisticModel fit_logistic(const std::vector<TrainingRows>& parts, int dim, double l2);

// Throws InvalidArgument unless y is 0 or 1 (a training label).
inline void check_label(double y) {
    if (y != 0 && y != 1) throw InvalidArgument("labels must be 0 or 1", "Encode the outcome as 0/1 (or boolean).");
}

// The predicted probability for one feature vector of the model's dimension.
double logistic_predict(const std::vector<double>& coefficients, const double* features, int dim);

// Area under the ROC curve of scores against 0/1 labels (Mann-Whitney U, ties counting one half).
double roc_auc(const std::vector<double>& labels, const std::vector<double>& scores);

}  // namespace ecom::ml
