// Constant-time sampling from a fixed discrete distribution (Walker's alias method).
#pragma once
#include "core/demo/rng.hpp"

#include <cstdint>
#include <vector>

namespace ecom::demo {

// Draws index i with probability weight[i] / sum(weights) in O(1).
class AliasTable {
public:
    // Builds the table; weights must be non-negative with a positive sum.
    explicit AliasTable(const std::vector<double>& weights);
    // One draw.
    std::uint32_t sample(Rng& rng) const {
        const auto column = static_cast<std::uint32_t>(rng.below(threshold_.size()));
        return rng.uniform() < threshold_[column] ? column : alias_[column];
    }
private:
    std::vector<double> threshold_;
    std::vector<std::uint32_t> alias_;
};

// Draws an index from a short list of weights by a linear scan (for tables of a few entries).
std::uint32_t pick_weighted(Rng& rng, const double* weights, std::uint32_t count);

}  // namespace ecom::demo
