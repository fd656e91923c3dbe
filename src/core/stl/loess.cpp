// STL's loess (Cleveland et al. 1990, section 2) on 1-based positions, with the window, weights and
// degenerate-case rules of the published algorithm (and of R's stl), so results agree with R's to rounding.
#include "core/stl/loess.hpp"

#include <algorithm>
#include <cmath>

#include "core/cancel.hpp"

namespace ecom::loess {

// Tricube weight of a point at distance r from the fitting position in a window of half-width h
// (inv_h = 1 / h).
static double tricube(double r, double h, double inv_h) {
    if (r <= 0.001 * h) return 1.0;
    const double q = r * inv_h;
    const double one_minus = 1.0 - q * q * q;
    return one_minus * one_minus * one_minus;
}

bool loess_at(const double* y, int n, const LoessSpec& spec, double xs, int nleft, int nright,
              const double* robustness, double& out) {
    const double range = static_cast<double>(n) - 1.0;
    double h = std::max(xs - nleft, nright - xs);
    // A span longer than the series widens the window symmetrically (integer half of the excess).
    if (spec.span > n) h += static_cast<double>((spec.span - n) / 2);
    // One pass of weighted sums in coordinates u = j - xs: the local mean needs sum_w and sum_wy, the
    // local line also the first and second moments of u and the cross moment with y.
    const double inv_h = 1.0 / h;
    const double outside = 0.999 * h;
    double sum_w = 0.0, sum_wu = 0.0, sum_wuu = 0.0, sum_wy = 0.0, sum_wuy = 0.0;
    for (int j = nleft; j <= nright; ++j) {
        const double u = j - xs;
        const double r = std::fabs(u);
        if (r > outside) continue;
        double weight = tricube(r, h, inv_h);
        if (robustness != nullptr) weight *= robustness[j - 1];
        const double wy = weight * y[j - 1];
        sum_w += weight;
        sum_wu += weight * u;
        sum_wuu += weight * u * u;
        sum_wy += wy;
        sum_wuy += wy * u;
    }
    if (sum_w <= 0.0) return false;
    double fit = sum_wy / sum_w;
    if (h > 0.0 && spec.degree > 0) {
        // Weighted least-squares line evaluated at u = 0, unless the points are too bunched to tilt it.
        const double centre = sum_wu / sum_w;
        const double spread = sum_wuu / sum_w - centre * centre;
        if (std::sqrt(spread) > 0.001 * range) {
            const double slope_scale = -centre / spread;
            fit = (sum_wy + slope_scale * (sum_wuy - centre * sum_wy)) / sum_w;
        }
    }
    out = fit;
    return true;
}

// Straight line between two smoothed points first and last (1-based), filling the points in between.
static void interpolate(double* out, int first, int last) {
    const double delta = (out[last - 1] - out[first - 1]) / static_cast<double>(last - first);
    for (int j = first + 1; j < last; ++j) out[j - 1] = out[first - 1] + delta * static_cast<double>(j - first);
}

void loess_smooth(const double* y, int n, const LoessSpec& spec, const double* robustness, double* out) {
    if (n < 2) {
        out[0] = y[0];
        return;
    }
    const int jump = std::min(spec.jump, n - 1);
    const int half = (spec.span + 1) / 2;
    int nleft = 1;
    int nright = n;
    int fits = 0;
    auto fit_point = [&](int i) {
        // Wide spans make each fit cost up to n operations: let a cancel request through now and then.
        if (++fits % 1024 == 0) poll_interrupts();
        if (!loess_at(y, n, spec, i, nleft, nright, robustness, out[i - 1])) out[i - 1] = y[i - 1];
    };
    if (spec.span >= n) {
        for (int i = 1; i <= n; i += jump) fit_point(i);
    } else if (jump == 1) {
        nright = spec.span;
        for (int i = 1; i <= n; ++i) {
            if (i > half && nright != n) {
                ++nleft;
                ++nright;
            }
            fit_point(i);
        }
    } else {
        for (int i = 1; i <= n; i += jump) {
            if (i < half) {
                nleft = 1;
                nright = spec.span;
            } else if (i >= n - half + 1) {
                nleft = n - spec.span + 1;
                nright = n;
            } else {
                nleft = i - half + 1;
                nright = spec.span + i - half;
            }
            fit_point(i);
        }
    }
    if (jump == 1) return;
    for (int i = 1; i <= n - jump; i += jump) interpolate(out, i, i + jump);
    const int last_fitted = ((n - 1) / jump) * jump + 1;
    if (last_fitted != n) {
        // The end point is fitted with the window of the last grid point, as the original algorithm does.
        fit_point(n);
        if (last_fitted != n - 1) interpolate(out, last_fitted, n);
    }
}

}  // namespace ecom::loess
