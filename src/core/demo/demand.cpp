// The daily demand multiplier and its cumulative integral.
#include "core/demo/demand.hpp"

#include "core/demo/calendar.hpp"

#include <algorithm>
#include <cmath>

namespace ecom::demo {

namespace {

constexpr double weekly[7] = {1.12, 1.06, 1.0, 0.97, 0.97, 0.93, 0.95};  // Sunday first
constexpr double hourly[24] = {0.9, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.0, 1.4, 1.6, 1.7, 1.8,
                               2.0, 1.9, 1.8, 1.8, 1.9, 2.1, 2.4, 2.7, 2.9, 2.7, 2.1, 1.5};
constexpr double yearly_amplitude = 0.12;
constexpr double growth_per_year = 0.25;
constexpr double campaign_uplift = 0.15;

// The holiday factor of a calendar day: Black Friday weekend, Cyber Monday, December, Christmas, New Year.
double holiday_factor(std::int64_t day) {
    const CivilDate date = civil_from_days(day);
    const std::int64_t friday = black_friday(date.year);
    if (day == friday) return 3.0;
    if (day == friday + 1 || day == friday + 2) return 1.8;
    if (day == friday + 3) return 2.5;
    if (date.month == 12 && date.day <= 18) return 1.25;
    if (date.month == 12 && date.day == 24) return 0.8;
    if (date.month == 12 && date.day == 25) return 0.5;
    if (date.month == 1 && date.day == 1) return 0.6;
    return 1.0;
}

}  // namespace

DemandCurve::DemandCurve(const Settings& settings, const Campaigns& campaigns)
    : start_(settings.start()),
      multiplier_(static_cast<std::size_t>(settings.days)),
      cumulative_(static_cast<std::size_t>(settings.days) + 1, 0.0) {
    for (std::int64_t i = 0; i < settings.days; ++i) {
        const std::int64_t day = settings.start_day + i;
        const CivilDate date = civil_from_days(day);
        const double day_of_year = static_cast<double>(day - days_from_civil(date.year, 1, 1));
        const double yearly = 1.0 + yearly_amplitude * std::cos(6.283185307179586 * (day_of_year - 340.0) / 365.25);
        const double trend = 1.0 + growth_per_year * static_cast<double>(i) / 365.0;
        const double uplift = 1.0 + campaign_uplift * campaigns.active_count(i);
        const auto index = static_cast<std::size_t>(i);
        multiplier_[index] = trend * weekly[weekday(day)] * yearly * holiday_factor(day) * uplift;
        cumulative_[index + 1] = cumulative_[index] + multiplier_[index];
    }
}

double DemandCurve::position(std::int64_t t) const {
    if (t <= start_) return 0.0;
    const std::int64_t index = (t - start_) / seconds_per_day;
    if (index >= static_cast<std::int64_t>(multiplier_.size())) return total();
    const double fraction = static_cast<double>((t - start_) % seconds_per_day) / seconds_per_day;
    return cumulative_[static_cast<std::size_t>(index)] + fraction * multiplier_[static_cast<std::size_t>(index)];
}

std::int64_t DemandCurve::day_at(double position) const {
    const auto above = std::upper_bound(cumulative_.begin(), cumulative_.end(), position);
    const auto index = static_cast<std::int64_t>(above - cumulative_.begin()) - 1;
    return std::clamp<std::int64_t>(index, 0, static_cast<std::int64_t>(multiplier_.size()) - 1);
}

std::int64_t DemandCurve::time_of_day(Rng& rng) {
    static constexpr double total = [] {
        double sum = 0;
        for (const double weight : hourly) sum += weight;
        return sum;
    }();
    double target = rng.uniform() * total;
    int hour = 0;
    while (hour < 23 && target >= hourly[hour]) target -= hourly[hour++];
    return hour * seconds_per_hour + static_cast<std::int64_t>(rng.below(seconds_per_hour));
}

}  // namespace ecom::demo
