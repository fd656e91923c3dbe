// Turning one customer's purchases into the calibration summary the CLV models use, the way the papers do:
// purchases are counted per day, the first purchase day is time 0, and only repeat days count in x.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

namespace ecom::clv {

// One purchase: a day number (any epoch, one step per calendar day) and its value.
struct Purchase {
    std::int64_t day;
    double amount;
};

// x = repeat purchase days, t_x = time of the last one, T = time to the end of calibration (in `unit` days),
// mean_spend = mean value of the repeat purchase days (a day's purchases summed), 0 when x = 0.
struct RfmSummary {
    int x;
    double t_x;
    double T;
    double mean_spend;
};

// Summarises purchases up to and including calibration_end; later ones are ignored. Returns nothing when
// the customer had no purchase by then (not yet acquired). Throws InvalidArgument for a non-positive unit,
// negative or non-finite amounts.
std::optional<RfmSummary> summarize_purchases(std::vector<Purchase> purchases, std::int64_t calibration_end,
                                              double unit_days = 7);

}  // namespace ecom::clv
