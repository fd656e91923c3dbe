// Turning (time, value) observations in any order into a regularly spaced series, with an explicit policy
// for missing steps, as STL and other seasonal methods need.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ecom {

// What to do with missing steps: reject the series, or fill them by linear interpolation.
enum class GapPolicy { Error, Interpolate };

// Parses "error" or "interpolate"; anything else is an InvalidArgument.
GapPolicy parse_gap_policy(const std::string& name);

// A regularly spaced series: values[i] is observed at start + i * step; filled[i] marks interpolated values.
struct RegularSeries {
    std::int64_t start = 0;
    std::int64_t step = 1;
    std::vector<double> values;
    std::vector<bool> filled;
};

// Renders a time position for error messages (for example as a date).
using PositionLabel = std::function<std::string(std::int64_t)>;

// Sorts points by time and lays them on a grid of the given step (step <= 0: the smallest distance between
// consecutive times). Throws InvalidArgument for no points, two values at one time, non-finite values,
// times that are not a whole number of steps apart, or (policy Error) a missing step; label names times.
RegularSeries regularize(std::vector<std::pair<std::int64_t, double>> points, std::int64_t step, GapPolicy policy,
                         const PositionLabel& label);

}  // namespace ecom
