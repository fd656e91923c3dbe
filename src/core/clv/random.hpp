// Deterministic random numbers for simulations: xoshiro256** seeded by splitmix64, with samplers written
// here (std:: distributions differ between standard libraries).
#pragma once
#include <cstdint>

namespace ecom::clv {

class Random {
public:
    // Seeds the four state words from one 64-bit seed.
    explicit Random(std::uint64_t seed);
    // Next raw 64-bit output.
    std::uint64_t next();
    // Uniform on [0, 1) with 53 random bits.
    double uniform();
    // Exponential with rate 1.
    double exponential();
    // Standard normal (Box-Muller; the second value of each pair is kept for the next call).
    double normal();
    // Gamma with the given shape and rate 1 (Marsaglia-Tsang; shapes below 1 by the power trick).
    double gamma(double shape);
    // Beta(a, b) as a ratio of gammas.
    double beta(double a, double b);

private:
    std::uint64_t s_[4];
    double spare_normal_ = 0;
    bool has_spare_ = false;
};

}  // namespace ecom::clv
