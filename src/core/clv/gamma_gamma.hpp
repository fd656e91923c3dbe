// Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013).
#pragma once
#include <vector>

#include "core/clv/mle.hpp"

namespace ecom::clv {

// A transaction's value ~ Gamma(p, nu) around the customer's mean p/nu; nu ~ Gamma(q, gamma) across customers.
struct GammaGammaParams {
    double p;
    double q;
    double gamma;
};

// `count` repeat buyers with x repeat transactions of mean value mean_spend.
struct SpendGroup {
    int x;
    double mean_spend;
    double count;
};

struct GammaGammaFit {
    GammaGammaParams params;
    GammaGammaParams std_errors;
    FitStatus status;
};

// Throws InvalidArgument unless every parameter is positive and finite.
void check_params(const GammaGammaParams& p);

// Validates, drops customers without repeat purchases (x = 0: no spend observed), sorts and merges equal rows.
std::vector<SpendGroup> group_spend(std::vector<SpendGroup> rows);

// Log-likelihood of the repeat buyers' mean spends (summed, weighted by count).
double gamma_gamma_log_likelihood(const GammaGammaParams& p, const std::vector<SpendGroup>& groups);

// Maximum likelihood fit from start (defaults to all ones; options mostly for tests); groups must come from group_spend().
GammaGammaFit fit_gamma_gamma(const std::vector<SpendGroup>& groups, const GammaGammaParams& start = {1, 1, 1},
                      const OptimizerOptions& options = {});

// Expected value of a future transaction of a customer with x repeat transactions of mean mean_spend
// (x = 0: the population mean). Needs q > 1.
double gamma_gamma_expected_spend(const GammaGammaParams& p, int x, double mean_spend);

}  // namespace ecom::clv
