// R's stl() defaults and argument checks: every default is derived the way R derives it, and every
// rejection says, in R's terms, what R would have done.
#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "core/stl.hpp"

namespace ecom {

namespace {

// R's nextodd(): round half to even, then bump an even number to the next odd one.
int next_odd(double x) {
    const double rounded = std::nearbyint(x);
    long long value = static_cast<long long>(rounded);
    if (value % 2 == 0) ++value;
    return static_cast<int>(value);
}

// R's ceiling(window / 10), the default stride between loess fits.
int default_jump(int window) { return static_cast<int>(std::ceil(static_cast<double>(window) / 10.0)); }

// Rejects a local degree other than 0 or 1, as R's deg.check() does.
void check_degree(const char* name, int degree) {
    if (degree != 0 && degree != 1)
        throw InvalidArgument(std::string(name) + " must be 0 or 1 (got " + std::to_string(degree) + ")",
                              "STL fits local constants (0) or local lines (1), as R's stl() does.");
}

// Rejects a span below 1; R raises spans of 1 and 2 to 3 and even spans to the next odd number.
void check_window(const char* name, int window, bool derived) {
    if (window >= 1) return;
    const std::string what = std::string(name) + (derived ? " derived from s_window" : "");
    throw InvalidArgument(what + " must be at least 1 (got " + std::to_string(window) + ")",
                          derived ? "R's default t.window is negative when s.window is 1; give s_window >= 2 "
                                    "or an explicit t_window."
                                  : "Loess spans are numbers of observations; R's stl() raises spans below 3 "
                                    "to 3 and even spans to the next odd number, but cannot use spans below 1.");
}

// Rejects a stride below 1 (R's Fortran would loop with a zero or negative step).
void check_jump(const char* name, int jump, bool derived) {
    if (jump >= 1) return;
    throw InvalidArgument(std::string(name) + " must be at least 1 (got " + std::to_string(jump) + ")",
                          derived ? "The default jump is ceiling(window / 10), which needs a positive window."
                                  : "A jump of j evaluates loess at every j-th point and interpolates between "
                                    "them; j = 1 evaluates every point.");
}

}  // namespace

StlSettings resolve_stl_settings(const StlOptions& options, std::size_t n) {
    const int period = options.period;
    if (period < 2 || n <= 2 * static_cast<std::size_t>(period))
        throw InvalidArgument("series is not periodic or has less than two periods",
                              "R's stl() needs period >= 2 and more than 2 * period observations; got period " +
                                  std::to_string(period) + " and " + std::to_string(n) + " observations.");
    if (n > 100000000)
        throw InvalidArgument("series of " + std::to_string(n) + " observations is too long for stl",
                              "Decompose at most 100000000 observations per series.");
    StlSettings s{};
    s.period = period;
    s.periodic = options.s_periodic;
    if (options.s_periodic && options.s_window)
        throw InvalidArgument("s_window and s_periodic cannot both be given",
                              "R's s.window is either a number or \"periodic\"; pass one of them.");
    if (!options.s_periodic && !options.s_window)
        throw InvalidArgument("s_window is required unless s_periodic is true",
                              "As with R's stl(), give the seasonal span s_window (an odd number, 7 or more is "
                              "usual) or s_periodic => true for a seasonal pattern that repeats exactly.");
    // Periodic: R sets s.window to 10 * n + 1 and s.degree to 0 before deriving anything else.
    s.s_window = options.s_periodic ? static_cast<int>(10 * n + 1) : *options.s_window;
    s.s_degree = options.s_periodic ? 0 : options.s_degree;
    s.t_degree = options.t_degree;
    s.l_degree = options.l_degree.value_or(s.t_degree);
    check_degree("s_degree", s.s_degree);
    check_degree("t_degree", s.t_degree);
    check_degree("l_degree", s.l_degree);
    check_window("s_window", s.s_window, false);
    s.t_window = options.t_window ? *options.t_window
                                  : next_odd(std::ceil(1.5 * period / (1.0 - 1.5 / s.s_window)));
    check_window("t_window", s.t_window, !options.t_window);
    s.l_window = options.l_window.value_or(next_odd(period));
    check_window("l_window", s.l_window, false);
    s.s_jump = options.s_jump.value_or(default_jump(s.s_window));
    s.t_jump = options.t_jump.value_or(default_jump(s.t_window));
    s.l_jump = options.l_jump.value_or(default_jump(s.l_window));
    check_jump("s_jump", s.s_jump, !options.s_jump);
    check_jump("t_jump", s.t_jump, !options.t_jump);
    check_jump("l_jump", s.l_jump, !options.l_jump);
    s.inner = options.inner.value_or(options.robust ? 1 : 2);
    s.outer = options.outer.value_or(options.robust ? 15 : 0);
    if (s.inner < 1)
        throw InvalidArgument("inner_iterations must be at least 1 (got " + std::to_string(s.inner) + ")",
                              "inner_iterations is R's inner, the number of passes of the inner loop; R's default "
                              "is 2, or 1 when robust.");
    if (s.outer < 0)
        throw InvalidArgument("outer_iterations must not be negative (got " + std::to_string(s.outer) + ")",
                              "outer_iterations is R's outer, the number of robustness iterations; R's default is 0, "
                              "or 15 when robust.");
    return s;
}

}  // namespace ecom
