#include "core/clv/rfm.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace ecom::clv {

std::optional<RfmSummary> summarize_purchases(std::vector<Purchase> purchases, std::int64_t calibration_end,
                                              double unit_days) {
    if (!(unit_days > 0) || !std::isfinite(unit_days))
        throw InvalidArgument("time unit must be a positive number of days",
                              "Use 7 for weeks (the papers' unit), 1 for days, 30.4375 for average months.");
    for (const Purchase& p : purchases)
        if (!(p.amount >= 0) || !std::isfinite(p.amount))
            throw InvalidArgument("purchase amounts must be non-negative finite numbers",
                                  "Leave refunds and cancellations out of the purchase history.");
    purchases.erase(std::remove_if(purchases.begin(), purchases.end(),
                                   [&](const Purchase& p) { return p.day > calibration_end; }),
                    purchases.end());
    if (purchases.empty()) return std::nullopt;
    std::sort(purchases.begin(), purchases.end(),
              [](const Purchase& l, const Purchase& r) { return l.day != r.day ? l.day < r.day : l.amount < r.amount; });
    const std::int64_t first = purchases.front().day;
    int x = 0;
    double repeat_total = 0;
    for (std::size_t i = 0; i < purchases.size(); ++i) {
        if (purchases[i].day == first) continue;
        if (purchases[i].day != purchases[i - 1].day) ++x;
        repeat_total += purchases[i].amount;
    }
    const double t_x = static_cast<double>(purchases.back().day - first) / unit_days;
    const double T = static_cast<double>(calibration_end - first) / unit_days;
    return RfmSummary{x, t_x, T, x > 0 ? repeat_total / x : 0};
}

}  // namespace ecom::clv
