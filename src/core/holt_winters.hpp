// Holt-Winters exponential smoothing as R's stats::HoltWinters computes it (start values, filter, SSE
// fit), with an optional damped trend, and forecasts with R's prediction intervals.
#pragma once
#include <optional>
#include <vector>

namespace ecom {

// Kind of seasonal component: none (R's gamma = FALSE), additive or multiplicative.
enum class Seasonality { None, Additive, Multiplicative };

// The arguments of R's HoltWinters(); an empty smoothing parameter is fitted by minimising the SSE of
// one-step-ahead forecasts over [0, 1], as R does (from its optim.start alpha 0.3, beta 0.1, gamma 0.1).
struct HoltWintersOptions {
    int period = 1;                          // frequency(x); needed (>= 2) with a seasonal component
    Seasonality seasonal = Seasonality::Additive;
    bool trend = true;                       // false is R's beta = FALSE
    std::optional<double> alpha, beta, gamma;
    double phi = 1.0;                        // trend damping in (0, 1]; 1 is R's (undamped) model
    int start_periods = 2;                   // periods used for the seasonal start values
};

// A fitted model: parameters, final states (R's coefficients a, b, s) and one-step fitted values.
struct HoltWintersModel {
    HoltWintersOptions options;              // with alpha, beta, gamma filled in
    double level = 0.0;                      // a
    double slope = 0.0;                      // b (0 without trend)
    std::vector<double> season;              // s[0..period-1] for the next period (empty without seasonality)
    double sse = 0.0;
    int first_fitted = 0;                    // 0-based index of the first observation with a fitted value
    std::vector<double> fitted;              // xhat for observations first_fitted..n-1
    std::vector<double> residuals;           // observed - fitted
};

// Point forecasts with a central prediction interval.
struct HoltWintersForecast {
    std::vector<double> mean, lower, upper;
};

// Fits Holt-Winters to values (finite; multiplicative needs no zero value) like R's HoltWinters().
// Throws InvalidArgument for what R rejects (parameters outside [0, 1], alpha = 0, fewer than
// start_periods full periods, ...).
HoltWintersModel holt_winters(const std::vector<double>& values, const HoltWintersOptions& options);

// Forecasts h steps ahead like R's predict.HoltWinters(), with intervals at the given level (0 < level < 1).
HoltWintersForecast holt_winters_forecast(const HoltWintersModel& model, int h, double level);

}  // namespace ecom
