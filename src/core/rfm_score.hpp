// RFM scoring: quantile scores 1..bins over customers (pandas qcut on ranks, ties broken by customer id)
// and the standard 11-segment map on the R and F scores. The rules are written out in docs/rfm.md.
#pragma once
#include "core/rfm.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ecom::rfm {

// The R, F and M scores of one customer, 1..bins; higher is better (recent, frequent, big spender).
struct Scores {
    std::uint8_t r = 0, f = 0, m = 0;
};

// Whole days from a customer's last order to as_of (rounded down).
inline std::int64_t recency_days(std::int64_t as_of, const CustomerTotals& totals) noexcept {
    return (as_of - totals.last_order) / micros_per_day;
}

// The score of the customer at 0-based `rank` of `count` (ascending): ceil(bins * rank / (count - 1)),
// at least 1, which is qcut on ranks into equal-width quantile intervals; a lone customer scores 1.
int quantile_score(std::size_t rank, std::size_t count, int bins);

// The scores of `customers` (in byte order of their ids, as a summary holds them), in the same order. Ranks
// break ties by customer id: among equal values the smaller id ranks lower.
large_vector<Scores> score_customers(const large_vector<CustomerRow>& customers, std::int64_t as_of, int bins);

// A score 1..bins on the five-level scale of the segment map: 1 + round(4 * (score - 1) / (bins - 1)).
int five_level(int score, int bins);

// The segment of a customer by R and F scores (one of the 11 standard segments).
std::string_view segment(int r, int f, int bins);

// An RFM code held without allocation (at most "100-100-100").
struct RfmCode {
    char text[12];
    std::size_t length;
    std::string_view view() const noexcept { return {text, length}; }
};

// The RFM code: the three digits ("545") when bins <= 9, else the scores joined by '-' ("10-3-7").
RfmCode rfm_code(int r, int f, int m, int bins);

}  // namespace ecom::rfm
