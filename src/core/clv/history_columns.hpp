// Grouped customer histories as columns in runs of equal frequency x, for likelihoods evaluated a block
// of customers at a time (vectorised logarithms and exponentials, per-x terms once per run).
#pragma once
#include <vector>

#include "core/clv/customers.hpp"
#include "core/linalg.hpp"

namespace ecom::clv {

// The rows [begin, begin + size) of the columns, all with frequency x; customers = their summed count.
struct FrequencyRun {
    int x;
    Eigen::Index begin;
    Eigen::Index size;
    double customers;
};

// t_x, T and count of every group, in the order of group_customers() (sorted by x first).
struct HistoryColumns {
    std::vector<FrequencyRun> runs;
    Eigen::ArrayXd t_x;
    Eigen::ArrayXd T;
    Eigen::ArrayXd count;
};

// The columns of groups from group_customers().
HistoryColumns history_columns(const std::vector<CustomerGroup>& groups);

// Rows per block of a vectorised likelihood pass: the block's temporaries stay in the L1 cache.
constexpr Eigen::Index history_block_rows = 512;

}  // namespace ecom::clv
