// STL seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), computing what
// R's stats::stl computes: same parameters, same defaults, same derivation of defaults, same numbers.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

namespace ecom {

// The parameters of R's stl(); an empty optional means "R's default", derived as R derives it.
struct StlOptions {
    int period = 0;                  // frequency(x): observations per cycle, >= 2
    std::optional<int> s_window;     // seasonal span (R's s.window as a number); required unless s_periodic
    bool s_periodic = false;         // R's s.window = "periodic": span 10n+1, degree 0, exactly periodic result
    int s_degree = 0;                // seasonal local degree, 0 or 1 (forced to 0 when periodic, as in R)
    std::optional<int> t_window;     // default nextodd(ceiling(1.5 * period / (1 - 1.5 / s.window)))
    int t_degree = 1;                // trend local degree, 0 or 1
    std::optional<int> l_window;     // low-pass span; default nextodd(period)
    std::optional<int> l_degree;     // default t_degree
    std::optional<int> s_jump;       // default ceiling(s.window / 10)
    std::optional<int> t_jump;       // default ceiling(t.window / 10)
    std::optional<int> l_jump;       // default ceiling(l.window / 10)
    bool robust = false;             // robustness iterations (changes the defaults of inner and outer)
    std::optional<int> inner;        // default 1 if robust else 2
    std::optional<int> outer;        // default 15 if robust else 0
};

// Every parameter resolved to the number R would use, as R reports it in stl()$win, $deg, $jump
// (windows as given: the algorithm itself raises them to at least 3 and to the next odd number).
struct StlSettings {
    int period;
    bool periodic;
    int s_window, t_window, l_window;
    int s_degree, t_degree, l_degree;
    int s_jump, t_jump, l_jump;
    int inner, outer;
};

// The decomposition: observed = seasonal + trend + remainder; weights are the robustness weights of the
// last pass (all 1 without robustness iterations).
struct StlResult {
    std::vector<double> seasonal;
    std::vector<double> trend;
    std::vector<double> remainder;
    std::vector<double> weights;
    StlSettings settings;
};

// Resolves R's defaults for a series of n observations and validates every parameter as R's stl() does;
// throws InvalidArgument (message and hint in R's terms) for what R rejects or cannot compute.
StlSettings resolve_stl_settings(const StlOptions& options, std::size_t n);

// Decomposes values (finite, more than two periods long) with the given options, like R's stl().
StlResult stl(const std::vector<double>& values, const StlOptions& options);

}  // namespace ecom
