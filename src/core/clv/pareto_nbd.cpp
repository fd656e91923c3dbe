#include "core/clv/pareto_nbd.hpp"

#include "core/math.hpp"  // before any other Boost.Math header

#include <cmath>

#include "core/clv/hypergeometric.hpp"
#include "core/errors.hpp"

namespace ecom::clv {

namespace {

// The history-dependent part of the likelihood, L = Gamma(r+x) alpha^r beta^s / Gamma(r) * exp(log_bracket):
// exp(log_alive) is the term of customers still alive at T, the rest integrates over dropout in (t_x, T]
// using 2F1 with argument |alpha - beta| / (max(alpha, beta) + t) in [0, 1).
struct Bracket {
    double log_alive;
    double log_bracket;
};

// Evaluates the bracket of the Pareto/NBD likelihood for one history.
Bracket bracket(const ParetoNbdParams& p, int x, double t_x, double T) {
    const double A = p.r + p.s + x;
    const double log_alive = -(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T);
    const bool alpha_larger = p.alpha >= p.beta;
    const double m = alpha_larger ? p.alpha : p.beta;
    const double B = alpha_larger ? p.s + 1 : p.r + x;
    const double diff = std::fabs(p.alpha - p.beta);
    const double l2 = std::log(hyp2f1(A, B, A + 1, diff / (m + t_x))) - A * std::log(m + t_x);
    const double l3 = std::log(hyp2f1(A, B, A + 1, diff / (m + T))) - A * std::log(m + T);
    const double top = std::fmax(log_alive, l2);
    const double sum = std::exp(log_alive - top) + p.s / A * (std::exp(l2 - top) - std::exp(l3 - top));
    return {log_alive, top + std::log(sum)};
}

// Mean log-likelihood per customer; x-only terms computed once per run of equal x.
double mean_log_likelihood(const ParetoNbdParams& p, const std::vector<CustomerGroup>& groups, double customers) {
    using boost::math::lgamma;
    const double lg_r = lgamma(p.r);
    const double base = p.r * std::log(p.alpha) + p.s * std::log(p.beta);
    double ll = 0, c0 = 0;
    int current_x = -1;
    for (const CustomerGroup& row : groups) {
        if (row.x != current_x) {
            current_x = row.x;
            c0 = lgamma(p.r + row.x) - lg_r + base;
        }
        ll += row.count * (c0 + bracket(p, row.x, row.t_x, row.T).log_bracket);
    }
    return ll / customers;
}

// Parameters from their logarithms.
ParetoNbdParams from_log(const Eigen::VectorXd& v) {
    return {std::exp(v[0]), std::exp(v[1]), std::exp(v[2]), std::exp(v[3])};
}

}  // namespace

void check_params(const ParetoNbdParams& p) {
    for (double v : {p.r, p.alpha, p.s, p.beta})
        if (!(v > 0) || !std::isfinite(v))
            throw InvalidArgument("Pareto/NBD parameters r, alpha, s, beta must be positive finite numbers",
                                  "Pass the parameters of a fitted model (see ecom.pareto_nbd_fit).");
}

double pareto_nbd_log_likelihood(const ParetoNbdParams& p, const std::vector<CustomerGroup>& groups) {
    check_params(p);
    const double n = total_customers(groups);
    return mean_log_likelihood(p, groups, n) * n;
}

ParetoNbdFit fit_pareto_nbd(const std::vector<CustomerGroup>& groups, const ParetoNbdParams& start, const OptimizerOptions& options) {
    check_params(start);
    const double n = total_customers(groups);
    // The gradient through 2F1's parameters has no convenient closed form: central differences.
    const Objective objective = with_numeric_gradient(
        [&](const Eigen::VectorXd& v) { return mean_log_likelihood(from_log(v), groups, n); });
    const MleResult mle = maximize_log_likelihood(objective, {start.r, start.alpha, start.s, start.beta}, n, options);
    const std::vector<double>& th = mle.params;
    const std::vector<double>& se = mle.std_errors;
    return {{th[0], th[1], th[2], th[3]}, {se[0], se[1], se[2], se[3]}, mle.status};
}

double pareto_nbd_expected_purchases(const ParetoNbdParams& p, double t) {
    check_params(p);
    check_horizon(t);
    return p.r * p.beta / p.alpha * one_minus_exp_over(p.s - 1, std::log(p.beta) - std::log(p.beta + t));
}

double pareto_nbd_p_alive(const ParetoNbdParams& p, int x, double t_x, double T) {
    check_params(p);
    check_customer(x, t_x, T);
    const Bracket b = bracket(p, x, t_x, T);
    return std::exp(b.log_alive - b.log_bracket);
}

double pareto_nbd_conditional_expected_purchases(const ParetoNbdParams& p, double t, int x, double t_x, double T) {
    check_horizon(t);
    const double alive = pareto_nbd_p_alive(p, x, t_x, T);
    return (p.r + x) * (p.beta + T) / (p.alpha + T) *
           one_minus_exp_over(p.s - 1, std::log(p.beta + T) - std::log(p.beta + T + t)) * alive;
}

}  // namespace ecom::clv
