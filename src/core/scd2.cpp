// SCD type 2 merge (see scd2.hpp).
#include "core/scd2.hpp"

#include "core/cancel.hpp"

#include <algorithm>
#include <numeric>

namespace ecom::scd2 {

namespace {

// Input positions sorted by key, then time, then input position (so the last of a tie is the winner).
std::vector<std::size_t> sorted_positions(const std::vector<Observation>& observations) {
    std::vector<std::size_t> order(observations.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Observation& x = observations[a];
        const Observation& y = observations[b];
        if (int c = x.key.compare(y.key); c != 0) return c < 0;
        if (x.effective_from != y.effective_from) return x.effective_from < y.effective_from;
        return a < b;
    });
    return order;
}

}  // namespace

// Sorts the observations, keeps the last of each tie and starts a version wherever the attributes change.
std::vector<Version> merge(const std::vector<Observation>& observations) {
    const std::vector<std::size_t> order = sorted_positions(observations);
    std::vector<Version> history;
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i % 4096 == 0) poll_interrupts();
        const Observation& obs = observations[order[i]];
        // Among observations of one key at one time, only the last in the input counts.
        if (i + 1 < order.size()) {
            const Observation& next = observations[order[i + 1]];
            if (next.key == obs.key && next.effective_from == obs.effective_from) continue;
        }
        const bool same_key = !history.empty() && history.back().key == obs.key;
        if (same_key && observations[history.back().source].attributes == obs.attributes) continue;
        if (same_key) history.back().valid_to = obs.effective_from;
        history.push_back(Version{obs.key, obs.effective_from, std::nullopt, order[i]});
    }
    return history;
}

}  // namespace ecom::scd2
