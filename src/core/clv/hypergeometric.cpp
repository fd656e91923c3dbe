#include "core/clv/hypergeometric.hpp"

#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace ecom::clv {

double hyp2f1_scaled_tail(double a, double b, double c, double z, long max_terms) {
    if (!(z >= 0 && z < 1) || !std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c))
        throw OutOfRange("hypergeometric series argument out of range",
                         "The series is summed only for 0 <= z < 1 and finite parameters.");
    const double eps = std::numeric_limits<double>::epsilon();
    double term = a * z;  // k = 1
    double sum = term;
    for (long k = 1; k < max_terms; ++k) {
        const double ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        term *= ratio;
        sum += term;
        // Once every factor is positive the remaining terms shrink at least geometrically by max(ratio, z).
        const double rate = std::fmax(ratio, z);
        if (k > -a && k > -b && k > -c && rate < 1 &&
            std::fabs(term) * rate / (1 - rate) <= eps * std::fabs(sum))
            return sum;
        if (!std::isfinite(sum)) break;
    }
    throw OutOfRange("hypergeometric series did not converge",
                     "The horizon is very long compared with the model's scale parameters; use a shorter horizon.");
}

double hyp2f1(double a, double b, double c, double z, long max_terms) {
    if (!(c > 0))
        throw OutOfRange("hypergeometric parameter c must be positive", "This is an internal limit of the CLV formulas.");
    return 1 + b / c * hyp2f1_scaled_tail(a, b, c, z, max_terms);
}

double one_minus_exp_over(double e, double L) {
    if (e == 0) return -L;
    return -std::expm1(e * L) / e;
}

}  // namespace ecom::clv
