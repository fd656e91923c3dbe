#include "core/clv/simulate.hpp"

#include <cmath>

#include "core/cancel.hpp"
#include "core/clv/random.hpp"
#include "core/errors.hpp"

namespace ecom::clv {

namespace {

// Throws unless the observation window and size are usable.
void check_window(std::size_t n, double T_min, double T_max) {
    if (n == 0) throw InvalidArgument("number of simulated customers must be positive", "Ask for at least one customer.");
    if (!(T_min > 0) || !(T_max >= T_min) || !std::isfinite(T_max))
        throw InvalidArgument("observation window must satisfy 0 < T_min <= T_max",
                              "T is each customer's time from first purchase to the end of calibration.");
}

// Mean of x transaction values of a customer whose values are Gamma(p, nu) with nu ~ Gamma(q, gamma).
double simulate_mean_spend(Random& rng, const GammaGammaParams& spend, int x) {
    if (x == 0) return 0;
    const double nu = rng.gamma(spend.q) / spend.gamma;
    double total = 0;
    for (int i = 0; i < x; ++i) total += rng.gamma(spend.p) / nu;
    return total / x;
}

// Polls for cancellation every so many customers.
constexpr std::size_t kPollEvery = 4096;

}  // namespace

std::vector<SimulatedCustomer> simulate_bgnbd(const BgNbdParams& purchases, const GammaGammaParams& spend, std::size_t n,
                                              double T_min, double T_max, std::uint64_t seed) {
    check_params(purchases);
    check_params(spend);
    check_window(n, T_min, T_max);
    Random rng(seed);
    std::vector<SimulatedCustomer> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % kPollEvery == 0) poll_interrupts();
        const double T = T_min + (T_max - T_min) * rng.uniform();
        const double lambda = rng.gamma(purchases.r) / purchases.alpha;
        const double p = rng.beta(purchases.a, purchases.b);
        int x = 0;
        double t = 0, t_x = 0;
        // Exponential waiting times; after each repeat purchase the customer drops out with probability p.
        for (;;) {
            t += rng.exponential() / lambda;
            if (t > T) break;
            ++x;
            t_x = t;
            if (rng.uniform() < p) break;
        }
        out.push_back({x, t_x, T, simulate_mean_spend(rng, spend, x)});
    }
    return out;
}

std::vector<SimulatedCustomer> simulate_pareto_nbd(const ParetoNbdParams& purchases, const GammaGammaParams& spend,
                                                   std::size_t n, double T_min, double T_max, std::uint64_t seed) {
    check_params(purchases);
    check_params(spend);
    check_window(n, T_min, T_max);
    Random rng(seed);
    std::vector<SimulatedCustomer> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % kPollEvery == 0) poll_interrupts();
        const double T = T_min + (T_max - T_min) * rng.uniform();
        const double lambda = rng.gamma(purchases.r) / purchases.alpha;
        const double mu = rng.gamma(purchases.s) / purchases.beta;
        const double end = std::fmin(T, rng.exponential() / mu);  // exponential lifetime, censored at T
        int x = 0;
        double t = 0, t_x = 0;
        for (;;) {
            t += rng.exponential() / lambda;
            if (t > end) break;
            ++x;
            t_x = t;
        }
        out.push_back({x, t_x, T, simulate_mean_spend(rng, spend, x)});
    }
    return out;
}

}  // namespace ecom::clv
