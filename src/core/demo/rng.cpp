// Continuous and count sampling on top of the splitmix64 generator.
#include "core/demo/rng.hpp"

#include <cmath>

namespace ecom::demo {

double Rng::exponential(double mean) {
    return -mean * std::log1p(-uniform());
}

double Rng::normal() {
    const double radius = std::sqrt(-2.0 * std::log1p(-uniform()));
    return radius * std::cos(6.283185307179586 * uniform());
}

double Rng::gamma(double shape) {
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x = 0, v = 0;
        do {
            x = normal();
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = uniform();
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
}

std::uint64_t Rng::poisson(double mean) {
    std::uint64_t count = 0;
    while (mean > 0) {
        const double chunk = mean > 200.0 ? 200.0 : mean;
        mean -= chunk;
        const double limit = std::exp(-chunk);
        double product = uniform();
        while (product >= limit) {
            ++count;
            product *= uniform();
        }
    }
    return count;
}

}  // namespace ecom::demo
