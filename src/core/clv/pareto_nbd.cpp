#include "core/clv/pareto_nbd.hpp"

#include "core/math.hpp"  // before any other Boost.Math header

#include <cmath>

#include "core/cancel.hpp"
#include "core/clv/hypergeometric.hpp"
#include "core/errors.hpp"

namespace ecom::clv {

namespace {

// While fitting, points whose series need more terms than this are treated as infeasible, which bounds
// the cost of one likelihood evaluation (predictions use the full limit).
constexpr long kFitMaxTerms = 20000;

// Rows between two cancellation polls in the likelihood loop.
constexpr std::size_t kPollEvery = 1024;

// log of (m+t)^-A 2F1(A, B; A+1; |alpha-beta| / (m+t)) with m = max(alpha, beta), A = r+s+x and B = s+1
// (alpha >= beta) or r+x: A times the integral of (alpha+u)^-(r+x) (beta+u)^-(s+1) over u > t. The 2F1 goes
// through Euler's transformation (1-z)^(1-B) 2F1(1, A+1-B; A+1; z), whose terms fall at least as fast as
// z^k from the start (the direct series first grows when B = r + x is large).
double log_tail(const ParetoNbdParams& p, int x, double t, long max_terms) {
    const double A = p.r + p.s + x;
    const bool alpha_larger = p.alpha >= p.beta;
    const double m = alpha_larger ? p.alpha : p.beta;
    const double B = alpha_larger ? p.s + 1 : p.r + x;
    const double z = std::fabs(p.alpha - p.beta) / (m + t);
    return (1 - B) * std::log1p(-z) + std::log(hyp2f1(1, A + 1 - B, A + 1, z, max_terms)) - A * std::log(m + t);
}

// The history-dependent part of the likelihood, L = Gamma(r+x) alpha^r beta^s / Gamma(r) * exp(log_bracket):
// exp(log_alive) is the term of customers still alive at T, the rest integrates over dropout in (t_x, T].
struct Bracket {
    double log_alive;
    double log_bracket;
};

// The bracket from the tails after t_x (tail_tx) and after T (tail_T).
Bracket bracket(const ParetoNbdParams& p, int x, double T, double tail_tx, double tail_T) {
    const double log_alive = -(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T);
    const double top = std::fmax(log_alive, tail_tx);
    const double sum = std::exp(log_alive - top) + p.s / (p.r + p.s + x) * (std::exp(tail_tx - top) - std::exp(tail_T - top));
    return {log_alive, top + std::log(sum)};
}

// Mean log-likelihood per customer; x-only terms computed once per run of equal x, and the tail after
// t_x once per run of equal (x, t_x) (groups are sorted).
double mean_log_likelihood(const ParetoNbdParams& p, const std::vector<CustomerGroup>& groups, double customers) {
    using boost::math::lgamma;
    const double lg_r = lgamma(p.r);
    const double base = p.r * std::log(p.alpha) + p.s * std::log(p.beta);
    double ll = 0, c0 = 0, tail_tx = 0;
    const CustomerGroup* previous = nullptr;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const CustomerGroup& row = groups[i];
        if (i % kPollEvery == 0) poll_interrupts();
        if (previous == nullptr || row.x != previous->x) c0 = lgamma(p.r + row.x) - lg_r + base;
        if (previous == nullptr || row.x != previous->x || row.t_x != previous->t_x)
            tail_tx = log_tail(p, row.x, row.t_x, kFitMaxTerms);
        const double tail_T = log_tail(p, row.x, row.T, kFitMaxTerms);
        ll += row.count * (c0 + bracket(p, row.x, row.T, tail_tx, tail_T).log_bracket);
        previous = &row;
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
    const Bracket b = bracket(p, x, T, log_tail(p, x, t_x, kHyp2f1MaxTerms), log_tail(p, x, T, kHyp2f1MaxTerms));
    return std::exp(b.log_alive - b.log_bracket);
}

double pareto_nbd_conditional_expected_purchases(const ParetoNbdParams& p, double t, int x, double t_x, double T) {
    check_horizon(t);
    const double alive = pareto_nbd_p_alive(p, x, t_x, T);
    return (p.r + x) * (p.beta + T) / (p.alpha + T) *
           one_minus_exp_over(p.s - 1, std::log(p.beta + T) - std::log(p.beta + T + t)) * alive;
}

}  // namespace ecom::clv
