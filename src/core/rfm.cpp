// RFM summary accumulation, merging and its versioned binary form.
#include "core/rfm.hpp"

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/serial.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ecom::rfm {

namespace {

constexpr std::uint32_t format_tag = 0x4d464645;  // "EFFM": ecom RFM summary
constexpr std::uint16_t format_version = 1;
constexpr std::int64_t ordered_at_unset = std::numeric_limits<std::int64_t>::min();

// Adds b to a, refusing to wrap around.
void add_checked(std::int64_t& a, std::int64_t b) {
    if (__builtin_add_overflow(a, b, &a))
        throw OutOfRange("rfm monetary total is out of range",
                         "A customer's amounts must add up to less than 9.2e12 in absolute value.");
}

// A summary that does not decode.
CorruptData corrupt(const std::string& what) {
    return CorruptData("rfm summary is corrupt: " + what, "The value was not produced by ecom.rfm_agg.");
}

}  // namespace

std::int64_t amount_to_units(double amount) {
    if (!std::isfinite(amount))
        throw InvalidArgument("amount must be a finite number",
                              "Filter out NaN and infinite amounts, or replace them with NULL.");
    const double units = std::round(amount * static_cast<double>(units_per_currency));
    if (!(std::fabs(units) < 9.2e18))
        throw OutOfRange("amount is out of range", "Amounts must be less than 9.2e12 in absolute value.");
    return static_cast<std::int64_t>(units);
}

void check_bins(int bins) {
    if (bins < min_bins || bins > max_bins)
        throw InvalidArgument("rfm bins must be between 2 and 100, got " + std::to_string(bins),
                              "Pass the number of score buckets, for example 5 for scores 1 to 5.");
}

Summary::Summary(std::pmr::memory_resource* memory) : table_(memory) {}

void Summary::configure(std::int64_t as_of, int bins) {
    if (bins_ == 0) {
        check_bins(bins);
        as_of_ = as_of;
        bins_ = bins;
        return;
    }
    if (as_of != as_of_ || bins != bins_)
        throw InvalidArgument("rfm as_of and bins must be the same for every row",
                              "Pass constants (or one value per group) for as_of and bins.");
}

CustomerTotals& Summary::entry(std::string_view customer) {
    return table_.value(table_.find_or_add(customer, CustomerTotals{ordered_at_unset, 0, 0}));
}

void Summary::add(std::string_view customer, std::int64_t ordered_at, std::int64_t amount_units) {
    if (ordered_at > as_of_) {
        ++skipped_.after_as_of;
        return;
    }
    CustomerTotals& totals = entry(customer);
    totals.last_order = std::max(totals.last_order, ordered_at);
    ++totals.orders;
    add_checked(totals.amount_units, amount_units);
}

void Summary::merge(const Summary& other) {
    if (other.configured()) configure(other.as_of_, other.bins_);
    skipped_.null_key += other.skipped_.null_key;
    skipped_.after_as_of += other.skipped_.after_as_of;
    table_.reserve(table_.size() + other.table_.size());
    for (std::uint32_t i = 0; i < other.table_.size(); ++i) {
        poll_interrupts();
        const CustomerTotals& theirs = other.table_.value(i);
        CustomerTotals& mine = entry(other.table_.id(i));
        mine.last_order = std::max(mine.last_order, theirs.last_order);
        mine.orders += theirs.orders;
        add_checked(mine.amount_units, theirs.amount_units);
    }
}

std::vector<CustomerRow> Summary::customers() const {
    std::vector<CustomerRow> rows;
    rows.reserve(table_.size());
    for (const std::uint32_t i : byte_order(table_.ids())) rows.push_back({table_.id(i), table_.value(i)});
    return rows;
}

std::vector<char> Summary::serialize(bool in_customer_order) const {
    serial::Writer writer(format_tag, format_version);
    writer.put(as_of_);
    writer.put(static_cast<std::int32_t>(bins_));
    writer.put(skipped_.null_key);
    writer.put(skipped_.after_as_of);
    writer.put(static_cast<std::uint64_t>(table_.size()));
    writer.reserve(table_.size() * (sizeof(std::uint64_t) + sizeof(CustomerTotals) + 16));
    const auto put_customer = [&writer](std::string_view customer, const CustomerTotals& totals) {
        writer.put_array(customer.data(), customer.size());
        writer.put(totals.last_order);
        writer.put(totals.orders);
        writer.put(totals.amount_units);
    };
    if (in_customer_order) {
        for (const CustomerRow& row : customers()) put_customer(row.customer, row.totals);
    } else {
        for (std::uint32_t i = 0; i < table_.size(); ++i) put_customer(table_.id(i), table_.value(i));
    }
    return writer.bytes();
}

void Summary::deserialize(const char* data, std::size_t size) {
    serial::Reader reader(data, size, format_tag, format_version);
    table_.clear();
    as_of_ = reader.get<std::int64_t>();
    bins_ = reader.get<std::int32_t>();
    if (bins_ != 0 && (bins_ < min_bins || bins_ > max_bins)) throw corrupt("bins out of range");
    skipped_.null_key = reader.get<std::uint64_t>();
    skipped_.after_as_of = reader.get<std::uint64_t>();
    const auto count = reader.get<std::uint64_t>();
    if (count > 0 && bins_ == 0) throw corrupt("customers without as_of and bins");
    constexpr std::size_t min_customer_bytes = 4 * sizeof(std::int64_t);
    if (count > size / min_customer_bytes) throw corrupt("too many customers for its size");
    table_.reserve(count);
    std::string customer;
    bool ascending = true;  // ids so far strictly ascending (as the final function writes them): no hashing
    for (std::uint64_t i = 0; i < count; ++i) {
        poll_interrupts();
        reader.get_array<char>(customer);
        CustomerTotals totals;
        totals.last_order = reader.get<std::int64_t>();
        totals.orders = reader.get<std::int64_t>();
        totals.amount_units = reader.get<std::int64_t>();
        std::int64_t age = 0;
        if (totals.orders < 1 || totals.last_order > as_of_ || __builtin_sub_overflow(as_of_, totals.last_order, &age))
            throw corrupt("impossible customer totals");
        ascending = ascending && (table_.size() == 0 || table_.id(static_cast<std::uint32_t>(table_.size() - 1)) < customer);
        if (ascending) {
            table_.append_new(customer, totals);
            continue;
        }
        CustomerTotals& stored = entry(customer);
        if (stored.orders != 0) throw corrupt("a customer appears twice");
        stored = totals;
    }
    reader.finish();
}

}  // namespace ecom::rfm
