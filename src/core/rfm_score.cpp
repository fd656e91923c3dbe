// RFM quantile scores and the 11-segment map.
#include "core/rfm_score.hpp"

#include "core/cancel.hpp"
#include "core/radix_sort.hpp"

#include <algorithm>
#include <charconv>

namespace ecom::rfm {

namespace {

// Scores rows by `keys` ascending; the rows are in customer order and the sort is stable, so equal keys rank
// by customer id (the smaller id ranks lower).
std::vector<int> scores_by(const std::vector<std::int64_t>& keys, int bins) {
    std::vector<KeyedIndex> order(keys.size());
    // Flipping the sign bit makes the unsigned order of the key the signed order of the value.
    for (std::size_t i = 0; i < keys.size(); ++i) order[i] = {static_cast<std::uint64_t>(keys[i]) ^ (1ULL << 63), i};
    std::vector<KeyedIndex> scratch;
    radix_sort(order.data(), order.size(), scratch);
    std::vector<int> scores(keys.size());
    for (std::size_t rank = 0; rank < order.size(); ++rank)
        scores[order[rank].index] = quantile_score(rank, order.size(), bins);
    return scores;
}

// The 11 segments on the five-level (R, F) grid: rows R = 1..5, columns F = 1..5.
constexpr std::string_view grid[5][5] = {
    {"Lost", "Lost", "At Risk", "At Risk", "Can't Lose Them"},
    {"Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"},
    {"About To Sleep", "About To Sleep", "Need Attention", "Loyal Customers", "Loyal Customers"},
    {"Promising", "Potential Loyalists", "Potential Loyalists", "Loyal Customers", "Loyal Customers"},
    {"New Customers", "Potential Loyalists", "Potential Loyalists", "Champions", "Champions"},
};

}  // namespace

int quantile_score(std::size_t rank, std::size_t count, int bins) {
    if (count < 2) return 1;
    const std::uint64_t scaled = static_cast<std::uint64_t>(rank) * static_cast<std::uint64_t>(bins);
    const std::uint64_t steps = count - 1;
    return std::max(1, static_cast<int>((scaled + steps - 1) / steps));
}

std::vector<CustomerScore> score_customers(const Summary& summary) {
    const std::vector<CustomerRow> rows = summary.customers();
    const std::size_t n = rows.size();
    const int bins = summary.bins();
    std::vector<CustomerScore> scored(n);
    for (std::size_t i = 0; i < n; ++i) {
        poll_interrupts();
        const CustomerTotals& t = rows[i].totals;
        scored[i] = {rows[i].customer, (summary.as_of() - t.last_order) / micros_per_day, t.orders,
                     t.amount_units, 0, 0, 0};
    }
    // R: more days since the last order ranks lower; F and M: fewer orders / less money ranks lower.
    std::vector<std::int64_t> keys(n);
    for (std::size_t i = 0; i < n; ++i) keys[i] = -scored[i].recency_days;
    const auto r = scores_by(keys, bins);
    for (std::size_t i = 0; i < n; ++i) keys[i] = scored[i].frequency;
    const auto f = scores_by(keys, bins);
    for (std::size_t i = 0; i < n; ++i) keys[i] = scored[i].amount_units;
    const auto m = scores_by(keys, bins);
    for (std::size_t i = 0; i < n; ++i) {
        scored[i].r = r[i];
        scored[i].f = f[i];
        scored[i].m = m[i];
    }
    return scored;
}

int five_level(int score, int bins) {
    const int steps = bins - 1;
    return 1 + (8 * (score - 1) + steps) / (2 * steps);
}

std::string_view segment(int r, int f, int bins) {
    return grid[five_level(r, bins) - 1][five_level(f, bins) - 1];
}

RfmCode rfm_code(int r, int f, int m, int bins) {
    RfmCode code{};
    char* end = code.text;
    for (const int score : {r, f, m}) {
        if (bins > 9 && end != code.text) *end++ = '-';
        end = std::to_chars(end, code.text + sizeof(code.text), score).ptr;
    }
    code.length = static_cast<std::size_t>(end - code.text);
    return code;
}

}  // namespace ecom::rfm
