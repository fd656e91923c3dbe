#include "core/clv/optimizer.hpp"

#include "core/math.hpp"  // before any other Boost.Math header

#include <boost/math/policies/error_handling.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/cancel.hpp"

namespace ecom::clv {

namespace {

constexpr double kInfeasible = -std::numeric_limits<double>::infinity();

// Evaluates f at point, turning numerical failures (overflow, domain errors, series that do not
// converge) into an infeasible value instead of an error.
double evaluate(const Objective& f, const Eigen::VectorXd& point, double bound, Eigen::VectorXd* gradient) {
    if (point.cwiseAbs().maxCoeff() > bound) return kInfeasible;
    try {
        const double value = f(point, gradient);
        if (!std::isfinite(value) || (gradient != nullptr && !gradient->allFinite())) return kInfeasible;
        return value;
    } catch (const std::domain_error&) {
    } catch (const std::out_of_range&) {
    } catch (const std::overflow_error&) {
    } catch (const std::underflow_error&) {
    } catch (const boost::math::evaluation_error&) {
    }
    return kInfeasible;
}

}  // namespace

OptimizerResult maximize_bfgs(const Objective& f, const Eigen::VectorXd& start, const OptimizerOptions& options,
                              const Eigen::MatrixXd& inverse_curvature) {
    const Eigen::Index n = start.size();
    OptimizerResult out{start, 0, Eigen::VectorXd::Zero(n), 0, false};
    out.value = evaluate(f, out.point, options.bound, &out.gradient);
    if (!std::isfinite(out.value)) return out;
    // We minimise -f: g is the gradient of -f, H approximates the inverse Hessian of -f.
    Eigen::VectorXd g = -out.gradient;
    const bool informed = inverse_curvature.rows() == n && inverse_curvature.cols() == n;
    Eigen::MatrixXd H = informed ? inverse_curvature : Eigen::MatrixXd::Identity(n, n);
    bool fresh = !informed;  // H is the identity (no curvature information yet)
    for (out.iterations = 0; out.iterations < options.max_iterations; ++out.iterations) {
        poll_interrupts();
        if (g.cwiseAbs().maxCoeff() <= options.gradient_tolerance) {
            out.converged = true;
            break;
        }
        Eigen::VectorXd d = -H * g;
        if (g.dot(d) >= 0) {
            H.setIdentity();
            fresh = true;
            d = -g;
        }
        const double longest = d.cwiseAbs().maxCoeff();
        if (longest > options.max_step) d *= options.max_step / longest;
        const double slope = g.dot(d);
        double step = 1;
        Eigen::VectorXd trial_gradient(n);
        Eigen::VectorXd trial;
        double trial_value = kInfeasible;
        bool accepted = false;
        for (int halvings = 0; halvings < 60 && !accepted; ++halvings, step *= 0.5) {
            trial = out.point + step * d;
            trial_value = evaluate(f, trial, options.bound, &trial_gradient);
            // Armijo's sufficient increase, and a strict one: a step that leaves f unchanged is a stall.
            accepted = std::isfinite(trial_value) && trial_value > out.value &&
                       -trial_value <= -out.value + 1e-4 * step * slope;
        }
        if (!accepted) {
            if (!fresh) {  // stale curvature: retry once along the steepest direction
                H.setIdentity();
                fresh = true;
                continue;
            }
            out.converged = g.cwiseAbs().maxCoeff() <= options.stall_tolerance;
            break;
        }
        const Eigen::VectorXd s = trial - out.point;
        const Eigen::VectorXd y = -trial_gradient - g;
        out.point = trial;
        out.value = trial_value;
        out.gradient = trial_gradient;
        g = -trial_gradient;
        const double sy = s.dot(y);
        if (sy > 1e-12 * s.norm() * y.norm()) {
            if (fresh) H *= sy / y.squaredNorm();  // scale the first guess to the observed curvature
            const Eigen::VectorXd Hy = H * y;
            const double rho = 1 / sy;
            H += rho * ((1 + rho * y.dot(Hy)) * s * s.transpose() - Hy * s.transpose() - s * Hy.transpose());
            fresh = false;
        }
    }
    return out;
}

Objective with_numeric_gradient(std::function<double(const Eigen::VectorXd&)> value) {
    return [value = std::move(value)](const Eigen::VectorXd& point, Eigen::VectorXd* gradient) {
        const double centre = value(point);
        if (gradient != nullptr) {
            gradient->resize(point.size());
            for (Eigen::Index i = 0; i < point.size(); ++i) {
                const double h = 1e-5 * std::fmax(1.0, std::fabs(point[i]));
                Eigen::VectorXd shifted = point;
                shifted[i] = point[i] + h;
                const double up = value(shifted);
                shifted[i] = point[i] - h;
                const double down = value(shifted);
                (*gradient)[i] = (up - down) / (2 * h);
            }
        }
        return centre;
    };
}

Eigen::MatrixXd numeric_hessian(const Objective& f, const Eigen::VectorXd& point) {
    const Eigen::Index n = point.size();
    Eigen::MatrixXd hessian(n, n);
    Eigen::VectorXd up(n), down(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double h = 1e-4 * std::fmax(1.0, std::fabs(point[j]));
        Eigen::VectorXd shifted = point;
        shifted[j] = point[j] + h;
        f(shifted, &up);
        shifted[j] = point[j] - h;
        f(shifted, &down);
        hessian.col(j) = (up - down) / (2 * h);
    }
    return (hessian + hessian.transpose()) / 2;
}

}  // namespace ecom::clv
