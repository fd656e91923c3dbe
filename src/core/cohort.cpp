// Cohort summary accumulation, merging, its versioned binary form and the cohort table.
#include "core/cohort.hpp"

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/serial.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

namespace ecom::cohort {

namespace {

constexpr std::uint32_t format_tag = 0x48434645;  // "EFCH": ecom cohort summary
constexpr std::uint16_t format_version = 1;
constexpr std::int64_t micros_per_day = 86400LL * 1000000LL;
constexpr std::int64_t monday_day = 2;  // 2000-01-03, the first Monday after the epoch (a Saturday)

// Floor division (rounds towards minus infinity).
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Days since 2000-01-01 of the proleptic Gregorian date year-month-01 (month 1..12).
std::int64_t days_from_month(std::int64_t year, std::int64_t month) {
    // Count from 0000-03-01 so that the leap day ends a year; 730425 is 2000-01-01 on that count.
    const std::int64_t y = month <= 2 ? year - 1 : year;
    const std::int64_t m = month <= 2 ? month + 9 : month - 3;  // March = 0
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t day_of_year = (153 * m + 2) / 5;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 730425;
}

// Months since 2000-01 of the date `days` days after 2000-01-01.
std::int64_t month_of_day(std::int64_t days) {
    const std::int64_t z = days + 730425;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t day_of_era = z - era * 146097;
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t m = (5 * day_of_year + 2) / 153;  // March = 0
    const std::int64_t year = year_of_era + era * 400 + (m >= 10 ? 1 : 0);
    const std::int64_t month = m < 10 ? m + 3 : m - 9;
    return (year - 2000) * 12 + (month - 1);
}

// Adds b to a, refusing to wrap around.
void add_checked(std::int64_t& a, std::int64_t b) {
    if (__builtin_add_overflow(a, b, &a))
        throw OutOfRange("cohort revenue is out of range",
                         "Amounts must add up to less than 9.2e12 in absolute value per customer and period.");
}

// The activity key of customer `index` in period `period`.
std::uint64_t activity_key(std::uint32_t index, std::int64_t period) {
    return (static_cast<std::uint64_t>(index) << 32) | static_cast<std::uint32_t>(static_cast<std::int32_t>(period));
}

// A summary that does not decode.
CorruptData corrupt(const std::string& what) {
    return CorruptData("cohort summary is corrupt: " + what, "The value was not produced by ecom.cohort_agg.");
}

// Spreads a key over the table's bits (Fibonacci hashing).
std::uint64_t mix(std::uint64_t key) noexcept { return (key ^ (key >> 31)) * 0x9e3779b97f4a7c15ULL; }

}  // namespace

std::int64_t& ActivityTable::operator[](std::uint64_t key) {
    if (2 * (used_ + 1) > cells_.size()) grow();
    const std::size_t mask = cells_.size() - 1;
    for (std::size_t i = mix(key) >> 32 & mask;; i = (i + 1) & mask) {
        Cell& cell = cells_[i];
        if (cell.key == key) return cell.units;
        if (cell.key == empty_key) {
            cell.key = key;
            ++used_;
            return cell.units;
        }
    }
}

void ActivityTable::grow() {
    std::pmr::vector<Cell> old(cells_.size() * 2, Cell{}, cells_.get_allocator());
    old.swap(cells_);
    const std::size_t mask = cells_.size() - 1;
    for (const Cell& cell : old) {
        if (cell.key == empty_key) continue;
        std::size_t i = mix(cell.key) >> 32 & mask;
        while (cells_[i].key != empty_key) i = (i + 1) & mask;
        cells_[i] = cell;
    }
}

Grain parse_grain(std::string_view name) {
    if (name == "day") return Grain::day;
    if (name == "week") return Grain::week;
    if (name == "month") return Grain::month;
    throw InvalidArgument("cohort grain must be day, week or month, got \"" + std::string(name) + "\"",
                          "Pass 'day', 'week' or 'month'.");
}

void check_horizon(int horizon) {
    if (horizon < 0 || horizon > max_horizon)
        throw InvalidArgument("cohort horizon must be between 0 and " + std::to_string(max_horizon) + ", got " +
                                  std::to_string(horizon),
                              "Pass the number of periods to follow each cohort for, for example 12 months.");
}

std::int64_t period_of(std::int64_t micros, Grain grain) {
    const std::int64_t day = floor_div(micros, micros_per_day);
    switch (grain) {
    case Grain::day: return day;
    case Grain::week: return floor_div(day - monday_day, 7);
    case Grain::month: return month_of_day(day);
    }
    throw InvalidArgument("cohort grain is unknown", "Pass 'day', 'week' or 'month'.");
}

std::int64_t period_start(std::int64_t period, Grain grain) {
    switch (grain) {
    case Grain::day: return period * micros_per_day;
    case Grain::week: return (period * 7 + monday_day) * micros_per_day;
    case Grain::month: return days_from_month(2000 + floor_div(period, 12), period - floor_div(period, 12) * 12 + 1) *
                              micros_per_day;
    }
    throw InvalidArgument("cohort grain is unknown", "Pass 'day', 'week' or 'month'.");
}

Summary::Summary(std::pmr::memory_resource* memory)
    : memory_(memory), customers_(memory), activity_(memory) {}

void Summary::configure(Grain grain, int horizon) {
    if (horizon_ < 0) {
        check_horizon(horizon);
        grain_ = grain;
        horizon_ = horizon;
    } else if (grain != grain_ || horizon != horizon_) {
        throw InvalidArgument("cohort grain and horizon must be the same for every row of a group",
                              "Pass constants, not columns, as grain and horizon.");
    }
}

std::uint32_t Summary::customer_index(std::string_view customer, std::int64_t first_period) {
    const std::uint32_t index = customers_.find_or_add(customer, first_period);
    std::int64_t& cohort = customers_.value(index);
    cohort = std::min(cohort, first_period);
    return index;
}

void Summary::add_activity(std::uint32_t index, std::int64_t period, std::int64_t units) {
    add_checked(activity_[activity_key(index, period)], units);
}

void Summary::add(std::string_view customer, std::int64_t first_order_at, std::int64_t event_at, std::int64_t units) {
    const std::uint32_t index = customer_index(customer, period_of(first_order_at, grain_));
    add_activity(index, period_of(event_at, grain_), units);
}

void Summary::merge(const Summary& other) {
    if (!other.configured()) return;
    configure(other.grain_, other.horizon_);
    skipped_.null_key += other.skipped_.null_key;
    std::pmr::vector<std::uint32_t> mapped(other.customers_.size(), memory_);
    for (std::uint32_t i = 0; i < other.customers_.size(); ++i)
        mapped[i] = customer_index(other.customers_.id(i), other.customers_.value(i));
    other.activity_.for_each([&](std::uint64_t key, std::int64_t units) {
        add_activity(mapped[key >> 32], static_cast<std::int32_t>(static_cast<std::uint32_t>(key)), units);
    });
}

std::size_t Summary::encode(const std::function<char*(std::size_t)>& allocate, bool in_customer_order) const {
    large_vector<std::uint32_t> order(customers_.size());
    if (in_customer_order) {
        order = byte_order(customers_.ids());
    } else {
        for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    }
    // Activity grouped by customer (a counting sort on the customer index), periods ascending within each.
    large_vector<std::size_t> begin(customers_.size() + 1, 0);
    activity_.for_each([&](std::uint64_t key, std::int64_t) { ++begin[(key >> 32) + 1]; });
    for (std::size_t i = 1; i < begin.size(); ++i) begin[i] += begin[i - 1];
    large_vector<std::pair<std::int32_t, std::int64_t>> activity(activity_.size());
    large_vector<std::size_t> next(begin.begin(), begin.end() - 1);
    activity_.for_each([&](std::uint64_t key, std::int64_t units) {
        activity[next[key >> 32]++] = {static_cast<std::int32_t>(static_cast<std::uint32_t>(key)), units};
    });
    for (std::size_t i = 0; i < customers_.size(); ++i) {
        if (i % 65536 == 0) poll_interrupts();
        std::sort(activity.begin() + begin[i], activity.begin() + begin[i + 1]);
    }

    serial::Writer header(format_tag, format_version);
    header.put(static_cast<std::int32_t>(grain_));
    header.put(static_cast<std::int32_t>(horizon_));
    header.put(static_cast<std::uint64_t>(skipped_.null_key));
    header.put(static_cast<std::uint64_t>(customers_.size()));
    constexpr std::size_t per_customer = 3 * sizeof(std::uint64_t);  // id length, cohort, period count
    constexpr std::size_t per_period = sizeof(std::int32_t) + sizeof(std::int64_t);
    std::size_t size = header.bytes().size() + activity.size() * per_period;
    for (std::uint32_t i = 0; i < customers_.size(); ++i) size += per_customer + customers_.id(i).size();
    serial::FixedWriter out(allocate(size));
    out.put_bytes(header.bytes().data(), header.bytes().size());
    for (const std::uint32_t i : order) {
        const std::string_view id = customers_.id(i);
        out.put_array(id.data(), id.size());
        out.put(customers_.value(i));
        out.put(static_cast<std::uint64_t>(begin[i + 1] - begin[i]));
        for (std::size_t k = begin[i]; k < begin[i + 1]; ++k) {
            out.put(activity[k].first);
            out.put(activity[k].second);
        }
    }
    return size;
}

std::vector<char> Summary::serialize(bool in_customer_order) const {
    std::vector<char> bytes;
    encode([&bytes](std::size_t size) {
        bytes.resize(size);
        return bytes.data();
    }, in_customer_order);
    return bytes;
}

void Summary::deserialize(const char* data, std::size_t size) {
    serial::Reader in(data, size, format_tag, format_version);
    const auto grain = in.get<std::int32_t>();
    const auto horizon = in.get<std::int32_t>();
    if (grain < 1 || grain > 3) throw corrupt("unknown grain");
    if (horizon < 0 || horizon > max_horizon) throw corrupt("horizon out of range");
    Summary result(memory_);
    result.configure(static_cast<Grain>(grain), horizon);
    result.skipped_.null_key = in.get<std::uint64_t>();
    const auto customers = in.get<std::uint64_t>();
    if (customers > size) throw corrupt("customer count exceeds the data");
    std::string id;
    for (std::uint64_t c = 0; c < customers; ++c) {
        if (c % 4096 == 0) poll_interrupts();
        in.get_array<char>(id);
        const auto first = in.get<std::int64_t>();
        if (first < INT32_MIN || first > INT32_MAX) throw corrupt("cohort period out of range");
        const std::size_t before = result.customers_.size();
        const std::uint32_t index = result.customer_index(id, first);
        if (result.customers_.size() == before) throw corrupt("customer listed twice");
        const auto periods = in.get<std::uint64_t>();
        if (periods > size) throw corrupt("period count exceeds the data");
        for (std::uint64_t p = 0; p < periods; ++p) {
            const auto period = in.get<std::int32_t>();
            result.add_activity(index, period, in.get<std::int64_t>());
        }
    }
    in.finish();
    *this = std::move(result);
}

std::vector<CohortRow> Summary::table() const {
    const std::vector<char> bytes = serialize();
    return table_of(read_encoded(bytes.data(), bytes.size()));
}

namespace {

// Reads and checks the grain, horizon, skipped rows and customer count of an encoded summary of `size` bytes.
EncodedSummary read_header(serial::Reader& in, std::size_t size, std::uint64_t& customers) {
    EncodedSummary summary;
    const auto grain = in.get<std::int32_t>();
    const auto horizon = in.get<std::int32_t>();
    if (grain < 1 || grain > 3) throw corrupt("unknown grain");
    if (horizon < 0 || horizon > max_horizon) throw corrupt("horizon out of range");
    summary.grain = static_cast<Grain>(grain);
    summary.horizon = horizon;
    summary.skipped.null_key = in.get<std::uint64_t>();
    customers = in.get<std::uint64_t>();
    if (customers > size) throw corrupt("customer count exceeds the data");
    return summary;
}

}  // namespace

EncodedSummary read_encoded(const char* data, std::size_t size) {
    serial::Reader in(data, size, format_tag, format_version);
    std::uint64_t count = 0;
    EncodedSummary summary = read_header(in, size, count);
    large_vector<EncodedCustomer>& customers = summary.customers;
    customers.reserve(count);
    bool ascending = true;  // as the final function writes them: no customer can be listed twice
    constexpr std::size_t per_period = sizeof(std::int32_t) + sizeof(std::int64_t);
    for (std::uint64_t c = 0; c < count; ++c) {
        if (c % 4096 == 0) poll_interrupts();
        EncodedCustomer customer;
        customer.id = in.get_chars();
        customer.cohort = in.get<std::int64_t>();
        if (customer.cohort < INT32_MIN || customer.cohort > INT32_MAX) throw corrupt("cohort period out of range");
        customer.periods = in.get<std::uint64_t>();
        if (customer.periods > in.remaining() / per_period) throw corrupt("period count exceeds the data");
        customer.activity = data + (size - in.remaining());
        std::int32_t previous = 0;
        for (std::uint64_t p = 0; p < customer.periods; ++p) {
            const auto period = in.get<std::int32_t>();
            in.get<std::int64_t>();
            if (p > 0 && period <= previous) throw corrupt("a customer's periods are not ascending");
            previous = period;
        }
        ascending = ascending && (customers.empty() || customers.back().id < customer.id);
        customers.push_back(customer);
    }
    in.finish();
    if (ascending) return summary;
    large_vector<std::string_view> ids(customers.size());
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = customers[i].id;
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) throw corrupt("customer listed twice");
    return summary;
}

std::vector<CohortRow> table_of(const EncodedSummary& summary) {
    struct Cohort {
        std::int64_t size = 0;
        std::vector<std::int64_t> active, units;
    };
    const auto& customers = summary.customers;
    const int horizon = summary.horizon;
    const auto period_at = [](const EncodedCustomer& customer, std::uint64_t k, std::int64_t* units) {
        const char* at = customer.activity + k * (sizeof(std::int32_t) + sizeof(std::int64_t));
        std::int32_t period = 0;
        std::memcpy(&period, at, sizeof period);
        if (units != nullptr) std::memcpy(units, at + sizeof period, sizeof *units);
        return static_cast<std::int64_t>(period);
    };
    // The latest period seen bounds the offsets listed (later ones have not happened yet).
    std::int64_t latest = INT64_MIN;
    large_vector<std::int64_t> starts(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) {
        starts[i] = customers[i].cohort;
        latest = std::max(latest, customers[i].cohort);
        if (customers[i].periods > 0) latest = std::max(latest, period_at(customers[i], customers[i].periods - 1, nullptr));
    }
    const auto width = [&](std::int64_t cohort) {
        return static_cast<std::size_t>(std::min<std::int64_t>(horizon, latest - cohort) + 1);
    };
    // Cohorts in time order; each customer's activity is added to its cohort in one pass.
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    std::vector<Cohort> cohorts(starts.size());
    for (std::size_t i = 0; i < customers.size(); ++i) {
        if (i % 65536 == 0) poll_interrupts();
        const EncodedCustomer& customer = customers[i];
        const auto at = static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), customer.cohort) - starts.begin());
        Cohort& cohort = cohorts[at];
        if (cohort.size++ == 0) {
            cohort.active.assign(width(customer.cohort), 0);
            cohort.units.assign(width(customer.cohort), 0);
        }
        for (std::uint64_t k = 0; k < customer.periods; ++k) {
            std::int64_t units = 0;
            const std::int64_t offset = period_at(customer, k, &units) - customer.cohort;
            if (offset < 0 || offset > horizon) continue;
            ++cohort.active[static_cast<std::size_t>(offset)];
            add_checked(cohort.units[static_cast<std::size_t>(offset)], units);
        }
    }
    std::vector<CohortRow> rows;
    for (std::size_t c = 0; c < cohorts.size(); ++c) {
        const std::int64_t period = starts[c];
        const Cohort& cohort = cohorts[c];
        std::int64_t cumulative = 0;
        for (std::size_t k = 0; k < cohort.active.size(); ++k) {
            CohortRow row;
            row.cohort_start = period_start(period, summary.grain);
            row.offset = static_cast<int>(k);
            row.cohort_size = cohort.size;
            row.active = cohort.active[k];
            row.retention = static_cast<double>(row.active) / static_cast<double>(row.cohort_size);
            row.revenue_units = cohort.units[k];
            add_checked(cumulative, cohort.units[k]);
            row.cumulative_units = cumulative;
            // Round half away from zero: |q| + (2|r| >= size).
            const std::int64_t q = cumulative / cohort.size, r = cumulative % cohort.size;
            const bool up = 2 * (r < 0 ? -r : r) >= cohort.size;
            row.ltv_units = up ? (cumulative < 0 ? q - 1 : q + 1) : q;
            rows.push_back(row);
        }
    }
    return rows;
}

}  // namespace ecom::cohort
