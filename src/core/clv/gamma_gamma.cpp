#include "core/clv/gamma_gamma.hpp"

#include "core/math.hpp"  // before any other Boost.Math header

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace ecom::clv {

namespace {

// Throws unless (x, mean_spend) is a possible observation.
void check_spend(int x, double mean_spend) {
    if (x < 0) throw InvalidArgument("frequency x must not be negative", "x counts repeat purchase days.");
    if (!std::isfinite(mean_spend) || mean_spend < 0)
        throw InvalidArgument("mean spend must be a non-negative finite number",
                              "Leave refunds out of the spend; remove rows with NaN.");
    if (x > 0 && mean_spend == 0)
        throw InvalidArgument("mean spend of a repeat buyer must be positive",
                              "The Gamma-Gamma model describes positive transaction values; "
                              "leave out customers whose repeat purchases were all free.");
}

// Mean log-likelihood per customer of the mean spend m of x transactions, and its gradient in
// log-parameters: density Gamma(px+q)/(Gamma(px) Gamma(q)) gamma^q x^(px) m^(px-1) / (gamma + x m)^(px+q).
double mean_log_likelihood(const GammaGammaParams& p, const std::vector<SpendGroup>& groups, double customers,
                           Eigen::VectorXd* gradient) {
    using boost::math::digamma;
    using boost::math::lgamma;
    const double lg_q = lgamma(p.q), dg_q = digamma(p.q), log_gamma = std::log(p.gamma);
    double ll = 0, g_p = 0, g_q = 0, g_gamma = 0;
    int current_x = -1;
    double c0 = 0, dpx = 0, dpxq = 0;
    for (const SpendGroup& row : groups) {
        const double x = row.x;
        const double px = p.p * x;
        if (row.x != current_x) {
            current_x = row.x;
            c0 = lgamma(px + p.q) - lgamma(px) - lg_q + p.q * log_gamma + px * std::log(x);
            dpxq = digamma(px + p.q);
            dpx = digamma(px);
        }
        const double log_m = std::log(row.mean_spend);
        const double log_total = std::log(p.gamma + x * row.mean_spend);
        ll += row.count * (c0 + (px - 1) * log_m - (px + p.q) * log_total);
        if (gradient != nullptr) {
            g_p += row.count * x * (dpxq - dpx + std::log(x) + log_m - log_total);
            g_q += row.count * (dpxq - dg_q + log_gamma - log_total);
            g_gamma += row.count * (p.q / p.gamma - (px + p.q) / (p.gamma + x * row.mean_spend));
        }
    }
    if (gradient != nullptr) {
        gradient->resize(3);
        *gradient << p.p * g_p, p.q * g_q, p.gamma * g_gamma;
        *gradient /= customers;
    }
    return ll / customers;
}

// Number of customers in grouped rows.
double total_customers(const std::vector<SpendGroup>& groups) {
    double n = 0;
    for (const SpendGroup& g : groups) n += g.count;
    return n;
}

}  // namespace

void check_params(const GammaGammaParams& p) {
    for (double v : {p.p, p.q, p.gamma})
        if (!(v > 0) || !std::isfinite(v))
            throw InvalidArgument("Gamma-Gamma parameters p, q, gamma must be positive finite numbers",
                                  "Pass the parameters of a fitted model (see ecom.gamma_gamma_fit).");
}

std::vector<SpendGroup> group_spend(std::vector<SpendGroup> rows) {
    for (const SpendGroup& row : rows) {
        check_spend(row.x, row.mean_spend);
        if (!(row.count > 0) || !std::isfinite(row.count))
            throw InvalidArgument("customer count must be a positive finite number", "Each row stands for at least one customer.");
    }
    rows.erase(std::remove_if(rows.begin(), rows.end(), [](const SpendGroup& r) { return r.x == 0; }), rows.end());
    if (rows.empty())
        throw InvalidArgument("no repeat buyers to fit",
                              "The spend model needs customers with at least one repeat purchase (x > 0).");
    std::sort(rows.begin(), rows.end(), [](const SpendGroup& l, const SpendGroup& r) {
        return l.x != r.x ? l.x < r.x : l.mean_spend < r.mean_spend;
    });
    std::vector<SpendGroup> merged;
    for (const SpendGroup& row : rows) {
        if (!merged.empty() && merged.back().x == row.x && merged.back().mean_spend == row.mean_spend)
            merged.back().count += row.count;
        else
            merged.push_back(row);
    }
    return merged;
}

double gamma_gamma_log_likelihood(const GammaGammaParams& p, const std::vector<SpendGroup>& groups) {
    check_params(p);
    const double n = total_customers(groups);
    return mean_log_likelihood(p, groups, n, nullptr) * n;
}

GammaGammaFit fit_gamma_gamma(const std::vector<SpendGroup>& groups, const GammaGammaParams& start, const OptimizerOptions& options) {
    check_params(start);
    const double n = total_customers(groups);
    const Objective objective = [&](const Eigen::VectorXd& v, Eigen::VectorXd* gradient) {
        return mean_log_likelihood({std::exp(v[0]), std::exp(v[1]), std::exp(v[2])}, groups, n, gradient);
    };
    const MleResult mle = maximize_log_likelihood(objective, {start.p, start.q, start.gamma}, n, options);
    const std::vector<double>& th = mle.params;
    const std::vector<double>& se = mle.std_errors;
    return {{th[0], th[1], th[2]}, {se[0], se[1], se[2]}, mle.status};
}

double gamma_gamma_expected_spend(const GammaGammaParams& p, int x, double mean_spend) {
    check_params(p);
    check_spend(x, mean_spend);
    if (!(p.q > 1))
        throw OutOfRange("expected spend is infinite for a Gamma-Gamma model with q <= 1",
                         "The fitted spend distribution has no mean; check the data for extreme values.");
    // A weighted average of the population mean p gamma / (q - 1) and the customer's observed mean.
    return p.p * (p.gamma + x * mean_spend) / (p.p * x + p.q - 1);
}

}  // namespace ecom::clv
