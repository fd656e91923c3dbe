// Maximum likelihood in log-parameters, shared by the CLV models: fit, convergence status, standard errors.
#pragma once
#include <string>
#include <vector>

#include "core/clv/optimizer.hpp"

namespace ecom::clv {

// What every fit reports besides its parameters.
struct FitStatus {
    double log_likelihood;  // at the returned parameters (summed over customers)
    int iterations;
    bool converged;         // false: the parameters are the last iterate, not a maximum; do not use them
    double customers;       // number of customers (rows) that entered the likelihood
    std::string message;    // "converged", or why not
};

// Parameters on their natural (positive) scale with standard errors from the observed information.
struct MleResult {
    std::vector<double> params;
    std::vector<double> std_errors;  // NaN when the information matrix is not positive definite
    FitStatus status;
};

// Maximises customers * mean_ll over log-parameters from start (natural scale). mean_ll gets
// log-parameters and returns the mean log-likelihood per customer with its gradient in log-parameters.
// sample_mean_ll, when not null, is the same on a sample of the customers: it is maximised first, and its
// maximum and the curvature there start the full fit (far fewer evaluations of mean_ll).
MleResult maximize_log_likelihood(const Objective& mean_ll, const std::vector<double>& start, double customers,
                                  const OptimizerOptions& options = {}, const Objective* sample_mean_ll = nullptr);

}  // namespace ecom::clv
