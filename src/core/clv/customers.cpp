#include "core/clv/customers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/errors.hpp"

namespace ecom::clv {

namespace {
// A number for an error message, as short as it can be.
std::string show(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}
}  // namespace

void check_customer(int x, double t_x, double T) {
    if (x < 0)
        throw InvalidArgument("frequency x must not be negative (got " + std::to_string(x) + ")",
                              "x counts repeat purchase days after the first purchase.");
    if (!std::isfinite(t_x) || !std::isfinite(T))
        throw InvalidArgument("recency t_x and age T (t_cal) must be finite numbers",
                              "Remove rows with NaN or infinite t_x or T.");
    if (T <= 0)
        throw InvalidArgument("customer age T (t_cal) must be positive (got " + show(T) + ")",
                              "T is the time from the first purchase to the end of the calibration period; "
                              "leave out customers acquired on its last day.");
    if (t_x < 0 || t_x > T)
        throw InvalidArgument("recency t_x must lie between 0 and T (got t_x = " + show(t_x) + ", T = " + show(T) + ")",
                              "t_x is the time from the first to the last repeat purchase, so 0 <= t_x <= T.");
    if (x == 0 && t_x != 0)
        throw InvalidArgument("recency t_x must be 0 for a customer without repeat purchases",
                              "Set t_x = 0 where x = 0.");
}

void check_horizon(double t) {
    if (!(t >= 0) || !std::isfinite(t))
        throw InvalidArgument("horizon t must be a non-negative finite number (got " + show(t) + ")",
                              "t is the length of the prediction period in the model's time unit.");
}

std::vector<CustomerGroup> group_customers(std::vector<CustomerGroup> rows) {
    if (rows.empty())
        throw InvalidArgument("no customers to fit", "The model needs at least one customer summary (x, t_x, T).");
    bool any_repeat = false;
    for (const CustomerGroup& row : rows) {
        check_customer(row.x, row.t_x, row.T);
        if (!(row.count > 0) || !std::isfinite(row.count))
            throw InvalidArgument("customer count must be a positive finite number", "Each row stands for at least one customer.");
        any_repeat = any_repeat || row.x > 0;
    }
    if (!any_repeat)
        throw InvalidArgument("all frequencies are zero",
                              "The model needs at least one customer with a repeat purchase in the calibration period.");
    std::sort(rows.begin(), rows.end(), [](const CustomerGroup& l, const CustomerGroup& r) {
        if (l.x != r.x) return l.x < r.x;
        if (l.t_x != r.t_x) return l.t_x < r.t_x;
        return l.T < r.T;
    });
    std::vector<CustomerGroup> merged;
    for (const CustomerGroup& row : rows) {
        if (!merged.empty() && merged.back().x == row.x && merged.back().t_x == row.t_x && merged.back().T == row.T)
            merged.back().count += row.count;
        else
            merged.push_back(row);
    }
    return merged;
}

double total_customers(const std::vector<CustomerGroup>& groups) {
    double n = 0;
    for (const CustomerGroup& g : groups) n += g.count;
    return n;
}

}  // namespace ecom::clv
