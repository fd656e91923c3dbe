// The STL passes (Cleveland et al. 1990, section 2): an inner loop of cycle-subseries smoothing, low-pass
// filtering and trend smoothing, wrapped in an outer loop of robustness weighting; then R's own finishing
// steps (exactly periodic seasonal part when s.window = "periodic", remainder = data - seasonal - trend).
#include <algorithm>
#include <cmath>
#include <string>

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/stl.hpp"
#include "core/stl/loess.hpp"
#include "core/stl/partial_sort.hpp"

namespace ecom {

namespace {

using loess::LoessSpec;

// A span as the algorithm uses it: at least 3 and odd.
int effective_span(int window) {
    const int span = std::max(3, window);
    return span % 2 == 0 ? span + 1 : span;
}

// Buffers and smoother settings shared by the passes over one series.
struct Workspace {
    int n;
    int period;
    LoessSpec seasonal, trend, lowpass;
    std::vector<double> detrended, cycle, lowpass_in, lowpass_out;
    std::vector<double> sub_values, sub_weights, sub_smooth;
};

// Running mean of len consecutive values of x[0..n-1], written to out[0..n-len].
void moving_average(const double* x, int n, int len, double* out) {
    double sum = 0.0;
    for (int i = 0; i < len; ++i) sum += x[i];
    const double flen = static_cast<double>(len);
    out[0] = sum / flen;
    for (int j = 1; j <= n - len; ++j) {
        sum = sum - x[j - 1] + x[j + len - 1];
        out[j] = sum / flen;
    }
}

// Smooths each cycle-subseries of ws.detrended and extends it by one cycle at both ends into ws.cycle
// (n + 2 * period values: position period + i is the smoothed value of observation i).
void smooth_cycle_subseries(Workspace& ws, const double* robustness) {
    const int n = ws.n;
    const int np = ws.period;
    const int span = ws.seasonal.span;
    for (int j = 0; j < np; ++j) {
        const int k = (n - 1 - j) / np + 1;
        for (int i = 0; i < k; ++i) {
            ws.sub_values[i] = ws.detrended[i * np + j];
            if (robustness != nullptr) ws.sub_weights[i] = robustness[i * np + j];
        }
        const double* sub_rw = robustness != nullptr ? ws.sub_weights.data() : nullptr;
        double* smooth = ws.sub_smooth.data();  // smooth[1..k] fitted, smooth[0] and smooth[k+1] extrapolated
        loess::loess_smooth(ws.sub_values.data(), k, ws.seasonal, sub_rw, smooth + 1);
        if (!loess::loess_at(ws.sub_values.data(), k, ws.seasonal, 0.0, 1, std::min(span, k), sub_rw, smooth[0]))
            smooth[0] = smooth[1];
        if (!loess::loess_at(ws.sub_values.data(), k, ws.seasonal, k + 1.0, std::max(1, k - span + 1), k, sub_rw,
                             smooth[k + 1]))
            smooth[k + 1] = smooth[k];
        for (int m = 0; m < k + 2; ++m) ws.cycle[m * np + j] = smooth[m];
    }
}

// One pass of the inner loop: updates seasonal and trend in place from the data y.
void inner_pass(Workspace& ws, const std::vector<double>& y, const double* robustness,
                std::vector<double>& seasonal, std::vector<double>& trend) {
    const int n = ws.n;
    const int np = ws.period;
    for (int i = 0; i < n; ++i) ws.detrended[i] = y[i] - trend[i];
    smooth_cycle_subseries(ws, robustness);
    // Low-pass filter of the cycle-subseries: moving averages of lengths period, period, 3, then loess.
    double* a = ws.lowpass_in.data();
    double* b = ws.lowpass_out.data();
    moving_average(ws.cycle.data(), n + 2 * np, np, a);
    moving_average(a, n + np + 1, np, b);
    moving_average(b, n + 2, 3, a);
    loess::loess_smooth(a, n, ws.lowpass, nullptr, b);
    for (int i = 0; i < n; ++i) seasonal[i] = ws.cycle[np + i] - b[i];
    for (int i = 0; i < n; ++i) ws.detrended[i] = y[i] - seasonal[i];
    loess::loess_smooth(ws.detrended.data(), n, ws.trend, robustness, trend.data());
}

// Tukey biweight robustness weights from the residuals of the current fit, scaled by six times the median
// absolute residual as R's stl() computes it (its two middle order statistics from its own partial sort).
void robustness_weights(const std::vector<double>& y, const std::vector<double>& seasonal,
                        const std::vector<double>& trend, std::vector<double>& weights) {
    const std::size_t n = y.size();
    std::vector<double> abs_resid(n);
    for (std::size_t i = 0; i < n; ++i) abs_resid[i] = std::fabs(y[i] - (trend[i] + seasonal[i]));
    std::vector<double> partly_sorted = abs_resid;
    const int upper = static_cast<int>(n / 2 + 1);
    const int lower = static_cast<int>(n) - upper + 1;
    loess::singleton_partial_sort(partly_sorted, {upper, lower});
    const double cmad = 3.0 * (partly_sorted[upper - 1] + partly_sorted[lower - 1]);
    for (std::size_t i = 0; i < n; ++i) {
        const double r = abs_resid[i];
        if (r <= 0.001 * cmad) {
            weights[i] = 1.0;
        } else if (r <= 0.999 * cmad) {
            const double u = r / cmad;
            weights[i] = (1.0 - u * u) * (1.0 - u * u);
        } else {
            weights[i] = 0.0;
        }
    }
}

// R's finishing step for s.window = "periodic": each cycle position gets the mean of its seasonal values.
void make_exactly_periodic(std::vector<double>& seasonal, int period) {
    const std::size_t n = seasonal.size();
    for (int j = 0; j < period; ++j) {
        double sum = 0.0;
        std::size_t count = 0;
        for (std::size_t i = j; i < n; i += period, ++count) sum += seasonal[i];
        const double mean = sum / static_cast<double>(count);
        for (std::size_t i = j; i < n; i += period) seasonal[i] = mean;
    }
}

// Rejects NaN and infinite observations, which R's stl() refuses (na.fail) or cannot decompose.
void check_finite(const std::vector<double>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isfinite(values[i])) continue;
        throw InvalidArgument("stl input has a non-finite value at position " + std::to_string(i + 1),
                              "R's stl() fails on missing values (na.fail); remove or interpolate NaN and "
                              "infinite observations before decomposing.");
    }
}

}  // namespace

StlResult stl(const std::vector<double>& values, const StlOptions& options) {
    StlResult result;
    result.settings = resolve_stl_settings(options, values.size());
    check_finite(values);
    const StlSettings& s = result.settings;
    const int n = static_cast<int>(values.size());
    const int np = s.period;
    Workspace ws;
    ws.n = n;
    ws.period = np;
    ws.seasonal = LoessSpec{effective_span(s.s_window), s.s_degree, s.s_jump};
    ws.trend = LoessSpec{effective_span(s.t_window), s.t_degree, s.t_jump};
    ws.lowpass = LoessSpec{effective_span(s.l_window), s.l_degree, s.l_jump};
    const std::size_t longest = static_cast<std::size_t>(n) + 2 * np;
    ws.detrended.resize(n);
    ws.cycle.resize(longest);
    ws.lowpass_in.resize(longest);
    ws.lowpass_out.resize(longest);
    const std::size_t sub_len = static_cast<std::size_t>((n - 1) / np + 1);
    ws.sub_values.resize(sub_len);
    ws.sub_weights.resize(sub_len);
    ws.sub_smooth.resize(sub_len + 2);

    result.seasonal.assign(n, 0.0);
    result.trend.assign(n, 0.0);
    result.weights.assign(n, 1.0);
    const double* robustness = nullptr;
    for (int outer = 0;; ++outer) {
        for (int inner = 0; inner < s.inner; ++inner) {
            poll_interrupts();
            inner_pass(ws, values, robustness, result.seasonal, result.trend);
        }
        if (outer >= s.outer) break;
        robustness_weights(values, result.seasonal, result.trend, result.weights);
        robustness = result.weights.data();
    }
    if (s.periodic) make_exactly_periodic(result.seasonal, np);
    result.remainder.resize(n);
    for (int i = 0; i < n; ++i) result.remainder[i] = values[i] - result.seasonal[i] - result.trend[i];
    return result;
}

}  // namespace ecom
