// Per-customer calibration summaries (x, t_x, T) as the BG/NBD and Pareto/NBD likelihoods consume them.
#pragma once
#include <vector>

namespace ecom::clv {

// `count` customers with x repeat purchases, the last at t_x, observed until T (t_x and T in one time unit).
struct CustomerGroup {
    int x;
    double t_x;
    double T;
    double count;
};

// Throws InvalidArgument unless (x, t_x, T) is a possible calibration summary.
void check_customer(int x, double t_x, double T);

// Throws InvalidArgument unless t is a usable prediction horizon (non-negative, finite).
void check_horizon(double t);

// Validates every row, sorts by (x, t_x, T) and merges equal triples, so results do not depend on input order.
std::vector<CustomerGroup> group_customers(std::vector<CustomerGroup> rows);

// Total number of customers in grouped rows.
double total_customers(const std::vector<CustomerGroup>& groups);

}  // namespace ecom::clv
