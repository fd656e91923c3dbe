#include "core/clv/bgnbd.hpp"

#include "core/math.hpp"  // before any other Boost.Math header

#include <cmath>

#include "core/clv/hypergeometric.hpp"
#include "core/errors.hpp"

namespace ecom::clv {

namespace {


// Mean log-likelihood per customer and its gradient in log-parameters (r, alpha, a, b).
// Terms that depend only on x are computed once per run of equal x (groups are sorted by x).
double mean_log_likelihood(const BgNbdParams& p, const std::vector<CustomerGroup>& groups, double customers,
                           Eigen::VectorXd* gradient) {
    using boost::math::digamma;
    using boost::math::lgamma;
    const double log_alpha = std::log(p.alpha);
    const double lg_r = lgamma(p.r), lg_b = lgamma(p.b), lg_ab = lgamma(p.a + p.b);
    const double dg_r = digamma(p.r), dg_b = digamma(p.b), dg_ab = digamma(p.a + p.b);
    double ll = 0, g_r = 0, g_alpha = 0, g_a = 0, g_b = 0;
    int current_x = -1;
    double c0 = 0, dr0 = 0, da0 = 0, db0 = 0, log_odds0 = 0;
    for (const CustomerGroup& row : groups) {
        const int x = row.x;
        if (x != current_x) {
            current_x = x;
            c0 = lgamma(p.r + x) - lg_r + lgamma(p.b + x) - lg_b + lg_ab - lgamma(p.a + p.b + x);
            dr0 = digamma(p.r + x) - dg_r;
            da0 = dg_ab - digamma(p.a + p.b + x);
            db0 = digamma(p.b + x) - dg_b + da0;
            log_odds0 = x > 0 ? std::log(p.a) - std::log(p.b + x - 1) : 0;
        }
        const double rx = p.r + x;
        const double log_aT = std::log(p.alpha + row.T);
        double l = c0 + p.r * log_alpha - rx * log_aT;
        double w = 0;  // posterior weight of "dropped out after the last purchase"
        double log_ratio = 0;
        if (x > 0) {
            log_ratio = log_aT - std::log(p.alpha + row.t_x);
            // log(1 + e^odds) and the logistic weight from one exponential, without overflow.
            const double odds = log_odds0 + rx * log_ratio;
            const double e = std::exp(-std::fabs(odds));
            l += std::fmax(odds, 0.0) + std::log1p(e);
            w = odds > 0 ? 1 / (1 + e) : e / (1 + e);
        }
        ll += row.count * l;
        if (gradient != nullptr) {
            g_r += row.count * (dr0 + log_alpha - log_aT + w * log_ratio);
            g_alpha += row.count * (p.r / p.alpha - rx / (p.alpha + row.T) +
                                    (x > 0 ? w * rx * (1 / (p.alpha + row.T) - 1 / (p.alpha + row.t_x)) : 0));
            g_a += row.count * (da0 + (x > 0 ? w / p.a : 0));
            g_b += row.count * (db0 - (x > 0 ? w / (p.b + x - 1) : 0));
        }
    }
    if (gradient != nullptr) {
        gradient->resize(4);
        *gradient << p.r * g_r, p.alpha * g_alpha, p.a * g_a, p.b * g_b;
        *gradient /= customers;
    }
    return ll / customers;
}

// Parameters from their logarithms.
BgNbdParams from_log(const Eigen::VectorXd& v) { return {std::exp(v[0]), std::exp(v[1]), std::exp(v[2]), std::exp(v[3])}; }
}  // namespace

void check_params(const BgNbdParams& p) {
    for (double v : {p.r, p.alpha, p.a, p.b})
        if (!(v > 0) || !std::isfinite(v))
            throw InvalidArgument("BG/NBD parameters r, alpha, a, b must be positive finite numbers",
                                  "Pass the parameters of a fitted model (see ecom.bgnbd_fit).");
}

double bgnbd_log_likelihood(const BgNbdParams& p, const std::vector<CustomerGroup>& groups) {
    check_params(p);
    const double n = total_customers(groups);
    return mean_log_likelihood(p, groups, n, nullptr) * n;
}

BgNbdFit fit_bgnbd(const std::vector<CustomerGroup>& groups, const BgNbdParams& start, const OptimizerOptions& options) {
    check_params(start);
    const double n = total_customers(groups);
    const Objective objective = [&](const Eigen::VectorXd& v, Eigen::VectorXd* gradient) {
        return mean_log_likelihood(from_log(v), groups, n, gradient);
    };
    const MleResult mle = maximize_log_likelihood(objective, {start.r, start.alpha, start.a, start.b}, n, options);
    const std::vector<double>& th = mle.params;
    const std::vector<double>& se = mle.std_errors;
    return {{th[0], th[1], th[2], th[3]}, {se[0], se[1], se[2], se[3]}, mle.status};
}

double bgnbd_expected_purchases(const BgNbdParams& p, double t) {
    check_params(p);
    return bgnbd_conditional_expected_purchases(p, t, 0, 0, 0);
}

double bgnbd_p_alive(const BgNbdParams& p, int x, double t_x, double T) {
    check_params(p);
    check_customer(x, t_x, T);
    if (x == 0) return 1;
    const double log_odds = std::log(p.a) - std::log(p.b + x - 1) +
                            (p.r + x) * (std::log(p.alpha + T) - std::log(p.alpha + t_x));
    return 1 / (1 + std::exp(log_odds));
}

double bgnbd_conditional_expected_purchases(const BgNbdParams& p, double t, int x, double t_x, double T) {
    check_params(p);
    check_horizon(t);
    // T = 0 (with x = 0) is the unconditional case: a customer just acquired.
    if (!(x == 0 && t_x == 0 && T == 0)) check_customer(x, t_x, T);
    if (t == 0) return 0;
    // ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) equals, by Euler's transformation,
    // (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z): no overflow for large x, and the a -> 1 limit is kept.
    const double c = p.a + p.b + x - 1;
    const double z = t / (p.alpha + T + t);
    const double log_1mz = std::log(p.alpha + T) - std::log(p.alpha + T + t);
    const double e = p.a - 1;
    const double numerator = c * one_minus_exp_over(e, log_1mz) -
                             std::exp(e * log_1mz) * hyp2f1_scaled_tail(p.a + p.b - 1 - p.r, e, c, z);
    return numerator * (x == 0 ? 1 : bgnbd_p_alive(p, x, t_x, T));
}

}  // namespace ecom::clv
