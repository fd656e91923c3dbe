#include "core/clv/bgnbd.hpp"

#include "core/math.hpp"  // before any other Boost.Math header

#include <algorithm>
#include <cmath>

#include "core/clv/history_columns.hpp"
#include "core/clv/hypergeometric.hpp"
#include "core/errors.hpp"

namespace ecom::clv {

namespace {

// A block of per-customer terms, on the stack (at most history_block_rows values).
using Block = Eigen::Array<double, Eigen::Dynamic, 1, Eigen::ColMajor, history_block_rows, 1>;

// Sums, weighted by count, over one run of equal x of the terms that vary by customer.
struct RunSums {
    double log_aT = 0;       // log(alpha + T)
    double inv_aT = 0;       // 1 / (alpha + T)
    double mixture = 0;      // log(1 + e^odds), x > 0 only
    double w = 0;            // posterior weight w of "dropped out after the last purchase", x > 0 only
    double w_log_ratio = 0;  // w log((alpha + T) / (alpha + t_x))
    double w_inv_diff = 0;   // w (1 / (alpha + T) - 1 / (alpha + t_x))
};

// The run's sums, a block at a time with vectorised logarithms and exponentials; rx = r + x and
// log_odds0 = log(a / (b + x - 1)) are the run's per-x terms.
RunSums run_sums(const HistoryColumns& h, const FrequencyRun& run, double alpha, double rx, double log_odds0) {
    RunSums s;
    const Eigen::Index end = run.begin + run.size;
    for (Eigen::Index start = run.begin; start < end; start += history_block_rows) {
        const Eigen::Index m = std::min(history_block_rows, end - start);
        const auto c = h.count.segment(start, m);
        const Block inv_aT = (alpha + h.T.segment(start, m)).inverse();
        const Block log_aT = -inv_aT.log();
        s.log_aT += (c * log_aT).sum();
        s.inv_aT += (c * inv_aT).sum();
        if (run.x == 0) continue;
        const Block inv_atx = (alpha + h.t_x.segment(start, m)).inverse();
        const Block log_ratio = log_aT + inv_atx.log();
        const Block odds = log_odds0 + rx * log_ratio;
        // log(1 + e^odds) and the logistic weight from one exponential, without overflow; log(1 + e) as
        // -log(1 / (1 + e)), vectorised (log1p is not), off by at most 1e-16 per customer.
        const Block e = (-odds.abs()).exp();
        const Block inv_1e = (1 + e).inverse();
        s.mixture += (c * (odds.max(0.0) - inv_1e.log())).sum();
        const Block w = c * (odds > 0).select(inv_1e, e * inv_1e);
        s.w += w.sum();
        s.w_log_ratio += (w * log_ratio).sum();
        s.w_inv_diff += (w * (inv_aT - inv_atx)).sum();
    }
    return s;
}

// Mean log-likelihood per customer and its gradient in log-parameters (r, alpha, a, b). Terms that
// depend only on x are computed once per run of equal x.
double mean_log_likelihood(const BgNbdParams& p, const HistoryColumns& h, double customers, Eigen::VectorXd* gradient) {
    using boost::math::digamma;
    using boost::math::lgamma;
    const double log_alpha = std::log(p.alpha);
    const double lg_r = lgamma(p.r), lg_b = lgamma(p.b), lg_ab = lgamma(p.a + p.b);
    const double dg_r = digamma(p.r), dg_b = digamma(p.b), dg_ab = digamma(p.a + p.b);
    double ll = 0, g_r = 0, g_alpha = 0, g_a = 0, g_b = 0;
    for (const FrequencyRun& run : h.runs) {
        const int x = run.x;
        const double n = run.customers;
        const double rx = p.r + x;
        const double c0 = lgamma(rx) - lg_r + lgamma(p.b + x) - lg_b + lg_ab - lgamma(p.a + p.b + x);
        const double da0 = dg_ab - digamma(p.a + p.b + x);
        const double log_odds0 = x > 0 ? std::log(p.a) - std::log(p.b + x - 1) : 0;
        const RunSums s = run_sums(h, run, p.alpha, rx, log_odds0);
        ll += n * (c0 + p.r * log_alpha) - rx * s.log_aT + s.mixture;
        if (gradient == nullptr) continue;
        g_r += n * (digamma(rx) - dg_r + log_alpha) - s.log_aT + s.w_log_ratio;
        g_alpha += n * p.r / p.alpha - rx * s.inv_aT + rx * s.w_inv_diff;
        g_a += n * da0 + (x > 0 ? s.w / p.a : 0);
        g_b += n * (digamma(p.b + x) - dg_b + da0) - (x > 0 ? s.w / (p.b + x - 1) : 0);
    }
    if (gradient != nullptr) {
        gradient->resize(4);
        *gradient << p.r * g_r, p.alpha * g_alpha, p.a * g_a, p.b * g_b;
        *gradient /= customers;
    }
    return ll / customers;
}

// Above this many groups the fit starts from the fit of a systematic sample of about sample_groups of them.
constexpr std::size_t warm_start_groups = 50000;
constexpr std::size_t sample_groups = 20000;

// Every k-th group (they are sorted by x, so the sample keeps the spread of frequencies), each standing
// for k times its count.
std::vector<CustomerGroup> systematic_sample(const std::vector<CustomerGroup>& groups, std::size_t k) {
    std::vector<CustomerGroup> sample;
    for (std::size_t i = 0; i < groups.size(); i += k) {
        sample.push_back(groups[i]);
        sample.back().count *= static_cast<double>(k);
    }
    return sample;
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
    return mean_log_likelihood(p, history_columns(groups), n, nullptr) * n;
}

BgNbdFit fit_bgnbd(const std::vector<CustomerGroup>& groups, const BgNbdParams& start, const OptimizerOptions& options) {
    check_params(start);
    const double n = total_customers(groups);
    const HistoryColumns columns = history_columns(groups);
    const Objective objective = [&](const Eigen::VectorXd& v, Eigen::VectorXd* gradient) {
        return mean_log_likelihood(from_log(v), columns, n, gradient);
    };
    const bool warm = groups.size() > warm_start_groups;
    const std::vector<CustomerGroup> sample = warm ? systematic_sample(groups, groups.size() / sample_groups)
                                                   : std::vector<CustomerGroup>();
    const HistoryColumns sample_columns = history_columns(sample);
    const double sample_n = total_customers(sample);
    const Objective sample_objective = [&](const Eigen::VectorXd& v, Eigen::VectorXd* gradient) {
        return mean_log_likelihood(from_log(v), sample_columns, sample_n, gradient);
    };
    const MleResult mle = maximize_log_likelihood(objective, {start.r, start.alpha, start.a, start.b}, n, options,
                                                  warm ? &sample_objective : nullptr);
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
