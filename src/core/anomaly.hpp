// Anomaly scores from Tukey's fences: how far a value lies outside [Q1 - k IQR, Q3 + k IQR].
#pragma once
#include <vector>

namespace ecom {

// Quartiles and fences of a sample; quartiles as R's quantile() computes them by default (type 7).
struct TukeyFences {
    double q1, q3, iqr, lower, upper;
};

// The fences of values for multiplier k (1.5 flags outliers, 3 "far out" values, as in Tukey 1977).
// Throws InvalidArgument for an empty sample, non-finite values, or k negative or not finite.
TukeyFences tukey_fences(const std::vector<double>& values, double k);

// One score per value: 0 inside the fences, otherwise the distance beyond the nearer fence in IQR units
// (+infinity when the IQR is 0 and the value is off the fence).
std::vector<double> tukey_scores(const std::vector<double>& values, double k);

}  // namespace ecom
