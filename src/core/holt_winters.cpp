// Holt-Winters: R's start values (classical decomposition of the first periods and a line through its
// trend), R's filter, SSE minimisation over [0, 1] and R's forecast variance.
#include "core/holt_winters.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/math.hpp"
#include <boost/math/distributions/normal.hpp>

namespace ecom {

namespace {

// Start values and the 0-based index of the first observation the filter forecasts.
struct StartValues {
    double level = 0.0, slope = 0.0;
    std::vector<double> season;
    int first = 0;
};

// Centred moving average of x over one period (R's decompose() filter: weights 1/f, or for even f the
// 2 x f average with half weights at the ends); NaN where the window does not fit.
std::vector<double> centred_average(const std::vector<double>& x, int f) {
    std::vector<double> weights(f % 2 == 0 ? f + 1 : f, 1.0 / f);
    if (f % 2 == 0) weights.front() = weights.back() = 0.5 / f;
    const int len = static_cast<int>(weights.size());
    const int offset = len / 2;
    const int n = static_cast<int>(x.size());
    std::vector<double> out(n, std::nan(""));
    for (int i = offset; i + offset < n; ++i) {
        double sum = 0.0;
        for (int j = 0; j < len; ++j) sum += weights[j] * x[i + offset - j];
        out[i] = sum;
    }
    return out;
}

// R's start values: seasonal ones from decompose() of the first start_periods periods, level and slope
// from the least-squares line through its trend; without seasonality x[1] (or x[0]) and x[1] - x[0].
StartValues start_values(const std::vector<double>& x, const HoltWintersOptions& o) {
    StartValues s;
    if (o.seasonal == Seasonality::None) {
        s.level = o.trend ? x[1] : x[0];
        s.slope = o.trend ? x[1] - x[0] : 0.0;
        s.first = o.trend ? 2 : 1;
        return s;
    }
    const int f = o.period;
    const bool additive = o.seasonal == Seasonality::Additive;
    const std::vector<double> head(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(o.start_periods) * f);
    const std::vector<double> trend = centred_average(head, f);
    s.season.assign(f, 0.0);
    for (int i = 0; i < f; ++i) {
        double sum = 0.0;
        int count = 0;
        for (std::size_t t = i; t < head.size(); t += f) {
            if (std::isnan(trend[t])) continue;
            sum += additive ? head[t] - trend[t] : head[t] / trend[t];
            ++count;
        }
        s.season[i] = sum / count;
    }
    double mean = 0.0;
    for (double v : s.season) mean += v;
    mean /= f;
    for (double& v : s.season) v = additive ? v - mean : v / mean;
    std::vector<double> known;
    for (double v : trend)
        if (!std::isnan(v)) known.push_back(v);
    const double m = static_cast<double>(known.size());
    const double t_mean = (m + 1.0) / 2.0;
    double d_mean = 0.0;
    for (double v : known) d_mean += v;
    d_mean /= m;
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t k = 0; k < known.size(); ++k) {
        const double dt = static_cast<double>(k + 1) - t_mean;
        sxy += dt * (known[k] - d_mean);
        sxx += dt * dt;
    }
    s.slope = sxy / sxx;
    s.level = d_mean - s.slope * t_mean;
    s.first = f;
    return s;
}

// The filter state after running over x with the given parameters.
struct FilterRun {
    double sse = 0.0, level = 0.0, slope = 0.0;
    std::vector<double> season;  // the last period of seasonal states, oldest first
    std::vector<double> fitted;
};

// R's Holt-Winters recursions (with trend damping phi) from the start values; fitted values are kept
// only when keep_fitted.
FilterRun run_filter(const std::vector<double>& x, const StartValues& start, const HoltWintersOptions& o, double alpha,
                     double beta, double gamma, bool keep_fitted) {
    const bool seasonal = o.seasonal != Seasonality::None;
    const bool additive = o.seasonal != Seasonality::Multiplicative;
    const int f = seasonal ? o.period : 1;
    const double phi = o.phi;
    FilterRun run;
    double level = start.level, slope = o.trend ? start.slope : 0.0;
    std::vector<double> season = seasonal ? start.season : std::vector<double>(1, additive ? 0.0 : 1.0);
    if (keep_fitted) run.fitted.reserve(x.size() - start.first);
    std::size_t k = 0;  // season[k] is the state for the current observation
    for (std::size_t i = static_cast<std::size_t>(start.first); i < x.size(); ++i) {
        const double s_old = season[k];
        const double base = level + phi * slope;
        const double xhat = additive ? base + s_old : base * s_old;
        const double residual = x[i] - xhat;
        run.sse += residual * residual;
        if (keep_fitted) run.fitted.push_back(xhat);
        const double new_level = alpha * (additive ? x[i] - s_old : x[i] / s_old) + (1.0 - alpha) * base;
        if (o.trend) slope = beta * (new_level - level) + (1.0 - beta) * phi * slope;
        level = new_level;
        if (seasonal) season[k] = gamma * (additive ? x[i] - level : x[i] / level) + (1.0 - gamma) * s_old;
        k = (k + 1) % season.size();
    }
    run.level = level;
    run.slope = slope;
    if (seasonal) {
        run.season.resize(f);
        for (int j = 0; j < f; ++j) run.season[j] = season[(k + j) % f];
    }
    return run;
}

// Minimises fn over [0, 1] by golden-section search (R fits a single parameter with optimize()).
template <typename Fn>
double minimise_1d(Fn fn) {
    const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
    double lo = 0.0, hi = 1.0;
    double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
    double fa = fn(a), fb = fn(b);
    while (hi - lo > 1e-10) {
        poll_interrupts();
        if (fa <= fb) {
            hi = b; b = a; fb = fa;
            a = hi - ratio * (hi - lo);
            fa = fn(a);
        } else {
            lo = a; a = b; fa = fb;
            b = lo + ratio * (hi - lo);
            fb = fn(b);
        }
    }
    return (lo + hi) / 2.0;
}

// Minimises fn over [0, 1]^k from start by Nelder-Mead with every vertex kept inside the box.
template <typename Fn>
std::vector<double> minimise_box(Fn fn, std::vector<double> start) {
    const std::size_t k = start.size();
    auto clamp = [](std::vector<double> p) {
        for (double& v : p) v = std::clamp(v, 0.0, 1.0);
        return p;
    };
    std::vector<std::vector<double>> simplex{start};
    for (std::size_t d = 0; d < k; ++d) {
        std::vector<double> p = start;
        p[d] += p[d] + 0.1 <= 1.0 ? 0.1 : -0.1;
        simplex.push_back(clamp(p));
    }
    std::vector<double> value(k + 1);
    for (std::size_t v = 0; v <= k; ++v) value[v] = fn(simplex[v]);
    for (int iteration = 0; iteration < 5000; ++iteration) {
        poll_interrupts();
        std::vector<std::size_t> order(k + 1);
        for (std::size_t v = 0; v <= k; ++v) order[v] = v;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
        const std::size_t best = order.front(), worst = order.back(), second = order[k - 1];
        double size = 0.0;
        for (std::size_t v = 0; v <= k; ++v)
            for (std::size_t d = 0; d < k; ++d) size = std::max(size, std::fabs(simplex[v][d] - simplex[best][d]));
        if (size < 1e-9 || value[worst] - value[best] <= 1e-14 * (std::fabs(value[best]) + 1e-300)) break;
        std::vector<double> centroid(k, 0.0);
        for (std::size_t v = 0; v <= k; ++v)
            if (v != worst)
                for (std::size_t d = 0; d < k; ++d) centroid[d] += simplex[v][d] / k;
        // The point centroid + t * (centroid - worst), kept in the box.
        auto along = [&](double t) {
            std::vector<double> p(k);
            for (std::size_t d = 0; d < k; ++d) p[d] = centroid[d] + t * (centroid[d] - simplex[worst][d]);
            return clamp(p);
        };
        const std::vector<double> reflected = along(1.0);
        const double f_reflected = fn(reflected);
        if (f_reflected < value[best]) {
            const std::vector<double> expanded = along(2.0);
            const double f_expanded = fn(expanded);
            if (f_expanded < f_reflected) { simplex[worst] = expanded; value[worst] = f_expanded; }
            else { simplex[worst] = reflected; value[worst] = f_reflected; }
        } else if (f_reflected < value[second]) {
            simplex[worst] = reflected;
            value[worst] = f_reflected;
        } else {
            const std::vector<double> contracted = along(f_reflected < value[worst] ? 0.5 : -0.5);
            const double f_contracted = fn(contracted);
            if (f_contracted < std::min(f_reflected, value[worst])) {
                simplex[worst] = contracted;
                value[worst] = f_contracted;
            } else {
                for (std::size_t v = 0; v <= k; ++v) {
                    if (v == best) continue;
                    for (std::size_t d = 0; d < k; ++d) simplex[v][d] = 0.5 * (simplex[v][d] + simplex[best][d]);
                    value[v] = fn(simplex[v]);
                }
            }
        }
    }
    const std::size_t best = static_cast<std::size_t>(std::min_element(value.begin(), value.end()) - value.begin());
    return simplex[best];
}

// Rejects a smoothing parameter outside [0, 1] (and alpha = 0), as R's HoltWinters() does.
void check_parameter(const char* name, const std::optional<double>& p) {
    if (!p) return;
    if (!(*p >= 0.0 && *p <= 1.0))
        throw InvalidArgument(std::string(name) + " must be within the unit interval",
                              "Smoothing parameters lie in [0, 1]; leave one NULL to fit it, as R's HoltWinters() does.");
    if (std::string(name) == "alpha" && *p == 0.0)
        throw InvalidArgument("cannot fit models without level (alpha must not be 0)",
                              "Use an alpha in (0, 1], or leave it NULL to fit it.");
}

// Checks the options and the series against what R's HoltWinters() accepts.
void validate(const std::vector<double>& x, const HoltWintersOptions& o) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]))
            throw InvalidArgument("Holt-Winters input has a non-finite value at position " + std::to_string(i + 1),
                                  "Remove or interpolate NaN and infinite observations first.");
    }
    check_parameter("alpha", o.alpha);
    check_parameter("beta", o.beta);
    check_parameter("gamma", o.gamma);
    if (!(o.phi > 0.0 && o.phi <= 1.0))
        throw InvalidArgument("phi must be in (0, 1]", "phi damps the trend; 1 (the default) is R's undamped model.");
    if (o.seasonal == Seasonality::None) {
        if (x.size() < (o.trend ? 3u : 2u))
            throw InvalidArgument("series is too short for Holt-Winters",
                                  "Give at least 3 observations (2 without trend).");
        return;
    }
    if (o.period < 2)
        throw InvalidArgument("period must be at least 2 for a seasonal model",
                              "Pass seasonal => 'none' for a series without a seasonal cycle.");
    if (o.start_periods < 2)
        throw InvalidArgument("need at least 2 periods to compute seasonal start values",
                              "start_periods must be 2 or more, as in R's HoltWinters().");
    if (x.size() < static_cast<std::size_t>(o.start_periods) * o.period)
        throw InvalidArgument("time series has no or less than " + std::to_string(o.start_periods) + " periods",
                              "R's HoltWinters() takes its seasonal start values from the first start_periods "
                              "periods; give a longer series.");
    if (o.seasonal == Seasonality::Multiplicative && std::any_of(x.begin(), x.end(), [](double v) { return v == 0.0; }))
        throw InvalidArgument("data must be non-zero for multiplicative Holt-Winters",
                              "Use seasonal => 'additive', or shift the series away from zero.");
}

}  // namespace

HoltWintersModel holt_winters(const std::vector<double>& values, const HoltWintersOptions& options) {
    validate(values, options);
    HoltWintersOptions o = options;
    const bool seasonal = o.seasonal != Seasonality::None;
    const StartValues start = start_values(values, o);
    // Free parameters in R's order (alpha, beta, gamma), fitted jointly from R's optim.start.
    std::vector<double*> free;
    std::vector<double> initial;
    double alpha = o.alpha.value_or(0.3), beta = o.trend ? o.beta.value_or(0.1) : 0.0;
    double gamma = seasonal ? o.gamma.value_or(0.1) : 0.0;
    if (!o.alpha) { free.push_back(&alpha); initial.push_back(0.3); }
    if (o.trend && !o.beta) { free.push_back(&beta); initial.push_back(0.1); }
    if (seasonal && !o.gamma) { free.push_back(&gamma); initial.push_back(0.1); }
    auto sse_at = [&](const std::vector<double>& p) {
        for (std::size_t i = 0; i < p.size(); ++i) *free[i] = std::clamp(p[i], 0.0, 1.0);
        return run_filter(values, start, o, alpha, beta, gamma, false).sse;
    };
    if (free.size() == 1) {
        const double best = minimise_1d([&](double p) { return sse_at({p}); });
        sse_at({best});
    } else if (free.size() > 1) {
        sse_at(minimise_box(sse_at, initial));
    }
    o.alpha = alpha;
    o.beta = beta;
    o.gamma = gamma;
    const FilterRun run = run_filter(values, start, o, alpha, beta, gamma, true);
    HoltWintersModel model;
    model.options = o;
    model.level = run.level;
    model.slope = run.slope;
    model.season = run.season;
    model.sse = run.sse;
    model.first_fitted = start.first;
    model.fitted = run.fitted;
    model.residuals.resize(run.fitted.size());
    for (std::size_t i = 0; i < run.fitted.size(); ++i) model.residuals[i] = values[start.first + i] - run.fitted[i];
    return model;
}

HoltWintersForecast holt_winters_forecast(const HoltWintersModel& model, int h, double level) {
    if (h < 1) throw InvalidArgument("h must be at least 1", "h is the number of steps to forecast.");
    if (!(level > 0.0 && level < 1.0))
        throw InvalidArgument("level must be between 0 and 1", "For a 95% prediction interval pass 0.95.");
    const HoltWintersOptions& o = model.options;
    const bool seasonal = o.seasonal != Seasonality::None;
    const bool additive = o.seasonal != Seasonality::Multiplicative;
    const int f = seasonal ? o.period : 1;
    const double alpha = *o.alpha, beta = o.trend ? *o.beta : 0.0, gamma = seasonal ? *o.gamma : 0.0;
    // Residual variance with R's var() (denominator n - 1).
    const std::vector<double>& r = model.residuals;
    double mean = 0.0, variance = 0.0;
    for (double v : r) mean += v;
    mean /= static_cast<double>(r.size());
    for (double v : r) variance += (v - mean) * (v - mean);
    variance = r.size() > 1 ? variance / static_cast<double>(r.size() - 1) : 0.0;
    // Damped trend sums phi + ... + phi^j (j when phi = 1).
    std::vector<double> damped(static_cast<std::size_t>(h) + 1, 0.0);
    for (int j = 1; j <= h; ++j) damped[j] = damped[j - 1] + std::pow(o.phi, j);
    // R's psi(j): the weight of a shock j steps back in the h-step forecast error.
    auto psi = [&](int j) { return alpha * (1.0 + damped[j] * beta) + (j % f == 0 ? gamma * (1.0 - alpha) : 0.0); };
    const double z = boost::math::quantile(boost::math::normal_distribution<double>(), (1.0 + level) / 2.0);
    HoltWintersForecast out;
    for (int step = 1; step <= h; ++step) {
        double point = model.level + damped[step] * model.slope;
        const int rel = (step - 1) % f;  // 0-based season of this step
        if (seasonal) point = additive ? point + model.season[rel] : point * model.season[rel];
        double factor = 0.0;
        if (additive) {
            factor = 1.0;
            for (int j = 1; j < step; ++j) factor += psi(j) * psi(j);
        } else {
            for (int j = 0; j < step; ++j) {
                const double ratio = model.season[rel] / model.season[((rel - j) % f + f) % f];
                factor += psi(j) * ratio * psi(j) * ratio;
            }
        }
        const double half_width = z * std::sqrt(variance * factor);
        out.mean.push_back(point);
        out.lower.push_back(point - half_width);
        out.upper.push_back(point + half_width);
    }
    return out;
}

}  // namespace ecom
