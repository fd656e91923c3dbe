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

// FNV-1a hash of a customer id, with the top bit set so that 0 can mark an empty slot.
std::uint64_t hash_of(std::string_view key) noexcept {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : key) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return (hash ^ (hash >> 29)) | (1ULL << 63);
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

Summary::Summary(std::pmr::memory_resource* memory) : slots_(16, memory), keys_(memory) {}

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

std::string_view Summary::key_of(const Slot& slot) const noexcept {
    if (slot.length <= inline_key_bytes) return {slot.inline_key, slot.length};
    return {keys_.data() + slot.offset, slot.length};
}

void Summary::grow() {
    std::pmr::vector<Slot> bigger(slots_.size() * 2, slots_.get_allocator());
    const std::size_t mask = bigger.size() - 1;
    for (const Slot& slot : slots_) {
        if (slot.hash == 0) continue;
        std::size_t i = slot.hash & mask;
        while (bigger[i].hash != 0) i = (i + 1) & mask;
        bigger[i] = slot;
    }
    slots_.swap(bigger);
}

void Summary::reserve(std::size_t customers) {
    while (customers * 10 > slots_.size() * 7) grow();
}

CustomerTotals& Summary::entry(std::string_view customer) {
    if (customer.size() > std::numeric_limits<std::uint32_t>::max() / 2)
        throw InvalidArgument("rfm customer id is too long", "Use customer ids shorter than 2 GB.");
    const std::uint64_t hash = hash_of(customer);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    for (; slots_[i].hash != 0; i = (i + 1) & mask)
        if (slots_[i].hash == hash && key_of(slots_[i]) == customer) return slots_[i].totals;
    if ((used_ + 1) * 10 > slots_.size() * 7) {
        grow();
        return entry(customer);
    }
    Slot& slot = slots_[i];
    slot.hash = hash;
    slot.length = static_cast<std::uint32_t>(customer.size());
    if (customer.size() <= inline_key_bytes) {
        std::copy(customer.begin(), customer.end(), slot.inline_key);
    } else {
        if (keys_.size() + customer.size() > std::numeric_limits<std::uint32_t>::max())
            throw OutOfRange("rfm summary has too many long customer ids", "Keep the ids of one summary under 4 GB.");
        slot.offset = static_cast<std::uint32_t>(keys_.size());
        keys_.insert(keys_.end(), customer.begin(), customer.end());
    }
    slot.totals.last_order = ordered_at_unset;
    ++used_;
    return slot.totals;
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
    reserve(used_ + other.used_);
    for (const Slot& slot : other.slots_) {
        poll_interrupts();
        if (slot.hash == 0) continue;
        const CustomerTotals& theirs = slot.totals;
        CustomerTotals& mine = entry(other.key_of(slot));
        mine.last_order = std::max(mine.last_order, theirs.last_order);
        mine.orders += theirs.orders;
        add_checked(mine.amount_units, theirs.amount_units);
    }
}

std::vector<CustomerRow> Summary::customers() const {
    std::vector<CustomerRow> rows;
    rows.reserve(used_);
    for (const Slot& slot : slots_)
        if (slot.hash != 0) rows.push_back({key_of(slot), slot.totals});
    std::sort(rows.begin(), rows.end(),
              [](const CustomerRow& a, const CustomerRow& b) { return a.customer < b.customer; });
    return rows;
}

std::vector<char> Summary::serialize(bool in_customer_order) const {
    serial::Writer writer(format_tag, format_version);
    writer.put(as_of_);
    writer.put(static_cast<std::int32_t>(bins_));
    writer.put(skipped_.null_key);
    writer.put(skipped_.after_as_of);
    writer.put(static_cast<std::uint64_t>(used_));
    const auto put_customer = [&writer](std::string_view customer, const CustomerTotals& totals) {
        writer.put_array(customer.data(), customer.size());
        writer.put(totals.last_order);
        writer.put(totals.orders);
        writer.put(totals.amount_units);
    };
    if (in_customer_order) {
        for (const CustomerRow& row : customers()) put_customer(row.customer, row.totals);
    } else {
        for (const Slot& slot : slots_)
            if (slot.hash != 0) put_customer(key_of(slot), slot.totals);
    }
    return writer.bytes();
}

void Summary::deserialize(const char* data, std::size_t size) {
    serial::Reader reader(data, size, format_tag, format_version);
    slots_.assign(16, Slot{});
    keys_.clear();
    used_ = 0;
    as_of_ = reader.get<std::int64_t>();
    bins_ = reader.get<std::int32_t>();
    if (bins_ != 0 && (bins_ < min_bins || bins_ > max_bins)) throw corrupt("bins out of range");
    skipped_.null_key = reader.get<std::uint64_t>();
    skipped_.after_as_of = reader.get<std::uint64_t>();
    const auto count = reader.get<std::uint64_t>();
    if (count > 0 && bins_ == 0) throw corrupt("customers without as_of and bins");
    constexpr std::size_t min_customer_bytes = 4 * sizeof(std::int64_t);
    if (count > size / min_customer_bytes) throw corrupt("too many customers for its size");
    reserve(count);
    std::string customer;
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
        CustomerTotals& stored = entry(customer);
        if (stored.orders != 0) throw corrupt("a customer appears twice");
        stored = totals;
    }
    reader.finish();
}

}  // namespace ecom::rfm
