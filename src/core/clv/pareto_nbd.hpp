// Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987).
#pragma once
#include <vector>

#include "core/clv/customers.hpp"
#include "core/clv/mle.hpp"

namespace ecom::clv {

// Purchase rates ~ Gamma(r, alpha); dropout rates (exponential lifetimes) ~ Gamma(s, beta).
struct ParetoNbdParams {
    double r;
    double alpha;
    double s;
    double beta;
};

struct ParetoNbdFit {
    ParetoNbdParams params;
    ParetoNbdParams std_errors;
    FitStatus status;
};

// Throws InvalidArgument unless every parameter is positive and finite.
void check_params(const ParetoNbdParams& p);

// Log-likelihood of grouped customers (summed, weighted by count).
double pareto_nbd_log_likelihood(const ParetoNbdParams& p, const std::vector<CustomerGroup>& groups);

// Maximum likelihood fit from start (defaults to all ones; options mostly for tests); groups must come from group_customers().
ParetoNbdFit fit_pareto_nbd(const std::vector<CustomerGroup>& groups, const ParetoNbdParams& start = {1, 1, 1, 1},
                      const OptimizerOptions& options = {});

// Expected number of repeat purchases in (0, t] for a customer drawn at random at time 0.
double pareto_nbd_expected_purchases(const ParetoNbdParams& p, double t);

// Probability that a customer with history (x, t_x, T) is still active at T.
double pareto_nbd_p_alive(const ParetoNbdParams& p, int x, double t_x, double T);

// Expected purchases in (T, T + t] for a customer with history (x, t_x, T).
double pareto_nbd_conditional_expected_purchases(const ParetoNbdParams& p, double t, int x, double t_x, double T);

}  // namespace ecom::clv
