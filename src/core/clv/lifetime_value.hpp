// Customer lifetime value: expected purchases times expected spend, discounted month by month.
#pragma once
#include <functional>

namespace ecom::clv {

// How CLV is accumulated: over `months` months of `units_per_month` model time units each, discounting
// month m's value by (1 + monthly_discount)^m.
struct ClvHorizon {
    int months = 12;
    double monthly_discount = 0.01;
    double units_per_month = 30.4375 / 7;  // an average month in weeks, the papers' unit
};

// Sum over months m = 1..M of spend * (E(m u) - E((m-1) u)) / (1 + d)^m, where E(t) is the customer's
// expected number of purchases in (T, T + t] and u = units_per_month.
double discounted_clv(const std::function<double(double)>& expected_purchases, double expected_spend,
                      const ClvHorizon& horizon);

}  // namespace ecom::clv
