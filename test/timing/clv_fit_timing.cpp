// Fit times of the CLV models (not a test): CDNOW when its file is given, and simulated customer bases.
// Build (from the repository root) with the extension's optimisation level, for example:
//   g++ -std=c++17 -O2 -Isrc -isystem /usr/include/eigen3 <MATH_POLICY flags from the Makefile>
//       test/timing/clv_fit_timing.cpp src/core/cancel.cpp src/core/clv/*.cpp -o clv_fit_timing
//   ./clv_fit_timing ../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/clv/bgnbd.hpp"
#include "core/clv/gamma_gamma.hpp"
#include "core/clv/pareto_nbd.hpp"
#include "core/clv/simulate.hpp"

namespace {

using ecom::clv::CustomerGroup;
using ecom::clv::SpendGroup;

// Best wall time in seconds of `runs` calls of f.
double best_seconds(int runs, const std::function<void()>& f) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        if (took.count() < best) best = took.count();
    }
    return best;
}

// Reads (x, t_x, T, zbar) rows of the CDNOW summary file.
bool read_summary(const char* path, std::vector<CustomerGroup>& histories, std::vector<SpendGroup>& spend) {
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line)) return false;
    while (std::getline(in, line)) {
        for (char& ch : line)
            if (ch == ',') ch = ' ';
        std::istringstream fields(line);
        long id;
        int x;
        double t_x, T, zbar;
        if (fields >> id >> x >> t_x >> T >> zbar) {
            histories.push_back({x, t_x, T, 1});
            spend.push_back({x, zbar, 1});
        }
    }
    return true;
}

// Times the fits of one customer base; Pareto/NBD only when asked (it is the slow one).
void time_fits(const char* name, const std::vector<CustomerGroup>& histories, const std::vector<SpendGroup>& spend,
               bool pareto, int runs) {
    std::vector<CustomerGroup> grouped;
    const double t_group = best_seconds(runs, [&] { grouped = ecom::clv::group_customers(histories); });
    ecom::clv::BgNbdFit bg{};
    const double t_bg = best_seconds(runs, [&] { bg = ecom::clv::fit_bgnbd(grouped); });
    std::printf("%-28s %9zu customers %8zu distinct  group %.3f s  BG/NBD %.3f s (%d iterations, LL %.2f)\n", name,
                histories.size(), grouped.size(), t_group, t_bg, bg.status.iterations, bg.status.log_likelihood);
    std::vector<SpendGroup> spend_groups;
    ecom::clv::GammaGammaFit gg{};
    const double t_gg = best_seconds(runs, [&] {
        spend_groups = ecom::clv::group_spend(spend);
        gg = ecom::clv::fit_gamma_gamma(spend_groups);
    });
    std::printf("%-28s Gamma-Gamma %.3f s on %.0f repeat buyers (%d iterations)\n", "", t_gg, gg.status.customers,
                gg.status.iterations);
    if (pareto) {
        ecom::clv::ParetoNbdFit pn{};
        const double t_pn = best_seconds(runs, [&] { pn = ecom::clv::fit_pareto_nbd(grouped); });
        std::printf("%-28s Pareto/NBD %.3f s (%d iterations, LL %.2f)\n", "", t_pn, pn.status.iterations,
                    pn.status.log_likelihood);
    }
}

// Times a simulated base of n customers with BG/NBD parameters p and ages T_min..T_max weeks.
void time_simulated(std::size_t n, const ecom::clv::BgNbdParams& p, double T_min, double T_max, bool pareto, int runs) {
    std::vector<ecom::clv::SimulatedCustomer> customers;
    const double t_sim = best_seconds(1, [&] {
        customers = ecom::clv::simulate_bgnbd(p, {6.25, 3.74, 15.44}, n, T_min, T_max, 1);
    });
    std::vector<CustomerGroup> histories;
    std::vector<SpendGroup> spend;
    for (const auto& c : customers) {
        histories.push_back({c.x, c.t_x, c.T, 1});
        spend.push_back({c.x, c.mean_spend, 1});
    }
    std::printf("simulated %zu customers (r %g, alpha %g, a %g, b %g, ages %g..%g) in %.3f s\n", n, p.r, p.alpha, p.a,
                p.b, T_min, T_max, t_sim);
    time_fits(("simulated " + std::to_string(n)).c_str(), histories, spend, pareto, runs);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1) {
        std::vector<CustomerGroup> histories;
        std::vector<SpendGroup> spend;
        if (read_summary(argv[1], histories, spend)) time_fits("CDNOW", histories, spend, true, 5);
        else std::printf("cannot read %s\n", argv[1]);
    }
    const ecom::clv::BgNbdParams cdnow_like{0.25, 4.4, 0.8, 2.4}, cdnow{0.2426, 4.4136, 0.7929, 2.4259};
    time_simulated(10000, cdnow_like, 26, 52, true, 3);
    time_simulated(100000, cdnow_like, 26, 52, false, 1);
    time_simulated(1000000, cdnow_like, 26, 52, false, 1);
    time_simulated(1000000, cdnow, 26, 78, false, 1);
    return 0;
}
