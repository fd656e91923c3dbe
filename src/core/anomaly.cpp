// Tukey's fences on a sample (typically the remainder of an STL decomposition) and the scores they give.
#include "core/anomaly.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "core/errors.hpp"

namespace ecom {

namespace {

// The p-quantile of sorted values by linear interpolation between order statistics (R's type 7).
double quantile_type7(const std::vector<double>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const std::size_t lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// A number as a person would write it (shortest form, no trailing zeros).
std::string format_number(double x) {
    std::ostringstream out;
    out << x;
    return out.str();
}

}  // namespace

TukeyFences tukey_fences(const std::vector<double>& values, double k) {
    if (!std::isfinite(k) || k < 0.0)
        throw InvalidArgument("fence multiplier k must be finite and not negative (got " + format_number(k) + ")",
                              "Tukey's fences use k = 1.5 for outliers and k = 3 for far-out values.");
    if (values.empty())
        throw InvalidArgument("cannot compute Tukey fences of an empty series", "Pass at least one value.");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            throw InvalidArgument("anomaly scoring input has a non-finite value at position " + std::to_string(i + 1),
                                  "Remove or interpolate NaN and infinite observations first.");
    }
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    TukeyFences f{};
    f.q1 = quantile_type7(sorted, 0.25);
    f.q3 = quantile_type7(sorted, 0.75);
    f.iqr = f.q3 - f.q1;
    f.lower = f.q1 - k * f.iqr;
    f.upper = f.q3 + k * f.iqr;
    return f;
}

std::vector<double> tukey_scores(const std::vector<double>& values, double k) {
    const TukeyFences f = tukey_fences(values, k);
    std::vector<double> scores(values.size(), 0.0);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double beyond = values[i] < f.lower ? f.lower - values[i] : values[i] > f.upper ? values[i] - f.upper : 0.0;
        if (beyond > 0.0) scores[i] = f.iqr > 0.0 ? beyond / f.iqr : std::numeric_limits<double>::infinity();
    }
    return scores;
}

}  // namespace ecom
