// Seeded simulation of customer bases from known model parameters (parameter-recovery tests, benchmarks).
#pragma once
#include <cstdint>
#include <vector>

#include "core/clv/bgnbd.hpp"
#include "core/clv/gamma_gamma.hpp"
#include "core/clv/pareto_nbd.hpp"

namespace ecom::clv {

// A simulated customer: calibration summary and the mean value of its repeat transactions (0 when x = 0).
struct SimulatedCustomer {
    int x;
    double t_x;
    double T;
    double mean_spend;
};

// n customers from a BG/NBD process, each observed for T drawn uniformly from [T_min, T_max] (acquisition
// spread over a period); spends from the Gamma-Gamma model. Deterministic for a seed.
std::vector<SimulatedCustomer> simulate_bgnbd(const BgNbdParams& purchases, const GammaGammaParams& spend, std::size_t n,
                                              double T_min, double T_max, std::uint64_t seed);

// The same from a Pareto/NBD process.
std::vector<SimulatedCustomer> simulate_pareto_nbd(const ParetoNbdParams& purchases, const GammaGammaParams& spend,
                                                   std::size_t n, double T_min, double T_max, std::uint64_t seed);

}  // namespace ecom::clv
