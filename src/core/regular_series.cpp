// Regular series from unordered (time, value) points: sort, check, and fill or reject missing steps.
#include "core/regular_series.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace ecom {

namespace {

// Longest series laid out on a grid (interpolation could otherwise turn two points into billions).
constexpr std::int64_t kMaxLength = 100000000;

}  // namespace

GapPolicy parse_gap_policy(const std::string& name) {
    if (name == "error") return GapPolicy::Error;
    if (name == "interpolate") return GapPolicy::Interpolate;
    throw InvalidArgument("unknown gap policy \"" + name + "\"",
                          "Use gaps => 'error' (missing steps are an error) or gaps => 'interpolate' (missing steps "
                          "are filled by linear interpolation).");
}

RegularSeries regularize(std::vector<std::pair<std::int64_t, double>> points, std::int64_t step, GapPolicy policy,
                         const PositionLabel& label) {
    if (points.empty())
        throw InvalidArgument("series has no observations", "Aggregate at least one (time, value) row.");
    std::sort(points.begin(), points.end());
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].second))
            throw InvalidArgument("value at " + label(points[i].first) + " is not finite",
                                  "Remove or replace NaN and infinite values before decomposing.");
        if (i > 0 && points[i].first == points[i - 1].first)
            throw InvalidArgument("two values at " + label(points[i].first),
                                  "Aggregate to one value per time first, for example sum(units) GROUP BY day.");
    }
    if (step <= 0) {
        step = points.size() > 1 ? points[1].first - points[0].first : 1;
        for (std::size_t i = 2; i < points.size(); ++i) step = std::min(step, points[i].first - points[i - 1].first);
    }
    for (std::size_t i = 1; i < points.size(); ++i) {
        if ((points[i].first - points[i - 1].first) % step != 0)
            throw InvalidArgument("times " + label(points[i - 1].first) + " and " + label(points[i].first) +
                                      " are not a whole number of steps apart",
                                  "Observations must lie on a regular grid (one per day, week, ...).");
    }
    RegularSeries series;
    series.start = points.front().first;
    series.step = step;
    const std::int64_t span = points.back().first - points.front().first;
    if (span / step >= kMaxLength)
        throw InvalidArgument("series from " + label(points.front().first) + " to " + label(points.back().first) +
                                  " has more than 100000000 steps",
                              "Decompose a shorter period, or a coarser time grain.");
    series.values.reserve(static_cast<std::size_t>(span / step + 1));
    series.filled.reserve(static_cast<std::size_t>(span / step + 1));
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i > 0) {
            const auto [t0, v0] = points[i - 1];
            const auto [t1, v1] = points[i];
            const std::int64_t missing = (t1 - t0) / step - 1;
            if (missing > 0 && policy == GapPolicy::Error)
                throw InvalidArgument("series has a gap: no value between " + label(t0) + " and " + label(t1),
                                      "Fill missing steps first (for example with 0 for days without sales), or pass "
                                      "gaps => 'interpolate' to fill them by linear interpolation.");
            for (std::int64_t m = 1; m <= missing; ++m) {
                const double fraction = static_cast<double>(m) / static_cast<double>(missing + 1);
                series.values.push_back(v0 + fraction * (v1 - v0));
                series.filled.push_back(true);
            }
        }
        series.values.push_back(points[i].second);
        series.filled.push_back(false);
    }
    return series;
}

}  // namespace ecom
