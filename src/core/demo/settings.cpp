// Validation of the generator's arguments.
#include "core/demo/settings.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <sstream>
#include <string>

namespace ecom::demo {

namespace {

// Throws unless the argument was given (not NULL).
template <typename T>
T required(const std::optional<T>& value, const char* name, const char* meaning) {
    if (!value)
        throw InvalidArgument(std::string("argument ") + name + " must not be null",
                              std::string("Pass ") + meaning + " as argument " + name + ".");
    return *value;
}

// Throws unless lo <= value <= hi.
void check_range(std::int64_t value, std::int64_t lo, std::int64_t hi, const char* name, const char* meaning) {
    if (value < lo || value > hi)
        throw InvalidArgument(std::string("argument ") + name + " is out of range: " + std::to_string(value),
                              std::string("Argument ") + name + " (" + meaning + ") must be between " +
                                  std::to_string(lo) + " and " + std::to_string(hi) + ".");
}

}  // namespace

Settings validate(const Arguments& arguments) {
    Settings settings;
    const auto customers = required(arguments.customers, "customers", "the number of customers to simulate");
    check_range(customers, 1, max_customers, "customers", "the number of customers to simulate");
    settings.customers = static_cast<std::uint32_t>(customers);

    const auto days = required(arguments.days, "days", "the length of the simulated period in days");
    check_range(days, 1, max_days, "days", "the length of the simulated period in days");
    settings.days = static_cast<std::int32_t>(days);

    const auto start = required(arguments.start_day, "start_date", "the first day of the simulated period");
    const std::int64_t first = days_from_civil(1900, 1, 1), last = days_from_civil(2199, 12, 31);
    if (start < first || start > last)
        throw InvalidArgument("argument start_date is out of range",
                              "Argument start_date must be a finite date between 1900-01-01 and 2199-12-31.");
    settings.start_day = start;

    settings.seed = required(arguments.seed, "seed", "the random seed (any integer)");

    const double dirty = required(arguments.dirty_fraction, "dirty_fraction",
                                  "the fraction of faulty rows (0 for clean data)");
    if (!(dirty >= 0.0 && dirty <= 1.0)) {
        std::ostringstream shown;
        shown << dirty;
        throw InvalidArgument("argument dirty_fraction is out of range: " + shown.str(),
                              "Argument dirty_fraction (the fraction of faulty rows) must be between 0 and 1.");
    }
    settings.dirty_fraction = dirty;
    return settings;
}

}  // namespace ecom::demo
