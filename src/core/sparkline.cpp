#include "core/sparkline.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ecom {

namespace {
const char* const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
constexpr int levels = 8;
}  // namespace

std::string sparkline(const std::vector<double>& values) {
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (double value : values) {
        if (std::isinf(value))
            throw InvalidArgument("sparkline values must be finite", "Replace infinite values before drawing.");
        if (!std::isnan(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    std::string line;
    line.reserve(values.size() * 3);
    for (double value : values) {
        if (std::isnan(value)) {
            line += ' ';
            continue;
        }
        const int level = high > low ? static_cast<int>(std::lround((value - low) / (high - low) * (levels - 1)))
                                     : levels / 2 - 1;
        line += blocks[level];
    }
    return line;
}

}  // namespace ecom
