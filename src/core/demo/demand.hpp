// The demand curve of the simulated shop: a daily multiplier made of a growth trend, weekly and yearly
// seasonality, holiday peaks (Black Friday, Cyber Monday, December) and campaign uplift, plus the
// hour-of-day profile. Customers buy as Poisson processes whose rate follows this curve.
#pragma once
#include "core/demo/campaigns.hpp"
#include "core/demo/rng.hpp"
#include "core/demo/settings.hpp"

#include <cstdint>
#include <vector>

namespace ecom::demo {

// Demand intensity over the period and time changes between "demand position" and calendar time.
class DemandCurve {
public:
    DemandCurve(const Settings& settings, const Campaigns& campaigns);
    // The multiplier of a day of the period (0-based index).
    double multiplier(std::int64_t day_index) const { return multiplier_[static_cast<std::size_t>(day_index)]; }
    // The integral of the multiplier from the period start to time t (in multiplier-days).
    double position(std::int64_t t) const;
    // The integral over the whole period.
    double total() const { return cumulative_.back(); }
    // The day index where the integral reaches `position` (0 <= position < total()).
    std::int64_t day_at(double position) const;
    // A time of day in seconds drawn from the hour-of-day profile.
    static std::int64_t time_of_day(Rng& rng);
private:
    std::int64_t start_;
    std::vector<double> multiplier_;
    std::vector<double> cumulative_;  // cumulative_[d] = sum of multipliers of days before d
};

}  // namespace ecom::demo
