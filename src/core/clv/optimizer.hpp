// Unconstrained maximisation for the CLV likelihoods: BFGS with a backtracking line search.
#pragma once
#include <functional>

#include "core/linalg.hpp"

namespace ecom::clv {

// Value to maximise at a point; fills *gradient when it is not null. A non-finite value marks an
// infeasible point (the line search then steps back).
using Objective = std::function<double(const Eigen::VectorXd& point, Eigen::VectorXd* gradient)>;

struct OptimizerOptions {
    int max_iterations = 1000;
    double gradient_tolerance = 1e-8;  // converged when every gradient component is below this
    double stall_tolerance = 1e-6;     // a line search that cannot improve still counts as converged below this
    double max_step = 2.0;             // largest change of any coordinate in one iteration
    double bound = 25.0;               // points with a coordinate beyond +-bound are infeasible
};

struct OptimizerResult {
    Eigen::VectorXd point;
    double value;
    Eigen::VectorXd gradient;
    int iterations;
    bool converged;
};

// Maximises f from start; polls for cancellation every iteration. Never throws for numerical failure:
// a run that cannot reach a stationary point returns converged = false. inverse_curvature, when not
// empty, estimates the inverse of minus f's Hessian at start (else BFGS starts from the identity).
OptimizerResult maximize_bfgs(const Objective& f, const Eigen::VectorXd& start, const OptimizerOptions& options = {},
                              const Eigen::MatrixXd& inverse_curvature = {});

// Wraps a value-only objective with central-difference gradients.
Objective with_numeric_gradient(std::function<double(const Eigen::VectorXd&)> value);

// Hessian of f at point by central differences of its gradient (symmetrised).
Eigen::MatrixXd numeric_hessian(const Objective& f, const Eigen::VectorXd& point);

}  // namespace ecom::clv
