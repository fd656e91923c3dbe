// Period detection by classical decomposition: for each candidate period p, remove a centred moving
// average of length p (the local level over one cycle) and test, with an F test, whether the cycle
// position explains the deviations; the most significant candidate wins.
#include "core/period.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/math.hpp"
#include <boost/math/distributions/fisher_f.hpp>

#include "core/cancel.hpp"
#include "core/errors.hpp"

namespace ecom {

namespace {

// Chance of reporting a period in a series that has none, shared out over all candidate periods.
constexpr double kFamilyAlpha = 0.001;

// Deviations of x from its centred moving average over p points (for even p the 2 x p average that
// gives the end points half weight), for t = half .. n - 1 - half where half = p / 2.
std::vector<double> deviations_from_level(const std::vector<double>& x, int p) {
    const std::size_t n = x.size();
    const std::size_t half = static_cast<std::size_t>(p / 2);
    std::vector<double> dev;
    dev.reserve(n - 2 * half);
    double window = 0.0;  // sum of x[t - half .. t + half] (p + 1 points when p is even)
    for (std::size_t t = 0; t < 2 * half + 1; ++t) window += x[t];
    for (std::size_t t = half; t + half < n; ++t) {
        if (t > half) window += x[t + half] - x[t - half - 1];
        const double level = p % 2 == 1 ? window / p : (window - 0.5 * (x[t - half] + x[t + half])) / p;
        dev.push_back(x[t] - level);
    }
    return dev;
}

// Upper tail probability of the seasonal F test on dev (the cycle position t mod p explains dev; dev
// starts at cycle position offset). The within-position residuals' lag-1 autocorrelation rho corrects the
// test for serial dependence (AR(1) approximation): rho > 0 (slowly wandering series) shrinks both
// degrees of freedom by (1 - rho) / (1 + rho); rho < 0 (moving-average artefacts) inflates the expected
// between-position spread by 1 - 2 rho / (p - 1), which is divided out. f_out receives the corrected F.
double seasonal_p_value(const std::vector<double>& dev, int p, std::size_t offset, double& f_out) {
    const std::size_t np = static_cast<std::size_t>(p);
    std::vector<double> mean(np, 0.0), count(np, 0.0);
    for (std::size_t i = 0; i < dev.size(); ++i) {
        mean[(i + offset) % np] += dev[i];
        count[(i + offset) % np] += 1.0;
    }
    double grand_mean = 0.0;
    for (std::size_t j = 0; j < np; ++j) {
        grand_mean += mean[j];
        mean[j] /= count[j];
    }
    grand_mean /= static_cast<double>(dev.size());
    double between = 0.0;
    for (std::size_t j = 0; j < np; ++j) between += count[j] * (mean[j] - grand_mean) * (mean[j] - grand_mean);
    double within = 0.0, lag1 = 0.0, previous = 0.0;
    for (std::size_t i = 0; i < dev.size(); ++i) {
        const double residual = dev[i] - mean[(i + offset) % np];
        within += residual * residual;
        if (i > 0) lag1 += residual * previous;
        previous = residual;
    }
    f_out = 0.0;
    if (!(between > 0.0)) return 1.0;
    f_out = std::numeric_limits<double>::infinity();
    if (within <= 1e-12 * (between + within)) return 0.0;
    const double rho = std::clamp(lag1 / within, -0.99, 0.99);
    double df_between = p - 1.0;
    double df_within = static_cast<double>(dev.size()) - p;
    double f = (between / df_between) / (within / df_within);
    if (rho > 0.0) {
        df_between *= (1.0 - rho) / (1.0 + rho);
        df_within *= (1.0 - rho) / (1.0 + rho);
    } else {
        f /= 1.0 - 2.0 * rho / (p - 1.0);
    }
    f_out = f;
    if (df_within < 1.0) return 1.0;
    const boost::math::fisher_f_distribution<double> null(df_between, df_within);
    return boost::math::cdf(boost::math::complement(null, f));
}

}  // namespace

int detect_period(const std::vector<double>& values, int max_period) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            throw InvalidArgument("detect_period input has a non-finite value at position " + std::to_string(i + 1),
                                  "Remove or interpolate NaN and infinite observations first.");
    }
    const std::size_t n = values.size();
    const int limit = max_period > 0 ? max_period : kDefaultMaxPeriod;
    // Three cycles: one is spent on the moving average at the ends, two remain to compare.
    const int longest = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(limit), n / 3));
    if (longest < 2) return 0;
    const double alpha = kFamilyAlpha / (longest - 1);
    int best = 0;
    double best_f = 0.0;
    for (int p = 2; p <= longest; ++p) {
        poll_interrupts();
        double f = 0.0;
        const double p_value =
            seasonal_p_value(deviations_from_level(values, p), p, static_cast<std::size_t>(p / 2), f);
        if (p_value < alpha && f > best_f) {
            best = p;
            best_f = f;
        }
    }
    return best;
}

}  // namespace ecom
