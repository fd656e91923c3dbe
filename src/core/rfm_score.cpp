// RFM quantile scores and the 11-segment map.
#include "core/rfm_score.hpp"

#include "core/cancel.hpp"
#include "core/radix_sort.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace ecom::rfm {

namespace {

// The score of every rank 0..count-1 (quantile_score), walked upwards with no division per rank.
large_vector<std::uint8_t> scores_of_ranks(std::size_t count, int bins) {
    large_vector<std::uint8_t> scores(count);
    const std::uint64_t steps = count > 1 ? count - 1 : 1;
    std::uint64_t score = 1;
    for (std::uint64_t rank = 0; rank < count; ++rank) {
        while (rank * static_cast<std::uint64_t>(bins) > score * steps) ++score;  // ceil(rank * bins / steps) > score
        scores[rank] = static_cast<std::uint8_t>(score);
    }
    return scores;
}

// Sets the `member` score of each of the `count` customers from the rank of key_of(i) (ascending; equal keys
// keep the customers' id order). A narrow key range is ranked by counting, a wide one by a radix sort.
template <typename KeyOf>
void score_by(std::size_t count, KeyOf key_of, const large_vector<std::uint8_t>& by_rank, std::uint8_t Scores::*member,
              large_vector<Scores>& scores) {
    poll_interrupts();
    std::int64_t low = key_of(0);
    std::int64_t high = low;
    for (std::size_t i = 1; i < count; ++i) {
        low = std::min(low, key_of(i));
        high = std::max(high, key_of(i));
    }
    // Keys as unsigned offsets from the smallest: the same order, and high digits that a radix sort skips.
    const auto offset = [&](std::size_t i) { return static_cast<std::uint64_t>(key_of(i)) - static_cast<std::uint64_t>(low); };
    const std::uint64_t range = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    if (range < count) {
        large_vector<std::uint32_t> next(range + 1);  // per key offset: its count, then the rank of its next customer
        for (std::size_t i = 0; i < count; ++i) ++next[offset(i)];
        std::uint32_t start = 0;
        for (std::uint32_t& rank : next) start += std::exchange(rank, start);
        poll_interrupts();
        for (std::size_t i = 0; i < count; ++i) scores[i].*member = by_rank[next[offset(i)]++];
        return;
    }
    large_vector<KeyedIndex> order(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = {offset(i), i};
    large_vector<KeyedIndex> scratch;
    radix_sort(order.data(), count, scratch);
    for (std::size_t rank = 0; rank < count; ++rank) scores[order[rank].index].*member = by_rank[rank];
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

large_vector<Scores> score_customers(const large_vector<CustomerRow>& customers, std::int64_t as_of, int bins) {
    const std::size_t n = customers.size();
    large_vector<Scores> scores(n);
    if (n == 0) return scores;
    const large_vector<std::uint8_t> by_rank = scores_of_ranks(n, bins);
    // R: more days since the last order ranks lower; F and M: fewer orders / less money ranks lower.
    score_by(n, [&](std::size_t i) { return -recency_days(as_of, customers[i].totals); }, by_rank, &Scores::r, scores);
    score_by(n, [&](std::size_t i) { return customers[i].totals.orders; }, by_rank, &Scores::f, scores);
    score_by(n, [&](std::size_t i) { return customers[i].totals.amount_units; }, by_rank, &Scores::m, scores);
    return scores;
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
