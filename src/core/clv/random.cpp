#include "core/clv/random.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace ecom::clv {

namespace {
// One splitmix64 step: spreads a seed over well-mixed state words.
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Rotate left.
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Random::Random(std::uint64_t seed) {
    for (std::uint64_t& word : s_) word = splitmix64(seed);
}

std::uint64_t Random::next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Random::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Random::exponential() { return -std::log1p(-uniform()); }

double Random::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_normal_;
    }
    const double radius = std::sqrt(2 * exponential());
    const double angle = 6.283185307179586476925 * uniform();
    spare_normal_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
}

double Random::gamma(double shape) {
    if (!(shape > 0) || !std::isfinite(shape))
        throw InvalidArgument("gamma shape must be positive", "Pass a positive finite shape parameter.");
    if (shape < 1) {
        // G(shape) = G(shape + 1) * U^(1/shape); U in (0, 1].
        const double u = 1 - uniform();
        return gamma(shape + 1) * std::pow(u, 1 / shape);
    }
    const double d = shape - 1.0 / 3;
    const double c = 1 / std::sqrt(9 * d);
    for (;;) {
        double z, v;
        do {
            z = normal();
            v = 1 + c * z;
        } while (v <= 0);
        v = v * v * v;
        const double u = 1 - uniform();
        if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v;
    }
}

double Random::beta(double a, double b) {
    const double x = gamma(a);
    const double y = gamma(b);
    return x / (x + y);
}

}  // namespace ecom::clv
