// The loess smoother STL is built from: tricube-weighted local constant or linear fits on an integer grid.
#pragma once

namespace ecom::loess {

// One of STL's three smoothers: span (odd, >= 3), local degree (0 or 1) and the stride between the
// points where loess is evaluated (the points in between are linearly interpolated).
struct LoessSpec {
    int span;
    int degree;
    int jump;
};

// Loess estimate at position xs (1-based grid, may lie outside 1..n) from the points nleft..nright
// (1-based, inclusive) of y[0..n-1]; robustness multiplies the tricube weights when it is not null.
// Returns false (out untouched) when every weight is zero.
bool loess_at(const double* y, int n, const LoessSpec& spec, double xs, int nleft, int nright,
              const double* robustness, double& out);

// Smooths y[0..n-1] into out[0..n-1]: loess at every spec.jump-th point, straight lines in between.
// A point whose weights all vanish keeps its own value.
void loess_smooth(const double* y, int n, const LoessSpec& spec, const double* robustness, double* out);

}  // namespace ecom::loess
