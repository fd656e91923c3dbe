// Counter-based random numbers for the demo-data generator: every entity draws from its own keyed
// stream, so its attributes are a pure function of (seed, kind, id) and any table can be regenerated alone.
#pragma once
#include <cstdint>

namespace ecom::demo {

// What a random stream belongs to; part of the key, so entities of different kinds never share draws.
enum class Stream : std::uint64_t {
    catalogue = 1, product, campaign, customer, order, session, browse, anonymous, inventory, fault
};

// splitmix64's finalizer: a bijective mixer spreading every input bit over the whole word.
inline std::uint64_t mix64(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// A splitmix64 generator with the sampling the generator needs (never std:: distributions).
class Rng {
public:
    explicit Rng(std::uint64_t state) : state_(state) {}
    // The stream of entity `id` (and sub-entity `sub`) of one kind for one seed.
    static Rng keyed(std::int64_t seed, Stream stream, std::uint64_t id, std::uint64_t sub = 0) {
        std::uint64_t key = mix64(static_cast<std::uint64_t>(seed) ^ (static_cast<std::uint64_t>(stream) << 56));
        key = mix64(key + 0x9e3779b97f4a7c15ULL * (id + 1));
        return Rng(mix64(key ^ (sub * 0xd1b54a32d192ed03ULL)));
    }
    // The next 64 random bits.
    std::uint64_t next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        return mix64(state_);
    }
    // Uniform on [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform on [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer on [0, n) for n >= 1 (multiply-shift; the bias is below 2^-32 for our n).
    std::uint64_t below(std::uint64_t n) {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
    }
    // Uniform integer on [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    // True with probability p.
    bool chance(double p) { return uniform() < p; }
    // Exponential with the given mean.
    double exponential(double mean);
    // Standard normal (Box-Muller).
    double normal();
    // Gamma with the given shape (>= 1, Marsaglia-Tsang) and scale 1.
    double gamma(double shape);
    // Poisson count with the given mean (multiplication method, chunked for large means).
    std::uint64_t poisson(double mean);
private:
    std::uint64_t state_;
};

}  // namespace ecom::demo
