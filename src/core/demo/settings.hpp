// The arguments of ecom.generate_demo_data, checked: every bad value is an InvalidArgument naming it.
#pragma once
#include "core/demo/calendar.hpp"

#include <cstdint>
#include <optional>

namespace ecom::demo {

// The raw SQL arguments; an empty optional is a SQL NULL.
struct Arguments {
    std::optional<std::int64_t> customers;
    std::optional<std::int64_t> days;
    std::optional<std::int64_t> start_day;  // days since 1970-01-01
    std::optional<std::int64_t> seed;
    std::optional<double> dirty_fraction;
};

// The validated parameters of one simulation.
struct Settings {
    std::uint32_t customers = 0;
    std::int32_t days = 0;
    std::int64_t start_day = 0;  // days since 1970-01-01
    std::int64_t seed = 0;
    double dirty_fraction = 0;

    // First second of the simulated period.
    std::int64_t start() const { return start_day * seconds_per_day; }
    // First second after the simulated period: every business state is "as of" this instant.
    std::int64_t end() const { return (start_day + days) * seconds_per_day; }
};

constexpr std::int64_t max_customers = 10'000'000;
constexpr std::int64_t max_days = 3660;

// Checks the arguments; throws ecom::InvalidArgument whose hint names the offending argument.
Settings validate(const Arguments& arguments);

}  // namespace ecom::demo
