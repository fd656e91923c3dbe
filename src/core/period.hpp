// Seasonal period detection: the lag at which a series most clearly repeats itself, if any.
#pragma once
#include <vector>

namespace ecom {

// Longest lag examined when the caller sets no limit (covers a yearly cycle in daily data).
constexpr int kDefaultMaxPeriod = 1000;

// The seasonal period of values (observations per cycle), or 0 when there is no significant one.
// Each candidate p in 2 .. min(max_period, n / 3) is judged by classical decomposition: deviations from
// a centred moving average over one cycle (which absorbs trends and level shifts), grouped by position in
// the cycle, F-tested; the candidate with the largest significant F statistic wins (family-wise 0.1% false
// alarm rate over all candidates). Three cycles are needed. max_period <= 0 means kDefaultMaxPeriod.
// Throws InvalidArgument for NaN or infinite values.
int detect_period(const std::vector<double>& values, int max_period = 0);

}  // namespace ecom
