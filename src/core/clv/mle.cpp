#include "core/clv/mle.hpp"

#include <cmath>
#include <limits>

namespace ecom::clv {

namespace {

// Moves point to the maximum of the sample's likelihood and sets inverse_curvature to the inverse of
// minus its Hessian there; leaves both alone when the sample has no proper finite maximum.
void warm_start(const Objective& sample_mean_ll, const OptimizerOptions& options, Eigen::VectorXd& point,
                Eigen::MatrixXd& inverse_curvature) {
    const OptimizerResult sample = maximize_bfgs(sample_mean_ll, point, options);
    if (!sample.converged || sample.point.cwiseAbs().maxCoeff() > 0.8 * options.bound) return;
    const Eigen::LLT<Eigen::MatrixXd> cholesky(-numeric_hessian(sample_mean_ll, sample.point));
    if (cholesky.info() != Eigen::Success) return;
    point = sample.point;
    inverse_curvature = cholesky.solve(Eigen::MatrixXd::Identity(point.size(), point.size()));
}

}  // namespace

MleResult maximize_log_likelihood(const Objective& mean_ll, const std::vector<double>& start, double customers,
                                  const OptimizerOptions& options, const Objective* sample_mean_ll) {
    const Eigen::Index n = static_cast<Eigen::Index>(start.size());
    Eigen::VectorXd log_start(n);
    for (Eigen::Index i = 0; i < n; ++i) log_start[i] = std::log(start[i]);
    Eigen::MatrixXd inverse_curvature;
    if (sample_mean_ll != nullptr) warm_start(*sample_mean_ll, options, log_start, inverse_curvature);
    const OptimizerResult opt = maximize_bfgs(mean_ll, log_start, options, inverse_curvature);

    MleResult out;
    out.status = {opt.value * customers, opt.iterations, opt.converged, customers, "converged"};
    out.params.resize(start.size());
    out.std_errors.assign(start.size(), std::numeric_limits<double>::quiet_NaN());
    for (Eigen::Index i = 0; i < n; ++i) out.params[i] = std::exp(opt.point[i]);
    if (!opt.converged) {
        out.status.message = opt.iterations >= options.max_iterations ? "iteration limit reached"
                                                                       : "line search could not improve the likelihood";
        return out;
    }
    // A likelihood still rising towards 0 or infinity flattens out and can pass the gradient test there:
    // a parameter that ran far out is a limit, not an estimate.
    if (opt.point.cwiseAbs().maxCoeff() > 0.8 * options.bound) {
        out.status.converged = false;
        out.status.message = "a parameter diverges towards 0 or infinity (no finite maximum)";
        return out;
    }

    // At a maximum the gradient vanishes, so d2/dtheta2 = D^-1 (d2/dphi2) D^-1 with D = diag(theta):
    // se(theta_i) = theta_i * sqrt([(-H_phi)^-1]_ii) where H_phi is the Hessian of the total log-likelihood.
    const Eigen::MatrixXd information = -numeric_hessian(mean_ll, opt.point) * customers;
    Eigen::LLT<Eigen::MatrixXd> cholesky(information);
    if (cholesky.info() != Eigen::Success) {
        out.status.converged = false;
        out.status.message = "stationary point is not a maximum (information matrix not positive definite)";
        return out;
    }
    const Eigen::MatrixXd covariance = cholesky.solve(Eigen::MatrixXd::Identity(n, n));
    for (Eigen::Index i = 0; i < n; ++i) out.std_errors[i] = out.params[i] * std::sqrt(covariance(i, i));
    return out;
}

}  // namespace ecom::clv
