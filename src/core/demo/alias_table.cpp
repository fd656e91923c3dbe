// Construction of the alias table (Vose's stable variant).
#include "core/demo/alias_table.hpp"

#include <numeric>
#include <stdexcept>

namespace ecom::demo {

AliasTable::AliasTable(const std::vector<double>& weights)
    : threshold_(weights.size(), 1.0), alias_(weights.size()) {
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (weights.empty() || !(total > 0)) throw std::logic_error("alias table needs a positive total weight");
    const double scale = static_cast<double>(weights.size()) / total;
    std::vector<std::uint32_t> small, large;
    std::vector<double> scaled(weights.size());
    for (std::uint32_t i = 0; i < weights.size(); ++i) {
        scaled[i] = weights[i] * scale;
        alias_[i] = i;
        (scaled[i] < 1.0 ? small : large).push_back(i);
    }
    while (!small.empty() && !large.empty()) {
        const std::uint32_t low = small.back(), high = large.back();
        small.pop_back();
        threshold_[low] = scaled[low];
        alias_[low] = high;
        scaled[high] -= 1.0 - scaled[low];
        if (scaled[high] < 1.0) {
            large.pop_back();
            small.push_back(high);
        }
    }
}

std::uint32_t pick_weighted(Rng& rng, const double* weights, std::uint32_t count) {
    double total = 0;
    for (std::uint32_t i = 0; i < count; ++i) total += weights[i];
    double target = rng.uniform() * total;
    for (std::uint32_t i = 0; i + 1 < count; ++i) {
        if (target < weights[i]) return i;
        target -= weights[i];
    }
    return count - 1;
}

}  // namespace ecom::demo
