// BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way").
#pragma once
#include <vector>

#include "core/clv/customers.hpp"
#include "core/clv/mle.hpp"

namespace ecom::clv {

// Purchase rates ~ Gamma(r, alpha); dropout probability after each repeat purchase ~ Beta(a, b).
struct BgNbdParams {
    double r;
    double alpha;
    double a;
    double b;
};

struct BgNbdFit {
    BgNbdParams params;
    BgNbdParams std_errors;
    FitStatus status;
};

// Throws InvalidArgument unless every parameter is positive and finite.
void check_params(const BgNbdParams& p);

// Log-likelihood of grouped customers (summed, weighted by count).
double bgnbd_log_likelihood(const BgNbdParams& p, const std::vector<CustomerGroup>& groups);

// Maximum likelihood fit from start (defaults to all ones; options mostly for tests); groups must come from
// group_customers(). Above 50,000 groups the fit of a systematic sample of 20,000 starts the full fit.
BgNbdFit fit_bgnbd(const std::vector<CustomerGroup>& groups, const BgNbdParams& start = {1, 1, 1, 1},
                      const OptimizerOptions& options = {});

// Expected number of repeat purchases in (0, t] for a customer drawn at random at time 0.
double bgnbd_expected_purchases(const BgNbdParams& p, double t);

// Probability that a customer with history (x, t_x, T) is still active at T.
double bgnbd_p_alive(const BgNbdParams& p, int x, double t_x, double T);

// Expected purchases in (T, T + t] for a customer with history (x, t_x, T).
double bgnbd_conditional_expected_purchases(const BgNbdParams& p, double t, int x, double t_x, double T);

}  // namespace ecom::clv
