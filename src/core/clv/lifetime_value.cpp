#include "core/clv/lifetime_value.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace ecom::clv {

double discounted_clv(const std::function<double(double)>& expected_purchases, double expected_spend,
                      const ClvHorizon& horizon) {
    if (horizon.months < 1 || horizon.months > 1200)
        throw InvalidArgument("CLV horizon must be between 1 and 1200 months", "Pass the number of months to value.");
    if (!(horizon.monthly_discount >= 0) || !std::isfinite(horizon.monthly_discount))
        throw InvalidArgument("monthly discount rate must be a non-negative finite number",
                              "For 10% a year use about 0.008 a month.");
    if (!(horizon.units_per_month > 0) || !std::isfinite(horizon.units_per_month))
        throw InvalidArgument("units per month must be a positive number",
                              "Give the length of a month in the model's time unit (4.348 for weeks).");
    if (!(expected_spend >= 0) || !std::isfinite(expected_spend))
        throw InvalidArgument("expected spend must be a non-negative finite number", "Pass a value per transaction.");
    double value = 0, previous = 0;
    for (int m = 1; m <= horizon.months; ++m) {
        const double cumulative = expected_purchases(m * horizon.units_per_month);
        value += (cumulative - previous) * expected_spend / std::pow(1 + horizon.monthly_discount, m);
        previous = cumulative;
    }
    return value;
}

}  // namespace ecom::clv
